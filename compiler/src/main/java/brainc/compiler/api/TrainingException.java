package brainc.compiler.api;

/**
 * A training that cannot go on because of what the user gave: the model's settings, the data, a
 * checkpoint to resume from. Its message says what and how to fix it; a command prints it and
 * exits 1. Anything else that escapes a training is a bug.
 */
public final class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Where in the model the problem is, when it is there (the data disagree with a declaration). */
  private final transient brainc.ir.diag.Diagnostic diagnostic;

  public TrainingException(String message) {
    super(message);
    this.diagnostic = null;
  }

  /** A problem a command prints as a diagnostic, with its code and position. */
  public TrainingException(brainc.ir.diag.Diagnostic diagnostic) {
    super(diagnostic.message());
    this.diagnostic = diagnostic;
  }

  public java.util.Optional<brainc.ir.diag.Diagnostic> diagnostic() {
    return java.util.Optional.ofNullable(diagnostic);
  }
}
