package brainc.compiler.passes;

import brainc.compiler.schedule.ScheduleNetwork;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.verify.IrVerifier;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The declared order of passes from the model IR of a `run` to the kernel IR a backend executes.
 * Each pass is named; after each, the IR is verified (a failure is a compiler bug) and handed to
 * an observer, which is how {@code --dump-ir=after:NAME} works.
 */
public final class Pipeline {
  private Pipeline() {}

  /** The names of the passes, in order, for `--dump-ir` and `--help`. */
  public static final List<String> PASSES = List.of("specialize-params", "fold-constants", "solve-odes", "schedule",
      "mark-parallel-loops", "fuse-kernels", "forward-loads", "eliminate-dead-locals", "choose-connectivity-format");

  /** What a run needs: the simulated duration, the step and the seed, after command-line overrides. */
  public record RunSettings(double duration, double dt, long seed) {
    public long steps() {
      return Math.round(duration / dt);
    }
  }

  public static RunSettings settings(RunSpec run) {
    return new RunSettings(constant(run.duration()), constant(run.dt()), run.seed());
  }

  private static double constant(Expr e) {
    Expr v = FoldConstants.fold(e);
    if (v instanceof Const c) return c.value();
    throw new IllegalStateException("not a constant: " + e);
  }

  public record Result(IrModule model, KernelProgram kernel) {}

  private static void verify(String pass, KernelProgram k) {
    List<String> problems = brainc.ir.kernel.verify.KernelVerifier.verify(k);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("after " + pass + ", the kernel IR is invalid: " + problems);
    }
  }

  /**
   * Compiles {@code run} with the given settings. {@code observer} sees the IR after each pass:
   * an {@link IrModule} for model passes, a {@link KernelProgram} after scheduling.
   */
  public static Result compile(IrModule module, RunSpec run, RunSettings settings, PassContext cx,
      BiConsumer<String, Object> observer) {
    cx.target(run.target());
    IrModule m = module;
    for (ModelPass p : List.of(new SpecializePopulations(), new FoldConstants(), new SolveOdes(settings.dt()))) {
      m = p.run(m, cx);
      List<String> problems = IrVerifier.verify(m);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("after " + p.name() + ", the model IR is invalid: " + problems);
      }
      observer.accept(p.name(), m);
    }
    KernelProgram k = ScheduleNetwork.schedule(m, run, settings.dt(), settings.steps(), settings.seed(), cx);
    verify("schedule", k);
    observer.accept("schedule", k);
    for (KernelPass p : List.of(new MarkParallelLoops(), new FuseKernels(), new ForwardLoads(), new EliminateDeadLocals(),
        new ChooseConnectivityFormat())) {
      k = p.run(k, cx);
      verify(p.name(), k);
      observer.accept(p.name(), k);
    }
    return new Result(m, k);
  }
}
