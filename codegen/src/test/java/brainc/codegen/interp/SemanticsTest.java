package brainc.codegen.interp;

import static brainc.codegen.interp.K.bin;
import static brainc.codegen.interp.K.buffer;
import static brainc.codegen.interp.K.f32;
import static brainc.codegen.interp.K.f64;
import static brainc.codegen.interp.K.forRange;
import static brainc.codegen.interp.K.i32;
import static brainc.codegen.interp.K.i64;
import static brainc.codegen.interp.K.let;
import static brainc.codegen.interp.K.load;
import static brainc.codegen.interp.K.local;
import static brainc.codegen.interp.K.step;
import static brainc.codegen.interp.K.store;
import static brainc.codegen.interp.K.var;
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
import brainc.runtime.random.CounterRng;
import brainc.runtime.sim.Csr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The arithmetic, randomness and loops of the interpreter, one statement at a time. */
class SemanticsTest {
  private static Memory runInit(List<Buffer> buffers, List<Connection> connections, KStmt... init) {
    K.Builder b = new K.Builder();
    b.buffers = buffers;
    b.connections = connections;
    b.init = List.of(init);
    return new Interpreter().prepare(b.build()).memory();
  }

  private static Memory runInit(List<Buffer> buffers, KStmt... init) {
    return runInit(buffers, List.of(), init);
  }

