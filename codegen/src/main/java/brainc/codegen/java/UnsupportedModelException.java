package brainc.codegen.java;

/**
 * A model that the {@code java} target cannot simulate, such as a synapse whose handler reads a
 * vector. The message names the construct, for a one-line report.
 */
public final class UnsupportedModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedModelException(String message) {
    super(message);
  }
}
