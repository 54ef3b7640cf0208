package brainc.compiler.api;

/** A training stopped at a batch or episode boundary because the caller asked (Ctrl-C); the message names the last checkpoint. */
public final class TrainingStopped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingStopped(String message) {
    super(message, null, false, false);
  }
}
