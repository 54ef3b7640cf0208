package brainc.runtime.learn;

/**
 * A learning-rate schedule: the factor applied to the base rate in epoch or episode {@code e}
 * (0-based) of {@code total}, {@code intoPhase} of them into the current curriculum phase (on a
 * dataset there are no phases: {@code intoPhase == e}). The one implementation of the language's
 * `schedule` constructors, for training on a dataset and in an environment alike.
 */
@FunctionalInterface
public interface LrSchedule {
  double factor(int e, int intoPhase, int total);

  /** The factor outside any curriculum (training on a dataset). */
  default double factor(int e, int total) {
    return factor(e, e, total);
  }

  LrSchedule CONSTANT = (e, p, n) -> 1;

  /** Multiplies the rate by {@code factor} every {@code every} epochs. */
  static LrSchedule stepDecay(int every, double factor) {
    return (e, p, n) -> Math.pow(factor, e / Math.max(1, every));
  }

  /** Cosine decay from 1 towards 0 over the run (epoch {@code e} uses the value at its start). */
  static LrSchedule cosine() {
    return (e, p, n) -> 0.5 * (1 + Math.cos(Math.PI * e / Math.max(1, n)));
  }

  /** Back to 1 at each curriculum phase, multiplied by {@code decay} per episode within it. */
  static LrSchedule phaseReset(double decay) {
    return (e, p, n) -> Math.pow(decay, p);
  }

  /**
   * Linear warm-up over {@code warmup} epochs, {@code (e + 1) / (warmup + 1)}, so that it rises
   * in equal steps to the 1 of the first epoch after it, then cosine decay over the rest.
   */
  static LrSchedule warmupCosine(int warmup) {
    return (e, p, n) -> e < warmup ? (e + 1.0) / (warmup + 1.0)
        : 0.5 * (1 + Math.cos(Math.PI * (e - warmup) / Math.max(1, n - warmup)));
  }
}
