package brainc.ir.model;

/** Spikes add to the port in the step they arrive. */
public record DeltaKernel() implements Kernel {
  @Override
  public <R> R accept(KernelVisitor<R> v) {
    return v.visit(this);
  }
}
