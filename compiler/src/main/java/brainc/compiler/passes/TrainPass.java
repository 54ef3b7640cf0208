package brainc.compiler.passes;

import brainc.ir.train.TrainProgram;

/** A pure transformation of the training IR; it returns its input when it changes nothing. */
public interface TrainPass {
  String name();

  TrainProgram run(TrainProgram in);
}
