package brainc.compiler.passes;

import brainc.ir.tensor.TensorProgram;

/** A pure transformation of the tensor IR; it returns its input when it changes nothing. */
public interface TensorPass extends Pass<TensorProgram, TensorProgram> {
  /** Training passes decide nothing that needs the context. */
  TensorProgram run(TensorProgram in);

  @Override
  default TensorProgram run(TensorProgram in, PassContext cx) {
    return run(in);
  }
}
