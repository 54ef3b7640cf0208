package brainc.compiler.api;

/**
 * Hears how far a run has got, every few steps and once at its end (for progress bars). The API's
 * own interface, so that a caller never needs an engine's types to follow a run.
 */
@FunctionalInterface
public interface StepProgress {
  StepProgress NONE = (done, total) -> {};

  /** {@code done} of this run's {@code total} steps are complete. */
  void progress(long done, long total);
}
