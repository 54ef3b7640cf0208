package brainc.codegen.train;

import brainc.codegen.engine.Engine;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import brainc.ir.train.TrainProgram;

/**
 * An engine for the training IR: it makes the executor that runs a program's forward and
 * backward steps for one shard of a batch. {@code jvm} compiles maps and dense layers to
 * bytecode; {@code interp} is the reference, element by element. Both give the same numbers.
 */
public interface TrainEngine extends Engine {
  /** An executor of {@code program} over {@code params} for batches of at most {@code maxBatch}. */
  TrainExecutor executor(TrainProgram program, ParamStore params, int maxBatch, long seed, boolean vector);

  TrainEngine JVM = new TrainEngine() {
    @Override
    public TargetInfo info() {
      return Targets.TENSOR_JVM;
    }

    @Override
    public TrainExecutor executor(TrainProgram p, ParamStore params, int maxBatch, long seed, boolean vector) {
      return new JvmTrainExecutor(p, params, maxBatch, seed, vector);
    }
  };

  TrainEngine INTERP = new TrainEngine() {
    @Override
    public TargetInfo info() {
      return Targets.TENSOR_INTERP;
    }

    @Override
    public TrainExecutor executor(TrainProgram p, ParamStore params, int maxBatch, long seed, boolean vector) {
      return new TrainInterpreter(p, params, maxBatch, seed);
    }
  };
}
