package brainc.ir.model;

import java.util.Objects;

/** An exponentially decaying kernel with time constant {@code tau}. */
public record ExpKernel(Expr tau) implements Kernel {
  public ExpKernel {
    Objects.requireNonNull(tau, "tau");
  }

  @Override
  public <R> R accept(KernelVisitor<R> v) {
    return v.visit(this);
  }
}
