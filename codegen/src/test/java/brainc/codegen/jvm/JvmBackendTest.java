package brainc.codegen.jvm;

import static brainc.codegen.jvm.Jk.bin;
import static brainc.codegen.jvm.Jk.buffer;
import static brainc.codegen.jvm.Jk.f32;
import static brainc.codegen.jvm.Jk.f64;
import static brainc.codegen.jvm.Jk.forRange;
import static brainc.codegen.jvm.Jk.i32;
import static brainc.codegen.jvm.Jk.i64;
import static brainc.codegen.jvm.Jk.let;
import static brainc.codegen.jvm.Jk.load;
import static brainc.codegen.jvm.Jk.local;
import static brainc.codegen.jvm.Jk.store;
import static brainc.codegen.jvm.Jk.var;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Memory;
import brainc.codegen.Simulation;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Fn;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The jvm backend one construct at a time, each checked against the interpreter bit for bit. */
class JvmBackendTest {
  private static final KExpr T = KExpr.Const.bool(true);
  private static final KExpr F = KExpr.Const.bool(false);

  private static Memory runInit(List<Buffer> buffers, KStmt... init) {
    Jk.Builder b = new Jk.Builder();
    b.buffers = buffers;
    b.init = List.of(init);
    b.steps = 0;
    return Jk.assertSameOnBoth(b.build()).memory();
  }

