package brainc.compiler.passes;

import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.tensor.TensorProgram;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The compilation of a network for training, from its model IR to a differentiated training
 * program: the tensor targets' declared pipeline ({@link PipelineSpec#TENSOR}: {@code
 * schedule-training}, {@code mark-binary-inputs}, {@code differentiate}) run by the {@link
 * PassManager}, which verifies the program after each pass; {@code observer} sees it (for
 * {@code --dump-ir=after:NAME}).
 */
public final class TrainPipeline {
  private TrainPipeline() {}

  public static final List<String> PASSES = PipelineSpec.TENSOR.passes();

  /**
   * The training program of {@code net}, which {@link TrainCheck} passed ({@link TrainLegality}
   * found before lowering what {@link ScheduleTraining} cannot lower yet, so a refusal of the
   * lowering here is a compiler bug, an IllegalStateException naming its code and place).
   */
  public static TensorProgram compile(IrModule module, Network net, boolean detachReset,
      BiConsumer<String, TensorProgram> observer) {
    return compile(module, net, detachReset, observer, new PassContext());
  }

  /** {@link #compile(IrModule, Network, boolean, BiConsumer)}, timing each pass into {@code cx}. */
  public static TensorProgram compile(IrModule module, Network net, boolean detachReset,
      BiConsumer<String, TensorProgram> observer, PassContext cx) {
    cx.costModel(PipelineSpec.TENSOR.costModel());
    try {
      return PipelineSpec.TENSOR.passesFor(new PipelineSpec.Training(net, detachReset))
          .run(module, cx, (pass, ir) -> observer.accept(pass, (TensorProgram) ir));
    } catch (Refusal e) {
      throw e.unchecked();
    }
  }
}
