package brainc.compiler.api;

import java.util.Optional;

/**
 * How to simulate a {@code run} statement, beyond what the statement says: each field left empty
 * keeps the statement's value (its duration, dt and seed; its {@code backend}, else {@code jvm};
 * its {@code threads}, else one). {@code dumpAfter} names a pass whose IR {@link
 * PreparedRun#dump()} keeps; {@code maxThreads} is the most threads the statement may ask for
 * (more is lowered to it, with a note). {@code freeParameters} are the model parameters each
 * instance may set ({@link PreparedRun#instantiate(long, java.util.Map)}), named {@code
 * POPULATION.PARAM} or {@code PROJECTION.weight}; every other parameter is folded into the code.
 */
public record RunOptions(Optional<Double> duration, Optional<Double> dt, Optional<Long> seed, Optional<String> engine,
    Optional<Integer> threads, boolean float64, Optional<String> dumpAfter, int maxThreads,
    java.util.Set<String> freeParameters) {
  public RunOptions {
    freeParameters = java.util.Set.copyOf(freeParameters);
  }

  /** Options without free parameters. */
  public RunOptions(Optional<Double> duration, Optional<Double> dt, Optional<Long> seed, Optional<String> engine,
      Optional<Integer> threads, boolean float64, Optional<String> dumpAfter, int maxThreads) {
    this(duration, dt, seed, engine, threads, float64, dumpAfter, maxThreads, java.util.Set.of());
  }

  /** The statement's own settings, on jvm, one thread, float32. */
  public static final RunOptions DEFAULTS = new RunOptions(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), false, Optional.empty(), Math.max(4, 4 * Runtime.getRuntime().availableProcessors()));

  public RunOptions withDuration(double seconds) {
    return new RunOptions(Optional.of(seconds), dt, seed, engine, threads, float64, dumpAfter, maxThreads, freeParameters);
  }

  public RunOptions withDt(double seconds) {
    return new RunOptions(duration, Optional.of(seconds), seed, engine, threads, float64, dumpAfter, maxThreads, freeParameters);
  }

  public RunOptions withSeed(long value) {
    return new RunOptions(duration, dt, Optional.of(value), engine, threads, float64, dumpAfter, maxThreads, freeParameters);
  }

  /** A kernel engine by name ({@code jvm}, {@code interp}: {@code Targets.engines(ProgramKind.KERNEL)}). */
  public RunOptions withEngine(String name) {
    return new RunOptions(duration, dt, seed, Optional.of(name), threads, float64, dumpAfter, maxThreads, freeParameters);
  }

  public RunOptions withThreads(int n) {
    return new RunOptions(duration, dt, seed, engine, Optional.of(n), float64, dumpAfter, maxThreads, freeParameters);
  }

  public RunOptions withFloat64(boolean on) {
    return new RunOptions(duration, dt, seed, engine, threads, on, dumpAfter, maxThreads, freeParameters);
  }

  public RunOptions withDumpAfter(String pass) {
    return new RunOptions(duration, dt, seed, engine, threads, float64, Optional.of(pass), maxThreads, freeParameters);
  }

  /** These model parameters vary per instance (see {@link brainc.compiler.passes.FreeParameters}); the others stay folded. */
  public RunOptions withFreeParameters(java.util.Set<String> names) {
    return new RunOptions(duration, dt, seed, engine, threads, float64, dumpAfter, maxThreads, names);
  }
}
