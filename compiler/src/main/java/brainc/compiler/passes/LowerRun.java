package brainc.compiler.passes;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;

/**
 * The lowering {@code schedule} as a pass: the model IR of a run's network, specialised and
 * solved, to the kernel IR of one time step ({@link ScheduleNetwork}).
 */
public final class LowerRun implements Pass<IrModule, KernelProgram> {
  private final RunSpec run;
  private final Pipeline.RunSettings settings;

  public LowerRun(RunSpec run, Pipeline.RunSettings settings) {
    this.run = run;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "schedule";
  }

  @Override
  public KernelProgram run(IrModule in, PassContext cx) {
    KernelProgram scheduled = ScheduleNetwork.schedule(in, run, settings.dt(), settings.steps(), settings.seed(), cx);
    return FreeParameters.declare(scheduled, cx.parameterDefaults().keySet());
  }
}
