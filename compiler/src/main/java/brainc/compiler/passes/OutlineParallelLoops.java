package brainc.compiler.passes;

import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.ParallelLoops;

/**
 * Marks the loops a backend runs as units of their own on its threads: each loop that {@code
 * mark-parallel-loops} found elementwise, at the top of a step kernel ({@link
 * ParallelLoops#outline}). The JVM backend makes each one a method over a sub-range ({@code
 * loop$k}) when it runs on more than one thread, and decides nothing itself. Runs after fusion and
 * the local clean-ups, which change the loops it marks.
 *
 * <p>Before: {@code for i in 0 .. n parallel { ... }}; after: {@code for i in 0 .. n parallel
 * outlined { ... }}.
 */
public final class OutlineParallelLoops implements KernelPass {
  @Override
  public String name() {
    return "outline-parallel-loops";
  }

  @Override
  public KernelProgram run(KernelProgram in, PassContext cx) {
    KernelProgram out = ParallelLoops.outline(in);
    if (out == in) return in;
    int outlined = 0;
    for (Kernel k : out.step()) {
      for (KStmt s : k.body()) {
        if (s instanceof KStmt.ForRange r && r.outlined()) outlined++;
      }
    }
    cx.explain(name(), outlined + " parallel loop(s) outlined (each a unit of work for the threads)");
    return out;
  }
}
