package brainc.compiler.cli;

import brainc.compiler.api.ModelException;
import brainc.compiler.api.PreparedRun;
import brainc.compiler.api.RunInstance;
import brainc.compiler.api.RunOptions;
import brainc.compiler.api.RunResult;
import brainc.compiler.api.Runs;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.Pipeline;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceId;
import brainc.runtime.io.NpyWriter;
import brainc.runtime.io.OutputPaths;
import brainc.runtime.io.ResultFolder;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.sim.RunSummary;
import brainc.runtime.sim.SimulationError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code brainc run FILE}: the flags and the printing around the library API ({@link Runs}):
 * checks the model, prepares each {@code run} statement, simulates it (writing checkpoints when
 * asked, resuming from them with {@code --resume}), prints a summary and writes the monitors.
 * Options override what the file says.
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
      completionCandidates = EngineNames.class)
  String backend;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for stepping: large element-wise loops run in chunks, with the same results"
          + " as one thread (default: the run statement's `threads`, else 1).")
  Integer threads;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "With the cuda backend: `fast` (default; spikes delivered with atomics, equal to jvm in distribution)"
          + " or `deterministic` (sums in the interpreter's order, bit-identical to jvm, slower).")
  String mode;

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

  @Option(names = "--checkpoint-every", paramLabel = "TIME",
      description = "Write a checkpoint (atomically) every TIME of model time, a whole number of steps, e.g. 100ms.")
  String checkpointEvery;

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "Folder of the checkpoints, one <network>.snapshot per run (default: <out>.checkpoint, beside the monitor folder).")
  Path checkpointDir;

  @Option(names = "--resume", description = "Continue each run from its checkpoint, with the same results as an uninterrupted run;"
      + " refused when the model or a setting that changes the results differs from the checkpoint's.")
  boolean resume;

  /** The last checkpoint written, for the message of an interrupted run. */
  private volatile Path lastCheckpoint;

  /** The kernel engines' names, for the help text. */
  static final class EngineNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    EngineNames() {
      super(Runs.engines());
      add(CUDA);
    }
  }

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

  @Option(names = "--plot", description = "Also draw each monitor as SVG beside its .npy: spike rasters with the"
      + " population rate, rates, state traces, distributions of synapse variables.")
  boolean plot;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    // Interrupted (Ctrl-C, SIGTERM), the JVM runs this on its way out: results are published
    // only when a run completes, so the previous ones are still there, and it says so.
    Thread interrupted = new Thread(() -> {
      err.println();
      Path ck = lastCheckpoint;
      err.println("brainc: interrupted; nothing was written, and earlier results are unchanged"
          + (ck == null ? "" : "; the last checkpoint is " + ck + " (continue with --resume)"));
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
    if (backend != null && !Runs.engines().contains(backend) && !backend.equals(CUDA)) {
      throw new ParameterException(spec.commandLine(), "unknown backend `" + backend + "` (known: "
          + String.join(", ", Runs.engines()) + ", " + CUDA + ")");
    }
    if (threads != null && (threads < 1 || threads > maxThreads())) {
      throw new ParameterException(spec.commandLine(), "--threads must be between 1 and " + maxThreads()
          + " (4 per processor of this machine), not " + threads);
    }
    Double durationFlag = null;
    Double dtFlag = null;
    Double everyFlag = null;
    try {
      if (duration != null) durationFlag = time(duration, "--duration");
      if (dt != null) dtFlag = time(dt, "--dt");
      if (checkpointEvery != null) everyFlag = time(checkpointEvery, "--checkpoint-every");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    RunOptions options = new RunOptions(Optional.ofNullable(durationFlag), Optional.ofNullable(dtFlag),
        Optional.ofNullable(seed), Optional.ofNullable(backend), Optional.ofNullable(threads),
        float64, Optional.empty(), maxThreads());
    if (dumpIr != null) {
      String pass = dumpIr.startsWith("after:") ? dumpIr.substring("after:".length()) : dumpIr;
      if (!Pipeline.PASSES.contains(pass)) {
        throw new ParameterException(spec.commandLine(), "unknown pass `" + pass + "` (passes: "
            + String.join(", ", Pipeline.PASSES) + ")");
      }
      options = options.withDumpAfter(pass);
    }
    long compileStart = System.nanoTime();
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    IrModule module = Lowering.lower(analysis);
    List<RunSpec> runs = Runs.statements(module);
    if (runs.isEmpty()) {
      err.println("brainc: " + file + " has no `run` statement; add one, e.g. `run MyNetwork for 1 s dt 0.1 ms`");
      return ExitCode.INPUT;
    }
    DiagnosticRenderer renderer = new DiagnosticRenderer(analysis.sources());
    List<Boolean> onGpu = new ArrayList<>();
    for (RunSpec run : runs) onGpu.add(Runs.onGpu(run, options));
    if (mode != null && !mode.equals("fast") && !mode.equals("deterministic")) {
      throw new ParameterException(spec.commandLine(), "--mode is deterministic or fast, not `" + mode + "`");
    }
    if (mode != null && !onGpu.contains(true)) {
      throw new ParameterException(spec.commandLine(), "--mode " + mode + " goes with the cuda backend (--backend cuda,"
          + " or `backend cuda` in the run statement); jvm and interp are always deterministic");
    }
    if (onGpu.contains(true) && (everyFlag != null || resume)) {
      throw new ParameterException(spec.commandLine(), (resume ? "--resume" : "--checkpoint-every")
          + " is not available with the cuda backend (its program writes no checkpoints); run with --backend jvm");
    }
    String stem = RunCommandStem.of(file);
    Path base = out != null ? out : Path.of("out", stem);
    Path checkpoints = checkpointDir != null ? checkpointDir : base.resolveSibling(base.getFileName() + ".checkpoint");
    List<Pipeline.RunSettings> settings = new ArrayList<>();
    List<Long> every = new ArrayList<>();
    for (RunSpec run : runs) {
      try {
        Pipeline.RunSettings s = Runs.settings(run, options);
        settings.add(s);
        every.add(everyFlag == null ? 0L : checkpointSteps(everyFlag, s.dt()));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    // Everything that would stop a run is found before the first one starts: the model's
    // refusals under the settings it will run with (as diagnostics at their construct, found
    // by each run's check before it is compiled), the flags, and every output folder.
    java.util.Set<Diagnostic> problems = new java.util.LinkedHashSet<>();
    List<PreparedRun> prepared = new ArrayList<>();
    long frontNanos = System.nanoTime() - compileStart;
    for (RunSpec run : runs) {
      try {
        prepared.add(Runs.prepare(module, run, options));
      } catch (ModelException e) {
        problems.addAll(e.diagnostics());
      }
    }
    if (!problems.isEmpty()) {
      err.print(renderer.human(problems));
      err.flush();
      return ExitCode.INPUT;
    }
    if (onGpu.contains(true)) {
      Optional<String> missing = brainc.compiler.api.CudaRuns.unavailable();
      if (missing.isPresent()) {
        err.println("brainc: " + missing.get());
        return ExitCode.INPUT;
      }
    }
    List<Path> snapshots = new ArrayList<>();
    for (int k = 0; k < runs.size(); k++) {
      String name = runs.size() == 1 ? runs.get(k).target() : "run" + (k + 1) + "." + runs.get(k).target();
      snapshots.add(checkpoints.resolve(name + ".snapshot"));
    }
    boolean records = prepared.stream().anyMatch(PreparedRun::records);
    try {
      OutputPaths.refuseInputs(out != null ? "--out" : "the monitor folder", base, inputs(analysis));
      if (everyFlag != null) OutputPaths.refuseInputs(checkpointDir != null ? "--checkpoint" : "the checkpoint folder", checkpoints, inputs(analysis));
      if (records) ResultFolder.check(base, "run");
      if (everyFlag != null && Files.exists(checkpoints) && !Files.isDirectory(checkpoints)) {
        err.println("brainc: " + (checkpointDir != null ? "--checkpoint " : "the checkpoint folder ") + checkpoints
            + " is a file, not a folder; name a folder for the checkpoints");
        return ExitCode.INPUT;
      }
    } catch (IOException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    }
    if (resume && snapshots.stream().noneMatch(Files::isRegularFile)) {
      err.println("brainc: cannot resume: there is no checkpoint in " + checkpoints + " (written by --checkpoint-every);"
          + " run without --resume to start afresh");
      return ExitCode.INPUT;
    }
    Map<String, String> manifest = new LinkedHashMap<>();
    for (int k = 0; k < runs.size(); k++) {
      for (String note : prepared.get(k).notes()) err.println("brainc: " + note);
      String prefix = runs.size() == 1 ? "" : "run" + (k + 1) + ".";
      manifest(runs.get(k), settings.get(k), prepared.get(k)).forEach((key, v) -> {
        if (prefix.isEmpty() || !key.startsWith("model") && !key.equals("command")) manifest.put(prefix + key, v);
        else manifest.putIfAbsent(key, v);
      });
    }
    // One folder for all the runs of the file (run1/, run2/, ... when there are several),
    // published whole after the last: never a mix of runs of two invocations.
    try (Results results = new Results(base, manifest)) {
      for (int k = 0; k < runs.size(); k++) {
        String prefix = runs.size() == 1 ? "" : "run" + (k + 1) + "/";
        // A file of several runs keeps each finished run's state, so that --resume need not redo it.
        Checkpoints ck = new Checkpoints(snapshots.get(k), every.get(k), runs.size() > 1 && everyFlag != null);
        int code = prepared.get(k).onGpu() ? runOnGpu(prepared.get(k), results, prefix, stdout, err)
            : runOne(prepared.get(k), results, prefix, k == 0 ? frontNanos : 0, ck, stdout, err);
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

  /** Where and how often one run writes its checkpoint; {@code every} 0 for never. */
  private record Checkpoints(Path file, long every, boolean atEnd) {}

  /** {@code seconds} as a whole number of steps of {@code dt}; else an IllegalArgumentException saying so. */
  static long checkpointSteps(double seconds, double dt) {
    double steps = seconds / dt;
    long whole = Math.round(steps);
    if (whole < 1 || Math.abs(steps - whole) > 1e-9 * Math.max(1, steps)) {
      throw new IllegalArgumentException("--checkpoint-every must be a whole number of time steps (dt is "
          + fmt(dt * 1e3) + " ms), not " + fmt(seconds * 1e3) + " ms");
    }
    return whole;
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

    /** Stages texts as {@code prefix + NAME + suffix}, each written atomically; returns the number of files. */
    int writeText(String prefix, String suffix, Map<String, String> texts) throws IOException {
      if (folder == null) folder = ResultFolder.open(base, manifest);
      for (var e : texts.entrySet()) {
        brainc.runtime.io.AtomicFiles.write(folder.file(prefix + e.getKey() + suffix),
            e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return texts.size();
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

  private int runOne(PreparedRun run, Results results, String prefix, long frontNanos, Checkpoints ck,
      PrintWriter stdout, PrintWriter err) {
    String target = run.statement().target();
    stdout.print(run.dump());
    stdout.flush();
    if (explain) {
      for (String line : run.explanations()) err.println("explain: " + line);
      err.flush();
    }
    Optional<String> tooLarge = run.recordingTooLarge(Runtime.getRuntime().maxMemory());
    if (tooLarge.isPresent()) {
      err.println("brainc: cannot run `" + target + "`: " + tooLarge.get());
      return ExitCode.INPUT;
    }
    RunInstance sim;
    try {
      sim = run.instantiate();
    } catch (SimulationError e) {
      err.println("brainc: the initial state of `" + target + "` is not finite: " + e.label() + "[" + e.index()
          + "] is " + e.value() + " before the first step; check its initial value and the parameters it uses");
      return ExitCode.INPUT;
    } catch (OutOfMemoryError e) {
      err.println("brainc: `" + target + "` is too large for the memory available to Java ("
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); raise it with JAVA_TOOL_OPTIONS=-Xmx...");
      return ExitCode.INPUT;
    }
    try (sim) {
      if (resume && Files.isRegularFile(ck.file())) {
        try {
          sim.restore(Snapshot.read(ck.file()));
        } catch (SnapshotException e) {
          err.println("brainc: cannot resume from " + ck.file() + ": " + e.getMessage()
              + (e.getMessage().contains("\n") ? "\n  run with the checkpoint's settings, or start afresh without --resume" : ""));
          return ExitCode.INPUT;
        } catch (IOException e) {
          err.println("brainc: cannot resume from " + ck.file() + ": " + describe(e));
          return ExitCode.INPUT;
        }
        if (!quiet) err.println("resuming `" + target + "` at step " + sim.step() + " of " + sim.steps() + " from " + ck.file());
      }
      return simulate(run, sim, results, prefix, frontNanos + run.compileNanos(), ck, stdout, err);
    }
  }

  private int simulate(PreparedRun run, RunInstance sim, Results results, String prefix, long compileNanos,
      Checkpoints ck, PrintWriter stdout, PrintWriter err) {
    Pipeline.RunSettings settings = run.settings();
    String target = run.statement().target();
    Progress progress = new Progress(err, quiet);
    long first = sim.step();
    long total = sim.steps() - first;
    try {
      while (sim.step() < sim.steps()) {
        long from = sim.step();
        long chunk = ck.every() == 0 ? sim.steps() - from : ck.every() - from % ck.every();
        sim.advance(chunk, (done, all) -> progress.progress(from - first + done, total));
        boolean due = ck.every() > 0 && sim.step() % ck.every() == 0 && sim.step() < sim.steps();
        if (due || ck.atEnd() && sim.step() == sim.steps()) {
          try {
            Files.createDirectories(ck.file().getParent());
            sim.snapshot().write(ck.file());
            lastCheckpoint = ck.file();
          } catch (IOException e) {
            progress.clear();
            err.println("brainc: cannot write a checkpoint to " + ck.file() + ": " + describe(e));
            return ExitCode.INPUT;
          }
        }
      }
    } catch (SimulationError e) {
      progress.clear();
      err.println("brainc: the simulation of `" + target + "` failed: " + e.getMessage());
      return ExitCode.INPUT;
    } catch (OutOfMemoryError e) {
      progress.clear();
      err.println("brainc: `" + target + "` ran out of memory while simulating; raise the heap with "
          + "JAVA_TOOL_OPTIONS=-Xmx...");
      return ExitCode.INPUT;
    }
    progress.clear();
    int n = run.threads();
    return report(run, n == 1 ? run.engine() : run.engine() + " (" + n + " threads)", sim.result(), results, prefix,
        compileNanos, stdout, err);
  }

  /** The name of the cuda target, which `--backend` and the statement's `backend` take besides the engines. */
  private static final String CUDA = brainc.ir.targets.Targets.CUDA.name();

  /** Builds (or finds built) and runs {@code run} as a CUDA program on this machine's GPU, then reports as jvm does. */
  private int runOnGpu(PreparedRun run, Results results, String prefix, PrintWriter stdout, PrintWriter err) {
    String target = run.statement().target();
    if (!quiet) err.println("building and running `" + target + "` on the GPU...");
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "brainc", "cuda");
    RunResult result;
    try {
      result = run.runOnGpu(cache, "deterministic".equals(mode));
    } catch (brainc.compiler.api.CudaRuns.RunFailed e) {
      err.println("brainc: the GPU run of `" + target + "` failed: " + e.getMessage());
      return ExitCode.INPUT;
    } catch (IOException e) {
      err.println("brainc: cannot build or run `" + target + "` on the GPU: " + describe(e));
      return ExitCode.INPUT;
    }
    return report(run, CUDA, result, results, prefix, result.summary().buildNanos(), stdout, err);
  }

  /** Prints a run's summary and stages its monitors: the same lines for every engine. */
  private int report(PreparedRun run, String on, RunResult result, Results results, String prefix, long compileNanos,
      PrintWriter stdout, PrintWriter err) {
    Pipeline.RunSettings settings = run.settings();
    String target = run.statement().target();
    RunSummary summary = result.summary();
    stdout.println(target + " on " + on + ": " + summary.neurons() + " neurons, "
        + summary.synapses() + " synapses, " + summary.steps() + " steps of "
        + fmt(settings.dt() * 1e3) + " ms (" + fmt(settings.duration()) + " s), seed " + settings.seed());
    for (RunSummary.GroupStats g : summary.groups()) {
      stdout.println(String.format(Locale.ROOT, "  %-12s %8d neurons %10d spikes %9.3f Hz", g.name(), g.size(),
          g.spikes(), g.meanRateHz()));
    }
    double simSeconds = summary.simulateNanos() / 1e9;
    stdout.println(String.format(Locale.ROOT, "  compile %.3f s, simulate %.3f s (%.3g simulated s per wall s)",
        compileNanos / 1e9, simSeconds, simSeconds > 0 ? settings.duration() / simSeconds : 0));
    if (!run.kernel().probes().isEmpty()) {
      // Staged now, published whole with a manifest naming the run(s) after the last run: a
      // crash or a kill leaves the previous results as they were, never a mix of two runs.
      Path dir = prefix.isEmpty() ? results.base : results.base.resolve(prefix);
      try {
        int files = results.write(prefix, result.monitors());
        if (plot) files += results.writeText(prefix, ".svg", brainc.compiler.api.RunPlots.of(run.kernel(), result.monitors()));
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

  /** What the manifest of the monitor folder says about the run. */
  private Map<String, String> manifest(RunSpec run, Pipeline.RunSettings settings, PreparedRun backend) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("command", "run");
    m.put("model", file.toString());
    m.put("model_sha256", sha256(file));
    m.put("target", run.target());
    m.put("seed", Long.toString(settings.seed()));
    m.put("dt_s", Double.toString(settings.dt()));
    m.put("duration_s", Double.toString(settings.duration()));
    m.put("steps", Long.toString(settings.steps()));
    m.put("backend", backend.engine());
    m.put("precision", float64 ? "float64" : "float32");
    return m;
  }

  private static String sha256(Path file) {
    try {
      return brainc.compiler.api.Fingerprints.sha256(file);
    } catch (IOException e) {
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
