package brainc.runtime.io;

import java.io.IOException;

/**
 * An output that brainc refuses to write, with a message a person can act on (it names the
 * path and what to do). Commands print it as it is and exit 1; nothing has been written.
 */
public final class OutputException extends IOException {
  private static final long serialVersionUID = 1L;

  public OutputException(String message) {
    super(message);
  }
}
