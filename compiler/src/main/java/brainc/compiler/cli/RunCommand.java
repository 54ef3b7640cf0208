package brainc.compiler.cli;

import brainc.codegen.Backend;
import brainc.codegen.Simulation;
import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.schedule.UnsupportedModelException;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.runtime.sim.RunSummary;
import brainc.runtime.sim.SimulationError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "Backend: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      completionCandidates = Backends.Names.class)
  String backend;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Threads for stepping: large element-wise loops run in chunks, with the same results"
          + " as one thread (default: 1).")
  int threads;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for the monitors (default: out/<model>).")
  Path out;

  @Option(names = "--float64", description = "Simulate in double precision (default: float32).")
  boolean float64;

  @Option(names = "--dump-ir", paramLabel = "after:PASS",
      description = "Print the IR after a pass (one of: ${sys:brainc.passes}) to stdout.")
  String dumpIr;

  @Option(names = "--explain", description = "Print the compiler's decisions (integration method, formats).")
  boolean explain;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Backend> chosen = Backends.byName(backend);
    if (chosen.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "unknown backend `" + backend + "` (known: "
          + String.join(", ", Backends.NAMES) + ")");
    }
    if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    Backend stepping = chosen.get().withOptions(chosen.get().options().withThreads(threads));
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
    String stem = RunCommandStem.of(file);
    Path base = out != null ? out : Path.of("out", stem);
    int index = 0;
    for (RunSpec run : runs) {
      index++;
      Pipeline.RunSettings settings;
      try {
        settings = override(Pipeline.settings(run));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      Path dir = runs.size() == 1 ? base : base.resolve("run" + index);
      int code = runOne(module, run, settings, stepping, dir, dumpAfter, compileStart, stdout, err);
      if (code != ExitCode.OK) return code;
      compileStart = System.nanoTime();
    }
    return ExitCode.OK;
  }

  private int runOne(IrModule module, RunSpec run, Pipeline.RunSettings settings, Backend backend, Path dir,
      Optional<String> dumpAfter, long compileStart, PrintWriter stdout, PrintWriter err) {
    PassContext cx = new PassContext(new PassContext.Options(float64, PassContext.Options.DEFAULTS.proceduralThreshold()));
    Pipeline.Result compiled;
    try {
      compiled = Pipeline.compile(module, run, settings, cx, (pass, ir) -> {
        if (dumpAfter.isPresent() && dumpAfter.get().equals(pass)) {
          stdout.println(ir instanceof IrModule m ? brainc.ir.text.IrPrinter.print(m) : KernelText.print(ir));
          stdout.flush();
        }
      });
    } catch (UnsupportedModelException e) {
      err.println("brainc: cannot run `" + run.target() + "`: " + e.getMessage());
      return ExitCode.INPUT;
    }
    if (explain) {
      for (String line : cx.explanations()) err.println("explain: " + line);
      err.flush();
    }
    Simulation sim;
    try {
      sim = backend.prepare(compiled.kernel());
    } catch (OutOfMemoryError e) {
      err.println("brainc: `" + run.target() + "` is too large for the memory available to Java ("
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); raise it with JAVA_TOOL_OPTIONS=-Xmx...");
      return ExitCode.INPUT;
    }
    try (sim) {
      return simulate(run, settings, backend, dir, compiled, sim, compileStart, stdout, err);
    }
  }

  private int simulate(RunSpec run, Pipeline.RunSettings settings, Backend backend, Path dir, Pipeline.Result compiled,
      Simulation sim, long compileStart, PrintWriter stdout, PrintWriter err) {
    long compileNanos = System.nanoTime() - compileStart;
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
    String on = threads == 1 ? backend.name() : backend.name() + " (" + threads + " threads)";
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
      try {
        List<Path> files = sim.recorder().write(dir);
        stdout.println("  monitors: " + files.size() + " file(s) in " + dir);
      } catch (IOException e) {
        err.println("brainc: cannot write the monitors to " + dir + ": " + e.getMessage());
        return ExitCode.INPUT;
      }
    }
    stdout.flush();
    return ExitCode.OK;
  }

  private Pipeline.RunSettings override(Pipeline.RunSettings s) {
    double d = duration == null ? s.duration() : Durations.seconds(duration, "--duration");
    double step = dt == null ? s.dt() : Durations.seconds(dt, "--dt");
    long sd = seed == null ? s.seed() : seed;
    if (!(d > 0) || !(step > 0)) throw new IllegalArgumentException("--duration and --dt must be positive");
    if (Math.round(d / step) < 1) throw new IllegalArgumentException("the run is shorter than one time step");
    return new Pipeline.RunSettings(d, step, sd);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.4g", d);
  }
}
