package brainc.codegen.train;

import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.engine.Engine;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import brainc.ir.tensor.TensorProgram;

/**
 * An engine for the tensor IR: it makes the executor that runs a program's forward and
 * backward steps for one shard of a batch. {@code jvm} compiles maps and dense layers to
 * bytecode; {@code interp} is the reference, element by element. Both give the same numbers.
 */
public interface TrainEngine extends Engine {
  /** An executor of {@code program} over {@code params} for batches of at most {@code maxBatch}. */
  TensorExecutor executor(TensorProgram program, ParamStore params, int maxBatch, long seed, boolean vector);

  TrainEngine JVM = new TrainEngine() {
    @Override
    public TargetInfo info() {
      return Targets.TENSOR_JVM;
    }

    @Override
    public TensorExecutor executor(TensorProgram p, ParamStore params, int maxBatch, long seed, boolean vector) {
      return new JvmTensorExecutor(p, params, maxBatch, seed, vector);
    }
  };

  TrainEngine INTERP = new TrainEngine() {
    @Override
    public TargetInfo info() {
      return Targets.TENSOR_INTERP;
    }

    @Override
    public TensorExecutor executor(TensorProgram p, ParamStore params, int maxBatch, long seed, boolean vector) {
      return new TensorInterpreter(p, params, maxBatch, seed);
    }
  };
}
