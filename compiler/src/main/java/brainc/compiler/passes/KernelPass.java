package brainc.compiler.passes;

import brainc.ir.kernel.KernelProgram;

/** A pure transformation of the kernel IR; it returns its input when it changes nothing. */
public interface KernelPass extends Pass<KernelProgram, KernelProgram> {}
