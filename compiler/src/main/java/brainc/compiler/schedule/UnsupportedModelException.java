package brainc.compiler.schedule;

/**
 * A construct that checks but that the execution backends do not run yet. The driver turns it
 * into a plain message, never a stack trace.
 */
public final class UnsupportedModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedModelException(String message) {
    super(message);
  }
}
