package brainc.compiler.passes;

import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.tensor.TensorProgram;

/**
 * The lowering {@code schedule-training} as a pass: a network's model IR to the forward step of
 * a training program ({@link ScheduleTraining}).
 */
public final class LowerTraining implements Pass<IrModule, TensorProgram> {
  private final Network net;
  private final boolean detachReset;

  public LowerTraining(Network net, boolean detachReset) {
    this.net = net;
    this.detachReset = detachReset;
  }

  @Override
  public String name() {
    return "schedule-training";
  }

  @Override
  public TensorProgram run(IrModule in, PassContext cx) {
    return ScheduleTraining.lower(in, net, detachReset);
  }
}
