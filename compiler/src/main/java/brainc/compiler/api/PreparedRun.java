package brainc.compiler.api;

import brainc.codegen.Backend;
import brainc.codegen.PreparedKernel;
import brainc.compiler.passes.Pipeline;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.RunSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code run} statement compiled to verified kernel IR for one engine: what {@link
 * Runs#prepare} gives. {@link #instantiate(long)} is cheap and repeatable: the engine's code is
 * generated on the first call and shared by every instance (a sweep over seeds compiles once).
 */
public final class PreparedRun {
  private final RunSpec run;
  private final Pipeline.RunSettings settings;
  private final Pipeline.Result compiled;
  private final Backend backend;
  private final boolean gpu;
  private final boolean float64;
  private final List<String> explanations;
  private final String dump;
  private final List<String> notes;
  private final boolean records;
  private final long compileNanos;
  private final Map<String, Double> parameters;
  private PreparedKernel kernel;

  PreparedRun(RunSpec run, Pipeline.RunSettings settings, Pipeline.Result compiled, Backend backend, boolean gpu,
      boolean float64,
      List<String> explanations, String dump, List<String> notes, boolean records, Map<String, Double> parameters,
      long compileNanos) {
    this.parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    this.run = run;
    this.settings = settings;
    this.compiled = compiled;
    this.backend = backend;
    this.gpu = gpu;
    this.float64 = float64;
    this.explanations = List.copyOf(explanations);
    this.dump = dump;
    this.notes = notes;
    this.records = records;
    this.compileNanos = compileNanos;
  }

  public RunSpec statement() {
    return run;
  }

  /** The duration, dt and seed, after the options. */
  public Pipeline.RunSettings settings() {
    return settings;
  }

  /** The verified kernel program the engine runs. */
  public KernelProgram kernel() {
    return compiled.kernel();
  }

  /** The engine's name ({@code jvm}, {@code interp}), or {@code cuda} for a run on the GPU. */
  public String engine() {
    return gpu ? brainc.ir.targets.Targets.CUDA.name() : backend.name();
  }

  /**
   * Whether the run goes to the GPU (engine or statement {@code backend cuda}): it runs whole,
   * by {@link #runOnGpu}, and has no step-by-step {@link #instantiate() instance}.
   */
  public boolean onGpu() {
    return gpu;
  }

  /**
   * Builds (or finds built in {@code cache}) the run's CUDA program and runs it on this machine's
   * GPU with the run's seed; {@link CudaRuns#unavailable()} says beforehand whether it can.
   *
   * @throws IllegalStateException if the run does not go to the GPU (see {@link #onGpu()})
   */
  public RunResult runOnGpu(java.nio.file.Path cache) throws CudaRuns.RunFailed, java.io.IOException {
    return runOnGpu(cache, false);
  }

  /**
   * As {@link #runOnGpu(java.nio.file.Path)}, in deterministic mode if asked (sums in the
   * interpreter's order: the same numbers as jvm, more slowly), else in fast mode (atomics).
   */
  public RunResult runOnGpu(java.nio.file.Path cache, boolean deterministic) throws CudaRuns.RunFailed, java.io.IOException {
    if (!gpu) throw new IllegalStateException("`run " + run.target() + "` runs on " + backend.name() + ", not the GPU");
    return CudaRuns.execute(compiled.kernel(), settings.seed(), cache, deterministic);
  }

  public int threads() {
    return backend.options().threads();
  }

  public boolean float64() {
    return float64;
  }

  /** The compiler's decisions (integration methods, formats), one line each, for {@code --explain}. */
  public List<String> explanations() {
    return explanations;
  }

  /** The IR after the pass {@link RunOptions#dumpAfter()} names, as text; empty if none. */
  public String dump() {
    return dump;
  }

  /** What was adjusted from what the statement asks (a thread count lowered), one line each. */
  public List<String> notes() {
    return notes;
  }

  /** Whether the network has monitors, so that a run writes results. */
  public boolean records() {
    return records;
  }

  /** The time the pass pipeline took, in nanoseconds. */
  public long compileNanos() {
    return compileNanos;
  }

  /**
   * The parameters free per instance ({@link RunOptions#freeParameters()}), each with the value
   * the model gives it, which an instance keeps unless it sets another; sorted by name.
   */
  public Map<String, Double> freeParameters() {
    return parameters;
  }

  /** A new simulation with the run's own seed, at step 0. */
  public RunInstance instantiate() {
    return instantiate(settings.seed());
  }

  /**
   * A new simulation whose random draws are keyed by {@code seed}, at step 0: bit for bit what a
   * fresh compile with that seed gives.
   *
   * @throws brainc.runtime.sim.SimulationError if the initial state is not finite
   */
  public RunInstance instantiate(long seed) {
    return instantiate(seed, Map.of());
  }

  /**
   * As {@link #instantiate(long)}, with some free parameters set to other values (in SI base
   * units, as the model IR holds them: {@code -0.052} for -52 mV): bit for bit what a fresh
   * compile gives of the model with those values written in the source. The others keep their
   * {@link #freeParameters() values}.
   *
   * @throws ParameterException if a name is not one of {@link #freeParameters()}, or a value is not finite
   */
  public RunInstance instantiate(long seed, Map<String, Double> overrides) {
    Map<String, Double> values = new TreeMap<>(parameters);
    for (Map.Entry<String, Double> e : new TreeMap<>(overrides).entrySet()) {
      if (!parameters.containsKey(e.getKey())) {
        throw new ParameterException("`" + e.getKey() + "` is not a free parameter of this run; "
            + (parameters.isEmpty() ? "it has none (prepare it with RunOptions.withFreeParameters)"
                : "its free parameters are " + String.join(", ", parameters.keySet())));
      }
      if (e.getValue() == null || !Double.isFinite(e.getValue())) {
        throw new ParameterException("the value of `" + e.getKey() + "` must be a finite number, not " + e.getValue());
      }
      values.put(e.getKey(), e.getValue());
    }
    if (gpu) {
      throw new ParameterException("`run " + run.target() + "` runs on the GPU (backend cuda), which runs whole and has no "
          + "instance to step: call runOnGpu, or prepare it with RunOptions.withEngine(\"jvm\") to run it here");
    }
    PreparedKernel k;
    synchronized (this) {
      if (kernel == null) kernel = backend.compile(compiled.kernel());
      k = kernel;
    }
    return new RunInstance(this, k.instantiate(seed, values), seed, values);
  }

  /** How many synapses a probe of synapses is expected to find, from its connection's rule. */
  private static double expectedSynapses(KernelProgram k, KernelProgram.Probe.Synapses sy) {
    KernelProgram.Connection c = k.connections().stream().filter(x -> x.name().equals(sy.connection())).findFirst()
        .orElseThrow();
    double pairs = (double) sy.preCount() * sy.postCount();
    KernelProgram.Rule r = c.rule();
    if (r instanceof KernelProgram.Rule.Bernoulli b) return pairs * b.p();
    if (r instanceof KernelProgram.Rule.FixedFanIn f) return pairs * f.k() / Math.max(1, c.preSize());
    if (r instanceof KernelProgram.Rule.FixedFanOut f) return pairs * f.k() / Math.max(1, c.postSize());
    if (r instanceof KernelProgram.Rule.OneToOne) return Math.min(sy.preCount(), sy.postCount());
    return pairs;
  }

  /**
   * Why the state monitors cannot be held until the end of the run in {@code heap} bytes, if
   * they cannot: one monitor over the 2^31 elements of a Java array, or all of them over half of
   * the heap (they grow by doubling). Found before the simulation, not when memory runs out.
   */
  public Optional<String> recordingTooLarge(long heap) {
    KernelProgram k = compiled.kernel();
    double total = 0;
    for (KernelProgram.Probe p : k.probes()) {
      if (p instanceof KernelProgram.Probe.Synapses sy) {
        // The synapses are known only once the connection is built: their expected number.
        double rows = sy.atEnd() ? 1 : Math.ceil((double) k.steps() / sy.every());
        double synapses = expectedSynapses(k, sy);
        double elements = rows * synapses;
        if (elements > Integer.MAX_VALUE - 16) {
          return Optional.of("the monitor " + sy.name() + " would record about " + String.format(Locale.ROOT, "%.3g",
              elements) + " values (" + String.format(Locale.ROOT, "%.3g", synapses) + " synapses x " + (long) rows
              + " samples), more than one array holds; monitor a slice of the connection, sample it with a longer"
              + " `every` or `at end`, or shorten the run");
        }
        total += elements * 8 + rows * 8;
        continue;
      }
      if (!(p instanceof KernelProgram.Probe.State st)) continue;
      double rows = Math.ceil((double) k.steps() / st.every());
      double elements = rows * st.count();
      int bytes = k.buffers().stream().filter(b -> b.name().equals(st.buffer())).findFirst()
          .map(b -> b.type() == Scalar.F64 || b.type() == Scalar.I64 ? 8 : 4).orElse(4);
      if (elements > Integer.MAX_VALUE - 16) {
        return Optional.of("the monitor " + st.name() + " would record " + String.format(Locale.ROOT, "%.3g", elements)
            + " values (" + st.count() + " neurons x " + (long) rows + " samples), more than one array holds; monitor"
            + " fewer neurons, sample them with a longer `every`, or shorten the run");
      }
      total += elements * bytes + rows * 8;
    }
    if (total > heap / 2.0) {
      return Optional.of(String.format(Locale.ROOT, "its monitors would record %.1f MiB, more than half the %d MiB"
          + " of memory available to Java; monitor fewer neurons, sample them with a longer `every`, shorten the"
          + " run, or raise the heap with JAVA_TOOL_OPTIONS=-Xmx...", total / (1 << 20), heap >> 20));
    }
    return Optional.empty();
  }
}
