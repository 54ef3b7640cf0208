package brainc.compiler.passes;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.rewrite.ConstantFolding;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The compilation of a `run`, from its model IR to the kernel IR a backend executes: the kernel
 * targets' declared pipeline ({@link PipelineSpec#KERNEL}) run by the {@link PassManager}, which
 * verifies the IR after each pass and hands it to an observer ({@code --dump-ir=after:NAME}).
 */
public final class Pipeline {
  private Pipeline() {}

  /** The names of the passes, in order, for `--dump-ir` and `--help`. */
  public static final List<String> PASSES = PipelineSpec.KERNEL.passes();

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
    Expr v = ConstantFolding.fold(e);
    if (v instanceof Const c) return c.value();
    throw new IllegalStateException("not a constant: " + e);
  }

  public record Result(IrModule model, KernelProgram kernel) {}

  /**
   * Compiles {@code run} with the given settings: a run that {@link RunCheck#check(IrModule,
   * RunSpec, java.util.Optional)} passed ({@link RunLegality} found before lowering what the
   * scheduler cannot lower yet, so a refusal of the scheduler here is a compiler bug, an
   * IllegalStateException). {@code observer} sees the IR after each pass: an {@link IrModule}
   * for model passes, a {@link KernelProgram} from scheduling on.
   */
  public static Result compile(IrModule module, RunSpec run, RunSettings settings, PassContext cx,
      BiConsumer<String, Object> observer) {
    cx.target(run.target()).costModel(PipelineSpec.KERNEL.costModel());
    IrModule[] model = {module};
    KernelProgram k;
    try {
      k = PipelineSpec.KERNEL.passesFor(new PipelineSpec.Run(run, settings)).run(module, cx, (pass, ir) -> {
        if (ir instanceof IrModule m) model[0] = m;
        observer.accept(pass, ir);
      });
    } catch (Refusal e) {
      throw e.unchecked();
    }
    return new Result(model[0], k);
  }
}
