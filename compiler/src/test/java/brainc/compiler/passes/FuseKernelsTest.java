package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.Scalar;
import brainc.ir.kernel.verify.KernelVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuseKernelsTest {
  private static final KExpr I = new KExpr.Local("i", Scalar.I32);

  private static KStmt loop(String buffer, String local) {
    return new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(10), List.of(
        new KStmt.Let(local, new KExpr.Load(buffer, I, Scalar.F32)),
        new KStmt.Store(buffer, I, new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Local(local, Scalar.F32),
            KExpr.Const.f32(1)))));
  }

  private static Kernel kernel(String name, KernelKind kind, String population, KStmt loop) {
    return new Kernel(name, kind, new IndexSpace.Neurons(population, 10), List.of(loop));
  }

  private static KernelProgram program(Kernel... step) {
    return new KernelProgram("p", 1e-4, 1, 0, List.of(
        new KernelProgram.Buffer("a", Scalar.F32, new KernelProgram.Extent.Fixed(10), "a"),
        new KernelProgram.Buffer("b", Scalar.F32, new KernelProgram.Extent.Fixed(10), "b")),
        List.of(new KernelProgram.SpikeSet("p", 10, "p"), new KernelProgram.SpikeSet("q", 10, "q")), List.of(),
        List.of(), List.of(), List.of(step), List.of(), List.of());
  }

  /** As the compiler runs it: loops marked by mark-parallel-loops first. */
  private static KernelProgram fuse(KernelProgram in) {
    return new FuseKernels().run(new MarkParallelLoops().run(in, new PassContext()), new PassContext());
  }

  @Test
  void adjacentElementwiseLoopsBecomeOneAndClashingLocalsAreRenamed() {
    KernelProgram out = fuse(program(kernel("p.update", KernelKind.UPDATE, "p", loop("a", "x")),
        kernel("p.threshold", KernelKind.THRESHOLD, "p", loop("b", "x"))));
    assertEquals(1, out.step().size());
    Kernel k = out.step().get(0);
    assertEquals("p.update+p.threshold", k.name());
    assertEquals(List.of(KernelKind.UPDATE, KernelKind.THRESHOLD), k.kinds());
    assertEquals(new IndexSpace.Neurons("p", 10), k.space());
    KStmt.ForRange f = (KStmt.ForRange) k.body().get(0);
    assertEquals(4, f.body().size());
    assertEquals("x_2", ((KStmt.Let) f.body().get(2)).name());
    assertEquals(true, f.parallel());
    assertEquals(List.of(), KernelVerifier.verify(out));
  }

  /** Equal ranges of two populations stay two kernels: a parallel target launches one per population. */
  @Test
  void kernelsOfDifferentPopulationsStayApart() {
    KernelProgram in = program(kernel("p.update", KernelKind.UPDATE, "p", loop("a", "x")),
        kernel("q.update", KernelKind.UPDATE, "q", loop("b", "x")));
    KernelProgram marked = new MarkParallelLoops().run(in, new PassContext());
    assertSame(marked, new FuseKernels().run(marked, new PassContext()));
  }

  @Test
  void loopsThatReadOtherElementsAreLeftAlone() {
    KStmt neighbour = new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(10), List.of(
        new KStmt.Store("b", I, new KExpr.Load("a", new KExpr.Binary(KExpr.BinaryOp.ADD, I, KExpr.Const.i32(1)),
            Scalar.F32))));
    KernelProgram in = program(kernel("p.update", KernelKind.UPDATE, "p", loop("a", "x")),
        kernel("p.threshold", KernelKind.THRESHOLD, "p", neighbour));
    KernelProgram marked = new MarkParallelLoops().run(in, new PassContext());
    assertSame(marked, new FuseKernels().run(marked, new PassContext()));
  }
}
