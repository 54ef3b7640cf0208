package brainc.runtime.nab;

/**
 * A corpus, label, profile or results file that cannot be scored: missing, malformed, or not
 * matching the corpus. The message names the file, and the line where there is one.
 */
public final class NabException extends Exception {
  private static final long serialVersionUID = 1L;

  public NabException(String message) {
    super(message);
  }

  public NabException(String message, Throwable cause) {
    super(message, cause);
  }
}
