package brainc.ir.model;

import java.util.Objects;

/** An alpha-function kernel with time constant {@code tau}. */
public record AlphaKernel(Expr tau) implements Kernel {
  public AlphaKernel {
    Objects.requireNonNull(tau, "tau");
  }

  @Override
  public <R> R accept(KernelVisitor<R> v) {
    return v.visit(this);
  }
}
