package brainc.compiler.passes;

import brainc.ir.train.TrainProgram;

/** A pure transformation of the training IR; it returns its input when it changes nothing. */
public interface TrainPass extends Pass<TrainProgram, TrainProgram> {
  /** Training passes decide nothing that needs the context. */
  TrainProgram run(TrainProgram in);

  @Override
  default TrainProgram run(TrainProgram in, PassContext cx) {
    return run(in);
  }
}
