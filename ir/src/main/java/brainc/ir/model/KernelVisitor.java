package brainc.ir.model;


/** Exhaustive dispatch over {@link Kernel}: one method per permitted record. */
public interface KernelVisitor<R> {
  R visit(DeltaKernel node);

  R visit(ExpKernel node);

  R visit(AlphaKernel node);
}
