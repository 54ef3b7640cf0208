package brainc.compiler.api;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
import brainc.codegen.registry.Engines;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.FreeParameters;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.passes.RunCheck;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Const;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.RunSpec;
import brainc.ir.model.Setting;
import brainc.ir.model.StrConst;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.targets.ProgramKind;
import brainc.ir.targets.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Simulation through the library API: a module's {@code run} statements, prepared once (the
 * pass pipeline to verified kernel IR, then the engine's own preparation) and instantiated as
 * often as wanted.
 *
 * <pre>{@code
 * IrModule module = Compiler.lower(Compiler.check(Path.of("samples/cuba.brain")));
 * PreparedRun run = Runs.prepare(module, "Cuba", RunOptions.DEFAULTS.withDuration(0.1));
 * try (RunInstance sim = run.instantiate()) {
 *   RunResult result = sim.finish();
 * }
 * }</pre>
 */
public final class Runs {
  private Runs() {}

  /** The most steps one run may take (about 6 hours of 10 µs steps); more is a mistyped setting. */
  public static final long MAX_STEPS = Integer.MAX_VALUE;

  /** The names of the kernel engines, for help texts and messages. */
  public static List<String> engines() {
    return Targets.engines(ProgramKind.KERNEL);
  }

  /** The module's {@code run} statements, in order. */
  public static List<RunSpec> statements(IrModule module) {
    return module.decls().stream().filter(d -> d instanceof RunSpec).map(d -> (RunSpec) d).toList();
  }

