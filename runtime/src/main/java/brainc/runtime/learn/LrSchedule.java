package brainc.runtime.learn;

/**
 * A learning-rate schedule: the factor applied to the base rate in epoch {@code e} (0-based) of
 * {@code total}.
 */
@FunctionalInterface
public interface LrSchedule {
  double factor(int epoch, int total);

  LrSchedule CONSTANT = (e, n) -> 1;

  /** Multiplies the rate by {@code factor} every {@code every} epochs. */
  static LrSchedule stepDecay(int every, double factor) {
    return (e, n) -> Math.pow(factor, e / Math.max(1, every));
  }

  /** Cosine decay from 1 towards 0 over the run (epoch {@code e} uses the value at its start). */
  static LrSchedule cosine() {
    return (e, n) -> 0.5 * (1 + Math.cos(Math.PI * e / Math.max(1, n)));
  }

  /** Linear warm-up over {@code warmup} epochs, then cosine decay over the rest. */
  static LrSchedule warmupCosine(int warmup) {
    return (e, n) -> e < warmup ? (e + 1.0) / (warmup + 1.0)
        : 0.5 * (1 + Math.cos(Math.PI * (e - warmup) / Math.max(1, n - warmup)));
  }
}
