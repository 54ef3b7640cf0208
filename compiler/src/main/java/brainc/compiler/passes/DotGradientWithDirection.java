package brainc.compiler.passes;

import brainc.ir.tensor.TensorProgram;

/**
 * A differentiated single-step program to the forward program whose output {@code gv} is, per
 * sample, its gradient dotted with a direction (new parameters {@code v.P}, see {@link
 * FlattenGradient#directionalDerivative}): differentiated in turn, its parameter gradient is the
 * Hessian-vector product.
 */
public final class DotGradientWithDirection implements TensorPass {
  /** The output (and state) that holds the directional derivative. */
  public static final String OUTPUT = "gv";

  @Override
  public String name() {
    return "dot-gradient-with-direction";
  }

  @Override
  public TensorProgram run(TensorProgram in) {
    return FlattenGradient.of(in).directionalDerivative(OUTPUT);
  }
}
