package brainc.compiler.passes;

import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.ParallelLoops;

/**
 * Marks each kernel's top-level loops whose iterations touch only their own element as parallel
 * ({@link ParallelLoops}, the one race analysis): fusion fuses only marked loops, and the
 * backends split only marked loops across threads, so no one decides it twice.
 *
 * <p>Before: {@code for i in 0 .. n { v[i] = (v[i] * 0.9f32) }}; after:
 * {@code for i in 0 .. n parallel { ... }}. A loop that reads {@code v[(i + 1)]} stays unmarked.
 */
public final class MarkParallelLoops implements KernelPass {
  @Override
  public String name() {
    return "mark-parallel-loops";
  }

  @Override
  public KernelProgram run(KernelProgram in, PassContext cx) {
    KernelProgram out = ParallelLoops.mark(in);
    if (out == in) return in;
    int marked = 0;
    int loops = 0;
    for (Kernel k : out.step()) {
      for (KStmt s : k.body()) {
        if (s instanceof KStmt.ForRange r) {
          loops++;
          if (r.parallel()) marked++;
        }
      }
    }
    cx.explain(name(), marked + " of " + loops + " kernel loop(s) marked parallel (each iteration touches only its own element)");
    return out;
  }
}
