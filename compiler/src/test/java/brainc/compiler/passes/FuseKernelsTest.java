package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
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

  private static KernelProgram program(List<KStmt> step) {
    return new KernelProgram("p", 1e-4, 1, 0, List.of(
        new KernelProgram.Buffer("a", Scalar.F32, new KernelProgram.Extent.Fixed(10), "a"),
        new KernelProgram.Buffer("b", Scalar.F32, new KernelProgram.Extent.Fixed(10), "b")),
        List.of(), List.of(), List.of(), List.of(), step, List.of(), List.of());
  }

  @Test
  void adjacentElementwiseLoopsBecomeOneAndClashingLocalsAreRenamed() {
    KernelProgram out = new FuseKernels().run(program(List.of(loop("a", "x"), loop("b", "x"))), new PassContext());
    assertEquals(1, out.step().size());
    KStmt.ForRange f = (KStmt.ForRange) out.step().get(0);
    assertEquals(4, f.body().size());
    assertEquals("x_2", ((KStmt.Let) f.body().get(2)).name());
  }

  @Test
  void loopsThatReadOtherElementsAreLeftAlone() {
    KStmt neighbour = new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(10), List.of(
        new KStmt.Store("b", I, new KExpr.Load("a", new KExpr.Binary(KExpr.BinaryOp.ADD, I, KExpr.Const.i32(1)),
            Scalar.F32))));
    KernelProgram in = program(List.of(loop("a", "x"), neighbour));
    assertSame(in, new FuseKernels().run(in, new PassContext()));
  }
}
