package brainc.codegen.jvm;

import static brainc.codegen.jvm.Jk.bin;
import static brainc.codegen.jvm.Jk.buffer;
import static brainc.codegen.jvm.Jk.f32;
import static brainc.codegen.jvm.Jk.forRange;
import static brainc.codegen.jvm.Jk.i32;
import static brainc.codegen.jvm.Jk.let;
import static brainc.codegen.jvm.Jk.load;
import static brainc.codegen.jvm.Jk.local;
import static brainc.codegen.jvm.Jk.store;
import static brainc.codegen.jvm.Jk.var;
import static brainc.codegen.jvm.Jk.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
import brainc.codegen.Memory;
import brainc.codegen.Simulation;
import brainc.codegen.interp.Interpreter;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import brainc.runtime.io.NpyArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stepping on several threads gives the bits and spikes of one thread, on both backends: the
 * networks here are big enough that their neuron loops split into chunks (a chunk threshold of
 * 1,000 iterations), and their spikes feed float sums whose result depends on emission order.
 */
class ParallelSteppingTest {
  private static final int MIN_CHUNK = 1000;

  private static Backend interp(int threads) {
    return new Interpreter(new Driver.Options(1, 1_000_000, threads, MIN_CHUNK));
  }

  private static Backend jvm(int threads) {
    return new JvmBackend(new Driver.Options(1, 1_000_000, threads, MIN_CHUNK), true);
  }

  /** Everything a run leaves behind, as bits by name; or how it failed. */
  private static Map<String, long[]> outcome(Backend backend, KernelProgram p) {
    Map<String, long[]> out = new LinkedHashMap<>();
    try (Simulation sim = backend.prepare(p)) {
      try {
        sim.run(p.steps(), (done, total) -> {});
      } catch (RuntimeException e) {
        out.put("failure " + e.getClass().getName() + ": " + e.getMessage(), new long[] {sim.currentStep()});
      }
      Memory m = sim.memory();
      for (Buffer b : p.buffers()) {
        out.put("buffer " + b.name(), Jk.bits(m.buffer(b.name())));
      }
      for (KernelProgram.SpikeSet s : p.spikeSets()) {
        int[] live = java.util.Arrays.copyOf(m.spikeSet(s.name()).indices, m.spikeSet(s.name()).count);
        out.put("spikes " + s.name(), Jk.bits(live));
      }
      for (Map.Entry<String, NpyArray> a : sim.recorder().arrays().entrySet()) {
        out.put("probe " + a.getKey(), Jk.bits(a.getValue()));
      }
    }
    return out;
  }

