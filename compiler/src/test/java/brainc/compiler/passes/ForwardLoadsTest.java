package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardLoadsTest {
  private static final KExpr I = new KExpr.Local("i", Scalar.I32);
  private static final KExpr N = new KExpr.Local("n", Scalar.F32);

  private static KernelProgram program(List<KStmt> body) {
    return new KernelProgram("p", 1e-4, 1, 0, List.of(
        new KernelProgram.Buffer("a", Scalar.F32, new KernelProgram.Extent.Fixed(4), "a"),
        new KernelProgram.Buffer("b", Scalar.F32, new KernelProgram.Extent.Fixed(4), "b")),
        List.of(), List.of(), List.of(), List.of(),
        KernelProgram.Kernel.of(List.of(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(4), body))),
        List.of(), List.of());
  }

  private static List<KStmt> body(KernelProgram p) {
    return ((KStmt.ForRange) p.stepStatements().get(0)).body();
  }

  @Test
  void aLoadAfterAStoreReadsTheStoredLocal() {
    KernelProgram out = new ForwardLoads().run(program(List.of(
        new KStmt.Let("n", KExpr.Const.f32(1)),
        new KStmt.Store("a", I, N),
        new KStmt.Let("x", new KExpr.Load("a", I, Scalar.F32)))), new PassContext());
    assertEquals(new KStmt.Let("x", N), body(out).get(2));
  }

  @Test
  void aStoreToTheSameBufferInBetweenStopsTheForwarding() {
    List<KStmt> in = List.of(
        new KStmt.Let("n", KExpr.Const.f32(1)),
        new KStmt.Store("a", I, N),
        new KStmt.If(KExpr.Const.bool(true), List.of(new KStmt.Store("a", I, KExpr.Const.f32(2))), List.of()),
        new KStmt.Let("x", new KExpr.Load("a", I, Scalar.F32)));
    KernelProgram p = program(in);
    assertSame(p, new ForwardLoads().run(p, new PassContext()));
  }

  @Test
  void aSecondLoadOfTheSameElementReusesTheFirst() {
    KernelProgram out = new ForwardLoads().run(program(List.of(
        new KStmt.Let("x", new KExpr.Load("b", I, Scalar.F32)),
        new KStmt.Store("a", I, new KExpr.Load("b", I, Scalar.F32)))), new PassContext());
    assertEquals(new KStmt.Store("a", I, new KExpr.Local("x", Scalar.F32)), body(out).get(1));
  }
}