  @Test
  void floatArithmeticRoundsInItsOwnType() {
    Memory m = runInit(List.of(buffer("f", Scalar.F32, 4), buffer("d", Scalar.F64, 2)),
        store("f", i32(0), bin(BinaryOp.ADD, f32(0.1), f32(0.2))),
        store("f", i32(1), new KExpr.Call(Fn.EXP, List.of(f32(1)))),
        store("f", i32(2), bin(BinaryOp.MIN, f32(-0.0), f32(0.0))),
        store("f", i32(3), new KExpr.Call(Fn.POW, List.of(f32(2), f32(0.5)))),
        store("d", i32(0), bin(BinaryOp.ADD, f64(0.1), f64(0.2))),
        store("d", i32(1), bin(BinaryOp.REM, f64(-7.5), f64(2))));
    float[] f = m.f32("f");
    assertEquals(0.1f + 0.2f, f[0]);
    assertEquals((float) StrictMath.exp(1.0), f[1]);
    assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(f[2]));
    assertEquals((float) StrictMath.pow(2, 0.5), f[3]);
    assertArrayEquals(new double[] {0.1 + 0.2, -1.5}, m.f64("d"));
  }

  @Test
  void integerOpsAndCastsFollowJava() {
    Memory m = runInit(List.of(buffer("i", Scalar.I32, 5), buffer("l", Scalar.I64, 2), buffer("b", Scalar.BOOL, 2)),
        store("i", i32(0), bin(BinaryOp.DIV, i32(-7), i32(2))),
        store("i", i32(1), bin(BinaryOp.REM, i32(-7), i32(2))),
        store("i", i32(2), new KExpr.Cast(Scalar.I32, f32(-2.7))),
        store("i", i32(3), bin(BinaryOp.ADD, i32(Integer.MAX_VALUE), i32(1))),
        store("i", i32(4), new KExpr.Cast(Scalar.I32, f64(1e20))),
        store("l", i32(0), new KExpr.Cast(Scalar.I64, i32(-3))),
        store("l", i32(1), bin(BinaryOp.MUL, i64(1L << 40), i64(3))),
        store("b", i32(0), new KExpr.Cast(Scalar.BOOL, f32(0.5))),
        store("b", i32(1), bin(BinaryOp.AND, KExpr.Const.bool(true), new KExpr.Unary(KExpr.UnaryOp.NOT,
            bin(BinaryOp.LT, f32(Float.NaN), f32(1))))));
    assertArrayEquals(new int[] {-3, -1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE}, m.i32("i"));
    assertArrayEquals(new long[] {-3, 3L << 40}, m.i64("l"));
    assertArrayEquals(new boolean[] {true, true}, m.bool("b"));
  }

  @Test
  void randDrawsTheSharedCounterRng() {
    K.Builder b = new K.Builder();
    b.seed = 99;
    b.steps = 3;
    b.buffers = List.of(buffer("u", Scalar.F64, 4), buffer("z", Scalar.F32, 4));
    b.step = List.of(forRange("i", 4,
        store("u", var("i"), new KExpr.Rand(KExpr.Dist.UNIFORM, 11, var("i"))),
        store("z", var("i"), new KExpr.Cast(Scalar.F32,
            new KExpr.Rand(KExpr.Dist.NORMAL, 12, bin(BinaryOp.MUL, new KExpr.Cast(Scalar.I64, var("i")), step()))))));
    Simulation sim = new Interpreter().prepare(b.build());
    sim.run();
    for (int i = 0; i < 4; i++) {
      assertEquals(CounterRng.uniformDouble(99, 11, 2, i), sim.memory().f64("u")[i]);
      assertEquals((float) CounterRng.normal(99, 12, 2, 2L * i), sim.memory().f32("z")[i]);
    }
  }

  @Test
  void letsAreScopedAndShadowing() {
    Memory m = runInit(List.of(buffer("out", Scalar.I32, 3)),
        let("x", i32(1)),
        forRange("i", 3,
            let("x", bin(BinaryOp.ADD, local("x", Scalar.I32), var("i"))),
            store("out", var("i"), local("x", Scalar.I32))));
    assertArrayEquals(new int[] {1, 2, 3}, m.i32("out"));
  }

  @Test
  void forSourcesWalksTheReverseIndex() {
    Connection c = new Connection("c", 30, 20, new Rule.FixedFanIn(4), Format.CSR, 2, true, true);
    Buffer w = new Buffer("w", Scalar.F32, new Extent.Synapses("c"), "c.w");
    Memory m = runInit(List.of(buffer("fanIn", Scalar.I32, 20), buffer("preSum", Scalar.I32, 20), w), List.of(c),
        forRange("j", 20,
            new KStmt.ForSources("c", var("j"), "pre", "syn", List.of(
                store("fanIn", var("j"), bin(BinaryOp.ADD, load("fanIn", var("j"), Scalar.I32), i32(1))),
                store("preSum", var("j"), bin(BinaryOp.ADD, load("preSum", var("j"), Scalar.I32), var("pre"))),
                store("w", var("syn"), new KExpr.Cast(Scalar.F32, var("j")))))));
    Csr csr = m.csr("c");
    for (int j = 0; j < 20; j++) {
      assertEquals(4, m.i32("fanIn")[j]);
    }
    assertEquals(80, m.f32("w").length);
    for (int s = 0; s < csr.synapses(); s++) {
      assertEquals(csr.cols[s], m.f32("w")[s], "synapse " + s + " knows its target");
    }
  }

  @Test
  void malformedProgramsAreRejectedBeforeTheFirstStep() {
    List<Buffer> f = List.of(buffer("f", Scalar.F32, 1));
    assertThrows(IllegalArgumentException.class, () -> runInit(f, store("f", i32(0), f64(1))));
    assertThrows(IllegalArgumentException.class, () -> runInit(f, store("f", i32(0), bin(BinaryOp.ADD, f32(1),
        new KExpr.Cast(Scalar.F32, load("f", f32(0), Scalar.F32))))));
    assertThrows(IllegalArgumentException.class, () -> runInit(f, store("f", i32(0), local("nope", Scalar.F32))));
    assertThrows(IllegalArgumentException.class, () -> runInit(f, store("g", i32(0), f32(1))));
    assertThrows(IllegalArgumentException.class, () -> runInit(f, store("f", i32(0), load("f", i32(0), Scalar.F64))));
    Connection proc = new Connection("c", 4, 4, new Rule.AllToAll(), Format.PROCEDURAL, 1, false, true);
    Buffer perSynapse = new Buffer("w", Scalar.F32, new Extent.Synapses("c"), "c.w");
    assertThrows(IllegalArgumentException.class, () -> runInit(List.of(perSynapse), List.of(proc)));
    Connection fanIn = new Connection("c", 4, 4, new Rule.FixedFanIn(2), Format.PROCEDURAL, 1, false, true);
    assertThrows(IllegalArgumentException.class, () -> runInit(List.of(), List.of(fanIn)));
    Connection wideStream = new Connection("c", 4, 4, new Rule.AllToAll(), Format.CSR, 1L << 32, false, true);
    assertThrows(IllegalArgumentException.class, () -> runInit(List.of(), List.of(wideStream)));
  }

  /** Every kind of expression and statement the IR permits appears here and runs. */
  @Test
  void everyNodeKindIsInterpreted() {
    List<KExpr> exprs = List.of(
        f32(1), load("f", i32(0), Scalar.F32), local("x", Scalar.F32),
        new KExpr.Unary(KExpr.UnaryOp.NEG, f32(1)), bin(BinaryOp.MAX, f32(1), f32(2)),
        new KExpr.Call(Fn.TANH, List.of(f32(1))), new KExpr.Select(KExpr.Const.bool(false), f32(1), f32(2)),
        new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 1, i32(0))),
        new KExpr.Cast(Scalar.F32, step()));
    List<KStmt> body = new java.util.ArrayList<>();
    body.add(new KStmt.Drain("q"));
    body.add(let("x", f32(3)));
    for (KExpr e : exprs) {
      body.add(store("f", i32(0), e));
    }
    body.add(new KStmt.Emit("s", i32(0)));
    body.add(new KStmt.ForSpikes("s", "k", List.of(
        new KStmt.ForTargets("c", var("k"), "post", "syn", List.of(new KStmt.Enqueue("q", i32(1), var("post"), f32(1)))),
        new KStmt.ForSources("c", var("k"), "pre", "syn2", List.of()))));
    body.add(new KStmt.If(KExpr.Const.bool(true), List.of(), List.of()));
    body.add(new KStmt.ForRange("i", i32(0), i32(1), List.of()));
    K.Builder b = new K.Builder();
    b.steps = 2;
    b.buffers = List.of(buffer("f", Scalar.F32, 2));
    b.spikeSets = List.of(new KernelProgram.SpikeSet("s", 2, "s"));
    b.queues = List.of(new DelayQueue("q", "f", 1));
    b.connections = List.of(new Connection("c", 2, 2, new Rule.AllToAll(), Format.CSR, 1, true, true));
    b.step = body;
    Simulation sim = new Interpreter().prepare(b.build());
    sim.run();
    assertEquals(2, sim.currentStep());

    Set<Class<?>> seen = new HashSet<>();
    exprs.forEach(e -> collect(e, seen));
    body.forEach(s -> collectStmt(s, seen));
    for (Class<?> kind : KExpr.class.getPermittedSubclasses()) {
      assertTrue(seen.contains(kind), "no test of " + kind.getSimpleName());
    }
    for (Class<?> kind : KStmt.class.getPermittedSubclasses()) {
      assertTrue(seen.contains(kind), "no test of " + kind.getSimpleName());
    }
  }

  private static void collect(KExpr e, Set<Class<?>> seen) {
    seen.add(e.getClass());
    if (e instanceof KExpr.Cast c) {
      collect(c.operand(), seen);
    }
  }

  private static void collectStmt(KStmt s, Set<Class<?>> seen) {
    seen.add(s.getClass());
    if (s instanceof KStmt.ForSpikes f) {
      f.body().forEach(t -> collectStmt(t, seen));
    } else if (s instanceof KStmt.ForTargets f) {
      f.body().forEach(t -> collectStmt(t, seen));
    }
  }
}