  private static void assertSame(Map<String, long[]> expected, Map<String, long[]> actual, String what) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what);
    for (String k : expected.keySet()) {
      assertArrayEquals(expected.get(k), actual.get(k), what + ": " + k);
    }
  }

  /** Interp and jvm at 1, 2 and 3 threads all give interp's one-thread outcome, a run to the end. */
  private static Map<String, long[]> assertSameAtAnyThreadCount(KernelProgram p) {
    Map<String, long[]> reference = outcome(interp(1), p);
    assertTrue(reference.keySet().iterator().next().startsWith("buffer "), reference.keySet().toString());
    for (int t = 1; t <= 3; t++) {
      assertSame(reference, outcome(interp(t), p), "interp, " + t + " thread(s)");
      assertSame(reference, outcome(jvm(t), p), "jvm, " + t + " thread(s)");
    }
    return reference;
  }

  private static long spikes(Map<String, long[]> outcome, String probe) {
    return outcome.get("probe " + probe).length;
  }

  @Test
  void recurrentNetworkOf10000NeuronsWithNoiseAndDelays() {
    KernelProgram p = JvmDifferentialTest.network(10_000, 200, new Rule.Bernoulli(0.002), Format.CSR, false, 21);
    assertTrue(((KStmt.ForRange) p.stepStatements().get(1)).parallel());
    Map<String, long[]> out = assertSameAtAnyThreadCount(p);
    assertTrue(spikes(out, "spikes") > 1000, "spikes: " + spikes(out, "spikes"));
  }

  @Test
  void plasticNetworkWithTheReverseIndex() {
    assertSameAtAnyThreadCount(JvmDifferentialTest.network(5_000, 100, new Rule.FixedFanIn(20), Format.CSR, true, 4));
  }

  @Test
  void proceduralConnectivity() {
    assertSameAtAnyThreadCount(JvmDifferentialTest.network(6_000, 100, new Rule.FixedFanOut(10), Format.PROCEDURAL,
        false, 8));
  }

  /**
   * Two spike sets emitted from one loop, a local of the step read inside it, a loop that must
   * not split (it reads its neighbour), and a loop too short to split.
   */
  static KernelProgram twoSetsAndFreeLocals(int n) {
    Jk.Builder b = new Jk.Builder();
    b.steps = 150;
    b.seed = 9;
    b.buffers = List.of(buffer("v", Scalar.F32, n), buffer("u", Scalar.F64, n), buffer("small", Scalar.I32, 50));
    b.spikeSets = List.of(new KernelProgram.SpikeSet("even", n, "even"), new KernelProgram.SpikeSet("odd", n, "odd"));
    b.init = List.of(forRange("i", n, store("v", var("i"),
        new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 1, var("i"))))));
    KExpr v = load("v", var("i"), Scalar.F32);
    KExpr drive = local("drive", Scalar.F32);
    b.step = List.of(
        let("drive", bin(BinaryOp.MUL, f32(0.001), new KExpr.Cast(Scalar.F32, new KExpr.StepIndex()))),
        let("phase", bin(BinaryOp.REM, new KExpr.StepIndex(), new KExpr.Const(2, Scalar.I64))),
        forRange("i", n,
            let("x", bin(BinaryOp.ADD, bin(BinaryOp.MUL, v, f32(0.97)), bin(BinaryOp.ADD, drive,
                new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 2, var("i")))))),
            store("v", var("i"), local("x", Scalar.F32)),
            when(bin(BinaryOp.GT, local("x", Scalar.F32), f32(1)),
                store("v", var("i"), f32(0)),
                new KStmt.If(bin(BinaryOp.EQ, bin(BinaryOp.REM, var("i"), i32(2)), i32(0)),
                    List.of(new KStmt.Emit("even", var("i"))),
                    List.of(new KStmt.Emit("odd", var("i")),
                        when(bin(BinaryOp.EQ, local("phase", Scalar.I64), new KExpr.Const(1, Scalar.I64)),
                            new KStmt.Emit("even", var("i"))))))),
        // Not element-wise: each u reads its neighbour's v.
        new KStmt.ForRange("i", i32(0), i32(n - 1), List.of(store("u", var("i"),
            bin(BinaryOp.ADD, load("u", var("i"), Scalar.F64),
                new KExpr.Cast(Scalar.F64, load("v", bin(BinaryOp.ADD, var("i"), i32(1)), Scalar.F32)))))),
        forRange("i", 50, store("small", var("i"), bin(BinaryOp.ADD, load("small", var("i"), Scalar.I32), i32(1)))),
        // The spikes so far, summed in emission order: any reordering changes the bits.
        new KStmt.ForSpikes("even", "s", List.of(store("u", i32(0), bin(BinaryOp.MUL,
            load("u", i32(0), Scalar.F64), new KExpr.Cast(Scalar.F64, bin(BinaryOp.ADD, f32(1),
                bin(BinaryOp.MUL, f32(1e-6), load("v", bin(BinaryOp.REM, bin(BinaryOp.ADD, var("s"), i32(1)), i32(n)),
                    Scalar.F32)))))))));
    b.probes = List.of(new Probe.Spikes("even", "even", 0, n), new Probe.Spikes("odd", "odd", 0, n),
        new Probe.State("v", "v", 0, 16, 3));
    b.groups = List.of(new Group("even", "even", 0, n, "g"), new Group("odd", "odd", 0, n, "g"));
    return b.build();
  }

  @Test
  void twoSpikeSetsAndLocalsOfTheStep() {
    KernelProgram p = twoSetsAndFreeLocals(10_000);
    assertTrue(((KStmt.ForRange) p.stepStatements().get(2)).parallel());
    assertFalse(((KStmt.ForRange) p.stepStatements().get(3)).parallel());
    Map<String, long[]> out = assertSameAtAnyThreadCount(p);
    assertTrue(spikes(out, "even") > 1000 && spikes(out, "odd") > 1000);
  }

  @Test
  void repeatedRunsGiveTheSameBits() {
    KernelProgram p = JvmDifferentialTest.network(10_000, 150, new Rule.Bernoulli(0.002), Format.CSR, false, 5);
    Map<String, long[]> first = outcome(jvm(2), p);
    for (int r = 0; r < 4; r++) {
      assertSame(first, outcome(jvm(2), p), "jvm, 2 threads, run " + r);
      assertSame(first, outcome(interp(3), p), "interp, 3 threads, run " + r);
    }
  }

  /**
   * A failure in a chunk other than the first ends the run at the same step with the same
   * exception. (The other chunks of that step have run to their ends, so the buffers are not
   * compared: a failed simulation is only reported.)
   */
  @Test
  void aFailureInAChunkEndsTheRunAsOnOneThread() {
    int n = 9_000;
    Jk.Builder b = new Jk.Builder();
    b.steps = 20;
    b.buffers = List.of(buffer("k", Scalar.I32, n));
    // At step 5, neuron 7,000 (in the last chunk at 2 and 3 threads) divides by zero.
    KExpr hit = bin(BinaryOp.AND, bin(BinaryOp.EQ, var("i"), i32(7_000)),
        bin(BinaryOp.EQ, new KExpr.StepIndex(), new KExpr.Const(5, Scalar.I64)));
    KExpr divisor = new KExpr.Select(hit, i32(0), i32(3));
    b.step = List.of(forRange("i", n, store("k", var("i"), bin(BinaryOp.ADD, load("k", var("i"), Scalar.I32),
        bin(BinaryOp.DIV, i32(1000), divisor)))));
    KernelProgram p = b.build();
    String expected = failure(outcome(interp(1), p));
    assertEquals("failure java.lang.ArithmeticException @5", expected);
    for (int t = 1; t <= 3; t++) {
      assertEquals(expected, failure(outcome(interp(t), p)), "interp, " + t + " thread(s)");
      assertEquals(expected, failure(outcome(jvm(t), p)), "jvm, " + t + " thread(s)");
    }
  }

  /**
   * How a run failed: the exception's class and the step. Not its message: once a site has thrown
   * often, the JIT may throw a preallocated exception without one (OmitStackTraceInFastThrow).
   */
  private static String failure(Map<String, long[]> outcome) {
    Map.Entry<String, long[]> first = outcome.entrySet().iterator().next();
    return first.getKey().replaceFirst(":.*", "") + " @" + first.getValue()[0];
  }

  @Test
  void withoutAnElementwiseLoopNothingSplits() {
    KernelProgram p = twoSetsAndFreeLocals(10_000);
    List<KStmt> step = new ArrayList<>(p.stepStatements());
    step.remove(2);
    KernelProgram q = p.withStep(KernelProgram.Kernel.of(step));
    assertSameAtAnyThreadCount(q);
  }

  @Test
  void oneThreadGeneratesTodaysClass() {
    KernelProgram p = twoSetsAndFreeLocals(100);
    assertArrayEquals(JvmBackend.generate(p), KernelEmitter.emit(brainc.ir.kernel.verify.KernelVerifier.verified(p), JvmBackend.PACKAGE + "Kernel_test", false));
    JvmBackend.verify(JvmBackend.generateParallel(p));
  }

  /** The loops that become methods on the threads are the outlined ones, no more: the emitter decides nothing. */
  @Test
  void onlyOutlinedLoopsBecomeMethods() {
    KernelProgram p = twoSetsAndFreeLocals(100);
    assertTrue(methods(JvmBackend.generateParallel(p)).contains("loop$0"));
    List<KernelProgram.Kernel> plain = new ArrayList<>();
    for (KernelProgram.Kernel k : p.step()) {
      plain.add(k.withBody(k.body().stream().map(s -> s instanceof KStmt.ForRange r
          ? (KStmt) new KStmt.ForRange(r.var(), r.start(), r.end(), r.body(), r.parallel(), false) : s).toList()));
    }
    KernelProgram q = p.withStep(plain);
    assertFalse(methods(JvmBackend.generateParallel(q)).stream().anyMatch(m -> m.startsWith("loop$")));
    assertSame(outcome(jvm(1), p), outcome(jvm(3), q), "nothing outlined, 3 threads");
  }

  private static List<String> methods(byte[] classFile) {
    List<String> names = new ArrayList<>();
    new org.objectweb.asm.ClassReader(classFile).accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
      @Override
      public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
        names.add(name);
        return null;
      }
    }, 0);
    return names;
  }

  @Test
  void closingStopsTheThreads() throws InterruptedException {
    long before = stepThreads();
    Simulation sim = jvm(3).prepare(twoSetsAndFreeLocals(10_000));
    sim.run(5, (d, t) -> {});
    assertEquals(before + 2, stepThreads());
    sim.close();
    for (int i = 0; i < 200 && stepThreads() > before; i++) {
      Thread.sleep(10);
    }
    assertEquals(before, stepThreads());
  }

  private static long stepThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("brainc-step-") && t.isAlive()).count();
  }
}
