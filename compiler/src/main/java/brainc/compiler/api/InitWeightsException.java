package brainc.compiler.api;

import brainc.ir.diag.Code;
import java.nio.file.Path;

/**
 * A {@code --init} archive that cannot start a training: unreadable (E1025) or not fitting the
 * network's parameters (E1026). Thrown before any data is read or any file written; a command
 * prints it as a diagnostic of {@link #file()} and exits 1.
 */
public final class InitWeightsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Code code;
  private final transient Path file;

  InitWeightsException(Code code, Path file, String message) {
    super(message);
    this.code = code;
    this.file = file;
  }

  public Code code() {
    return code;
  }

  public Path file() {
    return file;
  }
}
