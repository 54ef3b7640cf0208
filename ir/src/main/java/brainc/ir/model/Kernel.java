package brainc.ir.model;


/** The post-synaptic kernel through which spikes reach an input port. */
public sealed interface Kernel permits DeltaKernel, ExpKernel, AlphaKernel {

  <R> R accept(KernelVisitor<R> v);
}
