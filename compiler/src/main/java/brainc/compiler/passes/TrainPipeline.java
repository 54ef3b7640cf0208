package brainc.compiler.passes;

import brainc.compiler.schedule.ScheduleTraining;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.train.TrainProgram;
import brainc.ir.train.TrainVerifier;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The declared order of passes from a network's model IR to a differentiated training
 * program: {@code schedule-training} (the forward step, {@link ScheduleTraining}), {@code
 * mark-binary-inputs}, {@code differentiate}. The program is verified after each; {@code
 * observer} sees it (for {@code --dump-ir=after:NAME}).
 */
public final class TrainPipeline {
  private TrainPipeline() {}

  public static final List<String> PASSES = List.of("schedule-training", "mark-binary-inputs", "differentiate");

  public static TrainProgram compile(IrModule module, Network net, boolean detachReset,
      BiConsumer<String, TrainProgram> observer) {
    TrainProgram p = ScheduleTraining.lower(module, net, detachReset);
    verify("schedule-training", p);
    observer.accept("schedule-training", p);
    for (TrainPass pass : List.of(new MarkBinaryInputs(), new Differentiate())) {
      p = pass.run(p);
      verify(pass.name(), p);
      observer.accept(pass.name(), p);
    }
    return p;
  }

  private static void verify(String pass, TrainProgram p) {
    List<String> problems = TrainVerifier.verify(p);
    if (!problems.isEmpty()) throw new IllegalStateException("after " + pass + ", the training IR is invalid: " + problems);
  }
}