  /** Every kind of expression and statement the IR permits, in every type it takes, compiles, verifies and runs. */
  @Test
  void everyNodeKindCompilesVerifiesAndRuns() {
    List<KExpr> f32s = List.of(
        f32(1), load("f", i32(0), Scalar.F32), local("x", Scalar.F32),
        new KExpr.Unary(KExpr.UnaryOp.NEG, f32(1)), bin(BinaryOp.MAX, f32(1), f32(2)),
        new KExpr.Call(Fn.TANH, List.of(f32(1))), new KExpr.Call(Fn.POW, List.of(f32(2), f32(3))),
        new KExpr.Select(F, f32(1), f32(2)),
        new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 1, i32(0))),
        new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.NORMAL, 2, i64(5))),
        new KExpr.Cast(Scalar.F32, new KExpr.StepIndex()),
        new KExpr.Cast(Scalar.F32, T));
    List<KExpr> others = List.of(
        bin(BinaryOp.REM, f64(7.5), new KExpr.Cast(Scalar.F64, local("x", Scalar.F32))),
        new KExpr.Call(Fn.EXPM1, List.of(f64(0.5))),
        bin(BinaryOp.DIV, i32(-7), new KExpr.Unary(KExpr.UnaryOp.NEG, i32(2))),
        bin(BinaryOp.MIN, i64(3), new KExpr.Cast(Scalar.I64, f32(2.5f))),
        new KExpr.Select(bin(BinaryOp.AND, T, new KExpr.Unary(KExpr.UnaryOp.NOT, F)), i64(1), i64(2)),
        bin(BinaryOp.OR, bin(BinaryOp.LT, f32(Float.NaN), f32(1)), new KExpr.Cast(Scalar.BOOL, f64(0.1))),
        bin(BinaryOp.NE, T, bin(BinaryOp.GE, i64(1), i64(2))));
    List<KStmt> body = new ArrayList<>();
    body.add(new KStmt.Drain("q"));
    body.add(new KStmt.Drain("qd"));
    body.add(let("x", f32(3)));
    for (KExpr e : f32s) {
      body.add(store("f", i32(0), e));
    }
    for (KExpr e : others) {
      body.add(store("o_" + e.type(), i32(0), e));
    }
    body.add(new KStmt.Emit("s", i32(0)));
    body.add(new KStmt.ForSpikes("s", "k", List.of(
        new KStmt.ForTargets("c", var("k"), "post", "syn", List.of(
            new KStmt.Enqueue("q", i32(1), var("post"), f32(1)),
            new KStmt.Enqueue("qd", i64(2), var("post"), f64(0.5)))),
        new KStmt.ForTargets("p", var("k"), "post", "syn", List.of(
            new KStmt.Enqueue("q", i32(1), var("post"), f32(2)))),
        new KStmt.ForSources("c", var("k"), "pre", "syn2", List.of(
            store("w", var("syn2"), bin(BinaryOp.ADD, load("w", var("syn2"), Scalar.F32), f32(1))))))));
    body.add(new KStmt.If(T, List.of(store("f", i32(1), f32(4))), List.of(store("f", i32(1), f32(5)))));
    body.add(new KStmt.ForRange("i", i32(0), i32(1), List.of()));
    Jk.Builder b = new Jk.Builder();
    b.steps = 3;
    b.buffers = List.of(buffer("f", Scalar.F32, 2), buffer("o_F64", Scalar.F64, 2), buffer("o_I32", Scalar.I32, 1),
        buffer("o_I64", Scalar.I64, 1), buffer("o_BOOL", Scalar.BOOL, 1),
        new Buffer("w", Scalar.F32, new Extent.Synapses("c"), "c.w"));
    b.spikeSets = List.of(new KernelProgram.SpikeSet("s", 2, "s"));
    b.queues = List.of(new DelayQueue("q", "f", 1), new DelayQueue("qd", "o_F64", 2));
    b.connections = List.of(new Connection("c", 2, 2, new Rule.AllToAll(), Format.CSR, 1, true, true),
        new Connection("p", 2, 2, new Rule.AllToAll(), Format.PROCEDURAL, 2, false, true));
    b.step = body;
    Simulation sim = Jk.assertSameOnBoth(b.build());
    assertEquals(3, sim.currentStep());

    Set<Object> seen = new HashSet<>();
    f32s.forEach(e -> collect(e, seen));
    others.forEach(e -> collect(e, seen));
    body.forEach(s -> collect(s, seen));
    for (Class<?> kind : KExpr.class.getPermittedSubclasses()) {
      assertTrue(seen.contains(kind), "no test of " + kind.getSimpleName());
    }
    for (Class<?> kind : KStmt.class.getPermittedSubclasses()) {
      assertTrue(seen.contains(kind), "no test of " + kind.getSimpleName());
    }
    for (Scalar t : Scalar.values()) {
      assertTrue(seen.contains(t), "no expression of type " + t);
    }
  }

  private static void collect(KExpr e, Set<Object> seen) {
    seen.add(e.getClass());
    seen.add(e.type());
    if (e instanceof KExpr.Cast c) {
      collect(c.operand(), seen);
    } else if (e instanceof KExpr.Binary bn) {
      collect(bn.left(), seen);
      collect(bn.right(), seen);
    } else if (e instanceof KExpr.Unary u) {
      collect(u.operand(), seen);
    } else if (e instanceof KExpr.Select s) {
      collect(s.condition(), seen);
      collect(s.then(), seen);
      collect(s.otherwise(), seen);
    }
  }

  private static void collect(KStmt s, Set<Object> seen) {
    seen.add(s.getClass());
    if (s instanceof KStmt.ForSpikes f) {
      f.body().forEach(t -> collect(t, seen));
    } else if (s instanceof KStmt.ForTargets f) {
      f.body().forEach(t -> collect(t, seen));
    } else if (s instanceof KStmt.ForSources f) {
      f.body().forEach(t -> collect(t, seen));
    } else if (s instanceof KStmt.If i) {
      i.then().forEach(t -> collect(t, seen));
    }
  }

  @Test
  void floatArithmeticRoundsInItsOwnType() {
    Memory m = runInit(List.of(buffer("f", Scalar.F32, 5), buffer("d", Scalar.F64, 2)),
        store("f", i32(0), bin(BinaryOp.ADD, f32(0.1), f32(0.2))),
        store("f", i32(1), new KExpr.Call(Fn.EXP, List.of(f32(1)))),
        store("f", i32(2), bin(BinaryOp.MIN, f32(-0.0), f32(0.0))),
        store("f", i32(3), new KExpr.Call(Fn.POW, List.of(f32(2), f32(0.5)))),
        store("f", i32(4), f32(-0.0)),
        store("d", i32(0), bin(BinaryOp.ADD, f64(0.1), f64(0.2))),
        store("d", i32(1), bin(BinaryOp.REM, f64(-7.5), f64(2))));
    float[] f = m.f32("f");
    assertEquals(0.1f + 0.2f, f[0]);
    assertEquals((float) StrictMath.exp(1.0), f[1]);
    assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(f[2]));
    assertEquals((float) StrictMath.pow(2, 0.5), f[3]);
    assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(f[4]));
    assertArrayEquals(new double[] {0.1 + 0.2, -1.5}, m.f64("d"));
  }

  @Test
  void integerOpsCastsAndNaNComparisonsFollowJava() {
    KExpr nan = f32(Float.NaN);
    List<KStmt> stmts = new ArrayList<>(List.of(
        store("i", i32(0), bin(BinaryOp.DIV, i32(-7), i32(2))),
        store("i", i32(1), bin(BinaryOp.REM, i32(-7), i32(2))),
        store("i", i32(2), new KExpr.Cast(Scalar.I32, f32(-2.7))),
        store("i", i32(3), bin(BinaryOp.ADD, i32(Integer.MAX_VALUE), i32(1))),
        store("i", i32(4), new KExpr.Cast(Scalar.I32, f64(1e20))),
        store("l", i32(0), new KExpr.Cast(Scalar.I64, i32(-3))),
        store("l", i32(1), bin(BinaryOp.MUL, i64(1L << 40), i64(3)))));
    BinaryOp[] cmps = {BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE, BinaryOp.EQ, BinaryOp.NE};
    for (int k = 0; k < cmps.length; k++) {
      stmts.add(store("b", i32(k), bin(cmps[k], nan, f32(1))));
      stmts.add(store("b", i32(6 + k), new KExpr.Unary(KExpr.UnaryOp.NOT, bin(cmps[k], f64(Double.NaN), f64(1)))));
      stmts.add(new KStmt.If(bin(cmps[k], f32(1), nan), List.of(store("i", i32(5 + k), i32(1))), List.of()));
    }
    stmts.add(store("b", i32(12), new KExpr.Cast(Scalar.BOOL, nan)));
    Memory m = runInit(List.of(buffer("i", Scalar.I32, 11), buffer("l", Scalar.I64, 2), buffer("b", Scalar.BOOL, 13)),
        stmts.toArray(new KStmt[0]));
    assertArrayEquals(new int[] {-3, -1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 0, 0, 0, 0, 1}, m.i32("i"));
    assertArrayEquals(new long[] {-3, 3L << 40}, m.i64("l"));
    assertArrayEquals(new boolean[] {false, false, false, false, false, true, true, true, true, true, true, false,
        true}, m.bool("b"));
  }

  @Test
  void andOrAndSelectEvaluateOnlyWhatDecides() {
    // Each guarded load would be out of bounds if it ran.
    KExpr bad = bin(BinaryOp.GT, load("i", i32(99), Scalar.I32), i32(0));
    Memory m = runInit(List.of(buffer("i", Scalar.I32, 3)),
        store("i", i32(0), new KExpr.Select(bin(BinaryOp.AND, KExpr.Const.bool(false), bad), i32(1), i32(2))),
        store("i", i32(1), new KExpr.Select(bin(BinaryOp.OR, KExpr.Const.bool(true), bad), i32(3),
            load("i", i32(99), Scalar.I32))),
        store("i", i32(2), new KExpr.Cast(Scalar.I32, bin(BinaryOp.AND, KExpr.Const.bool(true),
            new KExpr.Unary(KExpr.UnaryOp.NOT, bin(BinaryOp.OR, KExpr.Const.bool(false), KExpr.Const.bool(false)))))));
    assertArrayEquals(new int[] {2, 3, 1}, m.i32("i"));
  }

  @Test
  void letsAreScopedAndShadowing() {
    Memory m = runInit(List.of(buffer("out", Scalar.I32, 3), buffer("d", Scalar.F64, 3)),
        let("x", i32(1)),
        let("w", f64(0.25)),
        forRange("i", 3,
            let("x", bin(BinaryOp.ADD, local("x", Scalar.I32), var("i"))),
            let("y", new KExpr.Cast(Scalar.F64, local("x", Scalar.I32))),
            store("d", var("i"), bin(BinaryOp.MUL, local("y", Scalar.F64), local("w", Scalar.F64))),
            store("out", var("i"), local("x", Scalar.I32))));
    assertArrayEquals(new int[] {1, 2, 3}, m.i32("out"));
    assertArrayEquals(new double[] {0.25, 0.5, 0.75}, m.f64("d"));
  }

  /** An init block that stores a constant per neuron overflows one method; it is split, lets and all. */
  @Test
  void hugeBlocksAreSplitIntoMethods() {
    int n = 12_000;
    List<KStmt> init = new ArrayList<>();
    init.add(let("scale", f32(0.5)));
    for (int i = 0; i < n; i++) {
      init.add(store("v", i32(i), bin(BinaryOp.MUL, f32(i % 97), local("scale", Scalar.F32))));
    }
    Jk.Builder b = new Jk.Builder();
    b.buffers = List.of(buffer("v", Scalar.F32, n));
    b.init = init;
    b.steps = 2;
    b.step = List.of(let("k", f32(1)), forRange("i", n,
        store("v", var("i"), bin(BinaryOp.ADD, load("v", var("i"), Scalar.F32), local("k", Scalar.F32)))));
    Simulation sim = Jk.assertSameOnBoth(b.build());
    assertEquals((96 % 97) * 0.5f + 2, sim.memory().f32("v")[96]);
    assertTrue(JvmBackend.textify(b.build()).contains("init$1"), "split into chunk methods");
  }

  @Test
  void malformedProgramsAreRejectedAsTheInterpreterRejectsThem() {
    List<Buffer> f = List.of(buffer("f", Scalar.F32, 1));
    List<KStmt> bad = List.of(
        store("f", i32(0), f64(1)),
        store("f", i32(0), bin(BinaryOp.ADD, f32(1), new KExpr.Cast(Scalar.F32, load("f", f32(0), Scalar.F32)))),
        store("f", i32(0), local("nope", Scalar.F32)),
        store("g", i32(0), f32(1)),
        store("f", i32(0), load("f", i32(0), Scalar.F64)),
        store("f", i32(0), new KExpr.Unary(KExpr.UnaryOp.NOT, f32(1))),
        store("f", i32(0), new KExpr.Cast(Scalar.F32, new KExpr.Call(Fn.EXP, List.of(i32(1))))),
        new KStmt.ForSources("c", i32(0), "pre", "syn", List.of()),
        new KStmt.Emit("nope", i32(0)));
    for (KStmt s : bad) {
      Jk.Builder b = new Jk.Builder();
      b.buffers = f;
      b.connections = List.of(new Connection("c", 1, 1, new Rule.AllToAll(), Format.CSR, 1, false, true));
      b.init = List.of(s);
      KernelProgram p = b.build();
      assertThrows(IllegalArgumentException.class, () -> Jk.jvm().prepare(p), s.toString());
      assertThrows(IllegalArgumentException.class, () -> Jk.interp().prepare(p), s.toString());
    }
  }

  @Test
  void textifyShowsStraightLineBytecode() {
    Jk.Builder b = new Jk.Builder();
    b.name = "decay";
    b.buffers = List.of(buffer("v", Scalar.F32, 4));
    b.step = List.of(forRange("i", 4,
        store("v", var("i"), bin(BinaryOp.MUL, load("v", var("i"), Scalar.F32), f32(0.5)))));
    String text = JvmBackend.textify(b.build());
    assertTrue(text.contains("final class brainc/codegen/jvm/Kernel_decay implements brainc/codegen/CompiledKernel"),
        text);
    assertTrue(text.contains("public final step(J)V"), text);
    assertTrue(text.contains("FALOAD"), text);
    assertTrue(text.contains("LDC 0.5"), text);
    assertTrue(text.contains("FMUL"), text);
    assertTrue(text.contains("FASTORE"), text);
    assertTrue(text.contains("INVOKEVIRTUAL brainc/codegen/Memory.f32"), text);
    assertTrue(!text.contains("INVOKEINTERFACE"), "no virtual calls in the step: " + text);
    assertEquals("jvm", new JvmBackend().name());
    JvmBackend.verify(JvmBackend.generate(b.build()));
  }
}
