package brainc.runtime.io;

import java.io.IOException;

/** A snapshot that cannot be read or restored: missing, not a snapshot, newer, or of another model. */
public final class SnapshotException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }
}
