package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import java.util.List;
import org.junit.jupiter.api.Test;

class EliminateDeadLocalsTest {
  private static final KExpr I = new KExpr.Local("i", Scalar.I32);

  private static KernelProgram program(List<KStmt> body) {
    return new KernelProgram("p", 1e-4, 1, 0,
        List.of(new KernelProgram.Buffer("a", Scalar.F32, new KernelProgram.Extent.Fixed(4), "a")),
        List.of(), List.of(), List.of(), List.of(),
        KernelProgram.Kernel.of(List.of(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(4), body))),
        List.of(), List.of());
  }

  @Test
  void unreadLetsGoAndReadOnesStay() {
    KStmt dead = new KStmt.Let("dead", new KExpr.Load("a", I, Scalar.F32));
    KStmt used = new KStmt.Let("x", new KExpr.Load("a", I, Scalar.F32));
    KStmt store = new KStmt.Store("a", I, new KExpr.Local("x", Scalar.F32));
    KernelProgram out = new EliminateDeadLocals().run(program(List.of(dead, used, store)), new PassContext());
    assertEquals(List.of(used, store), ((KStmt.ForRange) out.stepStatements().get(0)).body());
  }

  @Test
  void aLetReadOnlyByAnotherDeadLetGoesToo() {
    KStmt a = new KStmt.Let("a1", new KExpr.Load("a", I, Scalar.F32));
    KStmt b = new KStmt.Let("b1", new KExpr.Local("a1", Scalar.F32));
    KernelProgram out = new EliminateDeadLocals().run(program(List.of(a, b)), new PassContext());
    assertEquals(List.of(), ((KStmt.ForRange) out.stepStatements().get(0)).body());
  }

  @Test
  void nothingToRemoveReturnsTheSameProgram() {
    KernelProgram in = program(List.of(new KStmt.Store("a", I, KExpr.Const.f32(1))));
    assertSame(in, new EliminateDeadLocals().run(in, new PassContext()));
  }
}
