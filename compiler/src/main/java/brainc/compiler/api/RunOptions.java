package brainc.compiler.api;

import java.util.Optional;

/**
 * How to simulate a {@code run} statement, beyond what the statement says: each field left empty
 * keeps the statement's value (its duration, dt and seed; its {@code backend}, else {@code jvm};
 * its {@code threads}, else one). {@code dumpAfter} names a pass whose IR {@link
 * PreparedRun#dump()} keeps; {@code maxThreads} is the most threads the statement may ask for
 * (more is lowered to it, with a note).
 */
public record RunOptions(Optional<Double> duration, Optional<Double> dt, Optional<Long> seed, Optional<String> engine,
    Optional<Integer> threads, boolean float64, Optional<String> dumpAfter, int maxThreads) {
  /** The statement's own settings, on jvm, one thread, float32. */
  public static final RunOptions DEFAULTS = new RunOptions(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), false, Optional.empty(), Math.max(4, 4 * Runtime.getRuntime().availableProcessors()));

  public RunOptions withDuration(double seconds) {
    return new RunOptions(Optional.of(seconds), dt, seed, engine, threads, float64, dumpAfter, maxThreads);
  }

  public RunOptions withDt(double seconds) {
    return new RunOptions(duration, Optional.of(seconds), seed, engine, threads, float64, dumpAfter, maxThreads);
  }

  public RunOptions withSeed(long value) {
    return new RunOptions(duration, dt, Optional.of(value), engine, threads, float64, dumpAfter, maxThreads);
  }

  /** A kernel engine by name ({@code jvm}, {@code interp}: {@code Targets.engines(ProgramKind.KERNEL)}). */
  public RunOptions withEngine(String name) {
    return new RunOptions(duration, dt, seed, Optional.of(name), threads, float64, dumpAfter, maxThreads);
  }

  public RunOptions withThreads(int n) {
    return new RunOptions(duration, dt, seed, engine, Optional.of(n), float64, dumpAfter, maxThreads);
  }

  public RunOptions withFloat64(boolean on) {
    return new RunOptions(duration, dt, seed, engine, threads, on, dumpAfter, maxThreads);
  }

  public RunOptions withDumpAfter(String pass) {
    return new RunOptions(duration, dt, seed, engine, threads, float64, Optional.of(pass), maxThreads);
  }
}
