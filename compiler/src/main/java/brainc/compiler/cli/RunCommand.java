package brainc.compiler.cli;

import brainc.codegen.Backend;
import brainc.codegen.Simulation;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.passes.RunCheck;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Network;
import brainc.ir.source.SourceId;
import brainc.runtime.io.NpyWriter;
import brainc.runtime.io.OutputPaths;
import brainc.runtime.io.ResultFolder;
import brainc.compiler.schedule.UnsupportedModelException;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.sim.RunSummary;
import brainc.runtime.sim.SimulationError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainc run FILE}: checks the model, compiles each {@code run} statement through the
 * pass pipeline to kernel IR, simulates it on the chosen backend, prints a summary and writes
 * the monitors. Options override what the file says.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {"Simulate the `run` statements of a model and write its monitors."})
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain model to run.")
  Path file;

  @Option(names = "--duration", paramLabel = "TIME", description = "Simulated time, e.g. 1s or 250ms.")
  String duration;

  @Option(names = "--dt", paramLabel = "TIME", description = "Time step, e.g. 0.1ms.")
  String dt;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw.")
  Long seed;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Backend: ${COMPLETION-CANDIDATES} (default: the run statement's `backend`, else jvm).",
      completionCandidates = Backends.Names.class)
  String backend;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for stepping: large element-wise loops run in chunks, with the same results"
          + " as one thread (default: the run statement's `threads`, else 1).")
  Integer threads;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for the monitors (default: out/<model>).")
  Path out;

  @Option(names = "--float64", description = "Simulate in double precision (default: float32).")
  boolean float64;

  @Option(names = "--dump-ir", paramLabel = "after:PASS", completionCandidates = PassNames.class,
      description = "Print the IR after a pass (one of: ${COMPLETION-CANDIDATES}) to stdout.")
  String dumpIr;

  /** The most threads `--threads` accepts: a few per processor; more only add start-up time. */
  static int maxThreads() {
    return Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
  }

  /** The most steps one run may take (about 6 hours of 10 µs steps); more is a mistyped flag. */
  static final long MAX_STEPS = Integer.MAX_VALUE;

  /** The pass names, for the help text. */
  static final class PassNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    PassNames() {
      super(Pipeline.PASSES);
    }
  }

  @Option(names = "--explain", description = "Print the compiler's decisions (integration method, formats).")
  boolean explain;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    // Interrupted (Ctrl-C, SIGTERM), the JVM runs this on its way out: results are published
    // only when a run completes, so the previous ones are still there, and it says so.
    Thread interrupted = new Thread(() -> {
      err.println();
      err.println("brainc: interrupted; nothing was written, and earlier results are unchanged");
      err.flush();
    });
    boolean hooked = addShutdownHook(interrupted);
    try {
      return runAll(err);
    } finally {
      if (hooked) removeShutdownHook(interrupted);
    }
  }

  private int runAll(PrintWriter err) {
    PrintWriter stdout = spec.commandLine().getOut();
    Optional<Backend> chosen = Backends.byName(backend == null ? "jvm" : backend);
    if (chosen.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "unknown backend `" + backend + "` (known: "
          + String.join(", ", Backends.NAMES) + ")");
    }
    if (threads != null && (threads < 1 || threads > maxThreads())) {
      throw new ParameterException(spec.commandLine(), "--threads must be between 1 and " + maxThreads()
          + " (4 per processor of this machine), not " + threads);
    }
    Double durationFlag = null;
    Double dtFlag = null;
    try {
      if (duration != null) durationFlag = time(duration, "--duration");
      if (dt != null) dtFlag = time(dt, "--dt");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Optional<String> dumpAfter = Optional.empty();
    if (dumpIr != null) {
      String pass = dumpIr.startsWith("after:") ? dumpIr.substring("after:".length()) : dumpIr;
      if (!Pipeline.PASSES.contains(pass)) {
        throw new ParameterException(spec.commandLine(), "unknown pass `" + pass + "` (passes: "
            + String.join(", ", Pipeline.PASSES) + ")");
      }
      dumpAfter = Optional.of(pass);
    }
    long compileStart = System.nanoTime();
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    IrModule module = Lowering.lower(analysis);
    List<RunSpec> runs = module.decls().stream().filter(d -> d instanceof RunSpec).map(d -> (RunSpec) d).toList();
    if (runs.isEmpty()) {
      err.println("brainc: " + file + " has no `run` statement; add one, e.g. `run MyNetwork for 1 s dt 0.1 ms`");
      return ExitCode.INPUT;
    }
    DiagnosticRenderer renderer = new DiagnosticRenderer(analysis.sources());
    String stem = RunCommandStem.of(file);
    Path base = out != null ? out : Path.of("out", stem);
    List<Pipeline.RunSettings> settings = new ArrayList<>();
    for (RunSpec run : runs) {
      try {
        settings.add(override(Pipeline.settings(run), durationFlag, dtFlag));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    // Everything that would stop a run is found before the first one starts: the model's
    // refusals under the settings it will run with (as diagnostics at their construct; the
    // scheduler's while each run is compiled, once, here), the flags, and every output folder.
    java.util.Set<Diagnostic> problems = new java.util.LinkedHashSet<>();
    for (int k = 0; k < runs.size(); k++) {
      RunCheck.modelProblems(module, runs.get(k), Optional.of(settings.get(k))).forEach(d -> problems.add(RunCheck.asError(d)));
    }
    List<Compiled> compiled = new ArrayList<>();
    long frontNanos = System.nanoTime() - compileStart;
    for (int k = 0; k < runs.size() && problems.isEmpty(); k++) {
      try {
        compiled.add(compile(module, runs.get(k), settings.get(k), dumpAfter, k == 0 ? frontNanos : 0));
      } catch (UnsupportedModelException e) {
        problems.add(RunCheck.asError(RunCheck.diagnostic(e, runs.get(k))));
      }
    }
    if (!problems.isEmpty()) {
      err.print(renderer.human(problems));
      err.flush();
      return ExitCode.INPUT;
    }
    boolean records = runs.stream().anyMatch(r -> records(module, r));
    try {
      OutputPaths.refuseInputs(out != null ? "--out" : "the monitor folder", base, inputs(analysis));
      if (records) ResultFolder.check(base, "run");
    } catch (IOException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    }
    List<Backend> steppings = new ArrayList<>();
    Map<String, String> manifest = new LinkedHashMap<>();
    for (int k = 0; k < runs.size(); k++) {
      steppings.add(stepping(runs.get(k), err));
      String prefix = runs.size() == 1 ? "" : "run" + (k + 1) + ".";
      manifest(runs.get(k), settings.get(k), steppings.get(k)).forEach((key, v) -> {
        if (prefix.isEmpty() || !key.startsWith("model") && !key.equals("command")) manifest.put(prefix + key, v);
        else manifest.putIfAbsent(key, v);
      });
    }
    // One folder for all the runs of the file (run1/, run2/, ... when there are several),
    // published whole after the last: never a mix of runs of two invocations.
    try (Results results = new Results(base, manifest)) {
      for (int k = 0; k < runs.size(); k++) {
        String prefix = runs.size() == 1 ? "" : "run" + (k + 1) + "/";
        int code = runOne(runs.get(k), settings.get(k), steppings.get(k), results, prefix, compiled.get(k), stdout, err);
        if (code != ExitCode.OK) return code;
      }
      try {
        results.commit();
      } catch (IOException e) {
        err.println("brainc: cannot write the monitors to " + base + ": " + describe(e));
        return ExitCode.INPUT;
      }
    }
    return ExitCode.OK;
  }

  /** The monitor folder of one invocation, staged as the runs finish and published at the end. */
  private static final class Results implements AutoCloseable {
    private final Path base;
    private final Map<String, String> manifest;
    private ResultFolder folder;

    Results(Path base, Map<String, String> manifest) {
      this.base = base;
      this.manifest = manifest;
    }

    /** Stages a run's arrays under {@code prefix}; returns the number of files. */
    int write(String prefix, Map<String, brainc.runtime.io.NpyArray> arrays) throws IOException {
      if (folder == null) folder = ResultFolder.open(base, manifest);
      for (var e : arrays.entrySet()) NpyWriter.write(folder.file(prefix + e.getKey() + ".npy"), e.getValue());
      return arrays.size();
    }

    void commit() throws IOException {
      if (folder != null) folder.commit();
    }

    @Override
    public void close() {
      if (folder != null) folder.close();
    }
  }

  private static boolean addShutdownHook(Thread t) {
    try {
      Runtime.getRuntime().addShutdownHook(t);
      return true;
    } catch (IllegalStateException | SecurityException e) {
      return false;
    }
  }

  private static void removeShutdownHook(Thread t) {
    try {
      Runtime.getRuntime().removeShutdownHook(t);
    } catch (IllegalStateException | SecurityException e) {
      // The JVM is already shutting down; the hook runs or ran.
    }
  }

  /**
   * The backend and thread count of one run: the flags, else the run statement's `backend` and
   * `threads` (a count beyond this machine's limit is lowered to it, with a word), else jvm on
   * one thread. Neither changes what is computed.
   */
  private Backend stepping(RunSpec run, PrintWriter err) {
    String name = backend;
    Integer n = threads;
    for (brainc.ir.model.Setting s : run.settings()) {
      if (name == null && s.name().equals("backend") && s.value() instanceof brainc.ir.model.StrConst c) name = c.value();
      if (n == null && s.name().equals("threads")
          && brainc.compiler.passes.FoldConstants.fold(s.value()) instanceof brainc.ir.model.Const c) {
        n = (int) Math.max(1, Math.min(Integer.MAX_VALUE, c.value()));
        if (n > maxThreads()) {
          err.println("brainc: `run " + run.target() + "` asks for " + (long) c.value() + " threads; using "
              + maxThreads() + " (4 per processor of this machine)");
          n = maxThreads();
        }
      }
    }
    Backend b = Backends.byName(name == null ? "jvm" : name).orElseGet(brainc.codegen.jvm.JvmBackend::new);
    return b.withOptions(b.options().withThreads(n == null ? 1 : n));
  }

  /** Whether the run's network has monitors, so that the run writes a folder. */
  private static boolean records(IrModule module, RunSpec run) {
    return module.find(run.target()).filter(d -> d instanceof Network).map(d -> !((Network) d).monitors().isEmpty())
        .orElse(false);
  }

  /** The model and the local packages it uses, which no output may replace. */
  private List<Path> inputs(Analysis analysis) {
    List<Path> files = new ArrayList<>();
    files.add(file);
    for (SourceId id : analysis.sources().keySet()) {
      try {
        Path p = Path.of(id.name());
        if (Files.isRegularFile(p)) files.add(p);
      } catch (RuntimeException e) {
        // A source that is not a file (the standard library) cannot be overwritten.
      }
    }
    return files;
  }

  /** One run compiled to kernel IR: the IR it dumped, its explanations, and how long it took. */
  private record Compiled(Pipeline.Result result, PassContext cx, String dump, long nanos) {}

  private Compiled compile(IrModule module, RunSpec run, Pipeline.RunSettings settings, Optional<String> dumpAfter,
      long earlierNanos) {
    long start = System.nanoTime();
    PassContext cx = new PassContext(new PassContext.Options(float64, PassContext.Options.DEFAULTS.proceduralThreshold()));
    StringBuilder dump = new StringBuilder();
    Pipeline.Result result = Pipeline.compile(module, run, settings, cx, (pass, ir) -> {
      if (dumpAfter.isPresent() && dumpAfter.get().equals(pass)) {
        dump.append(ir instanceof IrModule m ? brainc.ir.text.IrPrinter.print(m) : KernelText.print(ir)).append('\n');
      }
    });
    return new Compiled(result, cx, dump.toString(), earlierNanos + System.nanoTime() - start);
  }

  private int runOne(RunSpec run, Pipeline.RunSettings settings, Backend backend, Results results, String prefix,
      Compiled c, PrintWriter stdout, PrintWriter err) {
    stdout.print(c.dump());
    stdout.flush();
    PassContext cx = c.cx();
    Pipeline.Result compiled = c.result();
    if (explain) {
      for (String line : cx.explanations()) err.println("explain: " + line);
      err.flush();
    }
    Optional<String> tooLarge = recordingTooLarge(compiled.kernel(), Runtime.getRuntime().maxMemory());
    if (tooLarge.isPresent()) {
      err.println("brainc: cannot run `" + run.target() + "`: " + tooLarge.get());
      return ExitCode.INPUT;
    }
    Simulation sim;
    try {
      sim = backend.prepare(compiled.kernel());
    } catch (SimulationError e) {
      err.println("brainc: the initial state of `" + run.target() + "` is not finite: " + e.label() + "[" + e.index()
          + "] is " + e.value() + " before the first step; check its initial value and the parameters it uses");
      return ExitCode.INPUT;
    } catch (OutOfMemoryError e) {
      err.println("brainc: `" + run.target() + "` is too large for the memory available to Java ("
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); raise it with JAVA_TOOL_OPTIONS=-Xmx...");
      return ExitCode.INPUT;
    }
    try (sim) {
      return simulate(run, settings, backend, results, prefix, compiled, sim, c.nanos(), stdout, err);
    }
  }

  private int simulate(RunSpec run, Pipeline.RunSettings settings, Backend backend, Results results, String prefix,
      Pipeline.Result compiled,
      Simulation sim, long compileNanos, PrintWriter stdout, PrintWriter err) {
    Progress progress = new Progress(err, quiet);
    try {
      sim.run(compiled.kernel().steps(), progress);
    } catch (SimulationError e) {
      progress.clear();
      err.println("brainc: the simulation of `" + run.target() + "` failed: " + e.getMessage());
      return ExitCode.INPUT;
    } catch (OutOfMemoryError e) {
      progress.clear();
      err.println("brainc: `" + run.target() + "` ran out of memory while simulating; raise the heap with "
          + "JAVA_TOOL_OPTIONS=-Xmx...");
      return ExitCode.INPUT;
    }
    progress.clear();
    RunSummary summary = sim.summary();
    int n = backend.options().threads();
    String on = n == 1 ? backend.name() : backend.name() + " (" + n + " threads)";
    stdout.println(run.target() + " on " + on + ": " + summary.neurons() + " neurons, "
        + summary.synapses() + " synapses, " + summary.steps() + " steps of "
        + fmt(settings.dt() * 1e3) + " ms (" + fmt(settings.duration()) + " s), seed " + settings.seed());
    for (RunSummary.GroupStats g : summary.groups()) {
      stdout.println(String.format(Locale.ROOT, "  %-12s %8d neurons %10d spikes %9.3f Hz", g.name(), g.size(),
          g.spikes(), g.meanRateHz()));
    }
    double simSeconds = summary.simulateNanos() / 1e9;
    stdout.println(String.format(Locale.ROOT, "  compile %.3f s, simulate %.3f s (%.3g simulated s per wall s)",
        compileNanos / 1e9, simSeconds, simSeconds > 0 ? settings.duration() / simSeconds : 0));
    if (!compiled.kernel().probes().isEmpty()) {
      // Staged now, published whole with a manifest naming the run(s) after the last run: a
      // crash or a kill leaves the previous results as they were, never a mix of two runs.
      Path dir = prefix.isEmpty() ? results.base : results.base.resolve(prefix);
      try {
        int files = results.write(prefix, sim.recorder().arrays());
        stdout.println("  monitors: " + files + " file(s) in " + dir);
      } catch (IOException e) {
        err.println("brainc: cannot write the monitors to " + dir + ": " + describe(e));
        return ExitCode.INPUT;
      }
    }
    stdout.flush();
    return ExitCode.OK;
  }

  /** A positive, finite time given to {@code flag}; else an IllegalArgumentException naming the flag. */
  static double time(String text, String flag) {
    if (text.strip().startsWith("-")) {
      throw new IllegalArgumentException(flag + " must be a positive time, such as 1s or 0.1ms, not `" + text + "`");
    }
    double v = Durations.seconds(text, flag);
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(flag + " must be a positive time, such as 1s or 0.1ms, not `" + text + "`");
    }
    return v;
  }

  private Pipeline.RunSettings override(Pipeline.RunSettings s, Double durationFlag, Double dtFlag) {
    double d = durationFlag == null ? s.duration() : durationFlag;
    double step = dtFlag == null ? s.dt() : dtFlag;
    long sd = seed == null ? s.seed() : seed;
    String dName = durationFlag == null ? "the run's duration" : "--duration";
    String tName = dtFlag == null ? "the run's dt" : "--dt";
    if (!(d > 0) || !(step > 0)) throw new IllegalArgumentException(dName + " and " + tName + " must be positive");
    // Without flags, what the file says is checked by RunCheck, as a diagnostic at the statement.
    if (durationFlag == null && dtFlag == null) return new Pipeline.RunSettings(d, step, sd);
    if (step > d) {
      throw new IllegalArgumentException(tName + " (" + fmt(step * 1e3) + " ms) is longer than " + dName + " ("
          + fmt(d * 1e3) + " ms); the run would not take a single step");
    }
    if (d / step > MAX_STEPS) {
      throw new IllegalArgumentException(dName + " / " + tName + " is " + String.format(Locale.ROOT, "%.3g", d / step)
          + " steps, more than the " + MAX_STEPS + " one run may take; check the units of " + dName + " and " + tName);
    }
    return new Pipeline.RunSettings(d, step, sd);
  }

  /**
   * Why the state monitors of {@code k} cannot be held until the end of the run, if they cannot:
   * one monitor over the 2^31 elements of a Java array, or all of them over half of {@code heap}
   * (they grow by doubling). Found before the simulation, not when memory runs out in its middle.
   */
  static Optional<String> recordingTooLarge(brainc.ir.kernel.KernelProgram k, long heap) {
    double total = 0;
    for (brainc.ir.kernel.KernelProgram.Probe p : k.probes()) {
      if (!(p instanceof brainc.ir.kernel.KernelProgram.Probe.State st)) continue;
      double rows = Math.ceil((double) k.steps() / st.every());
      double elements = rows * st.count();
      int bytes = k.buffers().stream().filter(b -> b.name().equals(st.buffer())).findFirst()
          .map(b -> b.type() == brainc.ir.kernel.Scalar.F64 || b.type() == brainc.ir.kernel.Scalar.I64 ? 8 : 4).orElse(4);
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

  /** What the manifest of the monitor folder says about the run. */
  private Map<String, String> manifest(RunSpec run, Pipeline.RunSettings settings, Backend backend) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("command", "run");
    m.put("model", file.toString());
    m.put("model_sha256", sha256(file));
    m.put("target", run.target());
    m.put("seed", Long.toString(settings.seed()));
    m.put("dt_s", Double.toString(settings.dt()));
    m.put("duration_s", Double.toString(settings.duration()));
    m.put("steps", Long.toString(settings.steps()));
    m.put("backend", backend.name());
    m.put("precision", float64 ? "float64" : "float32");
    return m;
  }

  private static String sha256(Path file) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest);
    } catch (IOException | NoSuchAlgorithmException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** An I/O failure in words: the JDK's messages are often just the path. */
  private static String describe(IOException e) {
    String what = e.getClass().getSimpleName().replace("Exception", "");
    String m = e.getMessage();
    if (e instanceof brainc.runtime.io.OutputException) return m;
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied (" + m + ")";
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder (" + m + ")";
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason() + " (" + f.getFile() + ")";
    return m == null ? what : m;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.4g", d);
  }
}
