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

  private boolean located;

  /**
   * A problem at a place in a file, with a diagnostic code; the message reads as a compiler's
   * does: {@code results/a.csv:3:1: error[E0805]: ...}.
   */
  public static NabException at(java.nio.file.Path file, int line, int column, String code, String message) {
    NabException e = new NabException(file + ":" + line + ":" + column + ": error[" + code + "]: " + message);
    e.located = true;
    return e;
  }

  /** Whether the message already starts with the file, line, column and code. */
  public boolean located() {
    return located;
  }
}
