package brainc.codegen;

/** Hears how far a run has got, every few steps and once at its end (for progress bars). */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (done, total) -> {};

  /** {@code done} of this run's {@code total} steps are complete. */
  void progress(long done, long total);
}