  /**
   * The duration, dt and seed {@code run} simulates with under {@code options}. Options that do
   * not fit together (a dt longer than the duration, too many steps) are an
   * IllegalArgumentException whose message names them; what the file says alone is checked by
   * {@link #problems}, as a diagnostic at the statement.
   */
  public static Pipeline.RunSettings settings(RunSpec run, RunOptions options) {
    Pipeline.RunSettings s = Pipeline.settings(run);
    double d = options.duration().orElse(s.duration());
    double step = options.dt().orElse(s.dt());
    long sd = options.seed().orElse(s.seed());
    String dName = options.duration().isEmpty() ? "the run's duration" : "--duration";
    String tName = options.dt().isEmpty() ? "the run's dt" : "--dt";
    if (!(d > 0) || !(step > 0)) throw new IllegalArgumentException(dName + " and " + tName + " must be positive");
    if (options.duration().isEmpty() && options.dt().isEmpty()) return new Pipeline.RunSettings(d, step, sd);
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
   * Everything that would stop {@code run}, as errors at their construct: what `brainc check`
   * reports for it ({@link RunCheck}), found before lowering. {@link #prepare} reports these
   * too; a caller with several runs asks first, so that none is compiled when another cannot run.
   */
  public static List<Diagnostic> problems(IrModule module, RunSpec run, RunOptions options) {
    return RunCheck.check(module, run, Optional.of(settings(run, options))).stream().map(RunCheck::asError).toList();
  }

  /** {@link #prepare(IrModule, RunSpec, RunOptions)} of the first {@code run} of {@code network}. */
  public static PreparedRun prepare(IrModule module, String network, RunOptions options) throws ModelException {
    RunSpec run = statements(module).stream().filter(r -> r.target().equals(network)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model has no `run " + network + "` statement (it runs: "
            + String.join(", ", statements(module).stream().map(RunSpec::target).toList()) + ")"));
    return prepare(module, run, options);
  }

  /**
   * Compiles {@code run} through the pass pipeline to verified kernel IR and prepares it on the
   * chosen engine. What the model cannot do is a {@link ModelException} with diagnostics; options
   * that do not fit an IllegalArgumentException (see {@link #settings}).
   */
  public static PreparedRun prepare(IrModule module, RunSpec run, RunOptions options) throws ModelException {
    long start = System.nanoTime();
    Pipeline.RunSettings settings = settings(run, options);
    List<String> notes = new ArrayList<>();
    Backend backend = engine(run, options, notes);
    boolean gpu = onGpu(run, options);
    if (gpu && options.float64()) {
      throw new ModelException(List.of(brainc.compiler.targets.CudaTargetCheck.float64(run.origin().span())));
    }
    PassContext cx = new PassContext(new PassContext.Options(options.float64(), PassContext.Options.DEFAULTS.proceduralThreshold()));
    cx.freeParameters(knownFree(module, run, options.freeParameters()));
    StringBuilder dump = new StringBuilder();
    // Checked and compiled in one go: the refusals are found by the compilation they would stop.
    RunCheck.Checked checked;
    try {
      checked = RunCheck.compile(module, run, settings, cx, (pass, ir) -> {
        if (options.dumpAfter().isPresent() && options.dumpAfter().get().equals(pass)) {
          dump.append(ir instanceof IrModule m ? brainc.ir.text.IrPrinter.print(m)
              : brainc.ir.kernel.text.KernelPrinter.print((brainc.ir.kernel.KernelProgram) ir)).append('\n');
        }
      });
    } catch (FreeParameters.Refused e) {
      throw new ParameterException(e.getMessage());
    }
    if (!checked.problems().isEmpty()) throw new ModelException(checked.problems().stream().map(RunCheck::asError).toList());
    Pipeline.Result result = checked.result().orElseThrow();
    for (Diagnostic w : RunCheck.warnings(module, run, settings)) notes.add("warning[" + w.code().id() + "]: " + w.message());
    boolean records = module.find(run.target()).filter(d -> d instanceof Network).map(d -> !((Network) d).monitors().isEmpty())
        .orElse(false);
    return new PreparedRun(run, settings, result, backend, gpu, options.float64(), cx.explanations(), dump.toString(),
        List.copyOf(notes), records, cx.parameterDefaults(), System.nanoTime() - start);
  }

  /** {@code names}, each checked to be a parameter of {@code run}'s network that may be asked to be free. */
  private static java.util.Set<String> knownFree(IrModule module, RunSpec run, java.util.Set<String> names) {
    if (names.isEmpty()) return names;
    List<String> candidates = FreeParameters.candidates(module, run.target());
    for (String n : new java.util.TreeSet<>(names)) {
      if (!candidates.contains(n)) {
        throw new ParameterException("`" + n + "` is not a parameter of network " + run.target()
            + " that can vary per instance; it has " + shortList(candidates) + " (POPULATION.PARAM or PROJECTION.weight)");
      }
    }
    return names;
  }

  static String shortList(List<String> names) {
    if (names.isEmpty()) return "none";
    List<String> shown = names.subList(0, Math.min(12, names.size()));
    return String.join(", ", shown) + (names.size() > shown.size() ? " and " + (names.size() - shown.size()) + " more" : "");
  }

  /**
   * The engine and thread count of one run: the options, else the run statement's {@code
   * backend} and {@code threads} (a count beyond {@code maxThreads} is lowered to it, with a
   * note), else jvm on one thread. Neither changes what is computed.
   */
  private static Backend engine(RunSpec run, RunOptions options, List<String> notes) {
    String name = options.engine().orElse(null);
    Integer n = options.threads().orElse(null);
    for (Setting s : run.settings()) {
      if (name == null && s.name().equals("backend") && s.value() instanceof StrConst c) name = c.value();
      if (n == null && s.name().equals("threads") && ConstantFolding.fold(s.value()) instanceof Const c) {
        n = (int) Math.max(1, Math.min(Integer.MAX_VALUE, c.value()));
        if (n > options.maxThreads()) {
          notes.add("`run " + run.target() + "` asks for " + (long) c.value() + " threads; using " + options.maxThreads()
              + " (4 per processor of this machine)");
          n = options.maxThreads();
        }
      }
    }
    String chosen = name == null ? "jvm" : name;
    if (options.engine().isPresent() && Engines.find(ProgramKind.KERNEL, chosen, Backend.class).isEmpty()
        && !chosen.equals(Targets.CUDA.name())) {
      throw new IllegalArgumentException("unknown backend `" + chosen + "` (known: " + String.join(", ", engines()) + ", "
          + Targets.CUDA.name() + ")");
    }
    Backend b = Engines.find(ProgramKind.KERNEL, chosen, Backend.class).orElseGet(() -> (Backend) Engines.of(Targets.JVM));
    Driver.Options driver = b.options().withThreads(n == null ? 1 : n);
    return b.withOptions(driver);
  }

  /**
   * Whether {@code run} runs as a CUDA program on the GPU: the options' engine, else the
   * statement's {@code backend}, is {@code cuda}, the artifact target that no engine of this
   * process runs (the jvm engine stands in for what a prepared run needs of one).
   */
  public static boolean onGpu(RunSpec run, RunOptions options) {
    String name = options.engine().orElse(null);
    for (Setting s : run.settings()) {
      if (name == null && s.name().equals("backend") && s.value() instanceof StrConst c) name = c.value();
    }
    return Targets.CUDA.name().equals(name);
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.4g", d);
  }
}
