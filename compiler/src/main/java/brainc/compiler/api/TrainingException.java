package brainc.compiler.api;

/**
 * A training that cannot go on because of what the user gave: the model's settings, the data, a
 * checkpoint to resume from. Its message says what and how to fix it; a command prints it and
 * exits 1. Anything else that escapes a training is a bug.
 */
public final class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }
}
