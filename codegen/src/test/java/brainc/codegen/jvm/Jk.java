package brainc.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
import brainc.codegen.Memory;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.Scalar;
import brainc.runtime.io.NpyArray;
import java.util.List;
import java.util.Map;

/** Short spellings of kernel IR, and the interp-versus-jvm comparison every test here makes. */
final class Jk {
  private Jk() {}

  static KExpr f32(double v) {
    return KExpr.Const.f32(v);
  }

  static KExpr f64(double v) {
    return KExpr.Const.f64(v);
  }

  static KExpr i32(int v) {
    return KExpr.Const.i32(v);
  }

  static KExpr i64(long v) {
    return new KExpr.Const(v, Scalar.I64);
  }

  static KExpr var(String name) {
    return new KExpr.Local(name, Scalar.I32);
  }

  static KExpr local(String name, Scalar type) {
    return new KExpr.Local(name, type);
  }

  static KExpr load(String buffer, KExpr index, Scalar type) {
    return new KExpr.Load(buffer, index, type);
  }

  static KExpr bin(BinaryOp op, KExpr a, KExpr b) {
    return new KExpr.Binary(op, a, b);
  }

  static KStmt store(String buffer, KExpr index, KExpr value) {
    return new KStmt.Store(buffer, index, value);
  }

  static KStmt let(String name, KExpr value) {
    return new KStmt.Let(name, value);
  }

  static KStmt when(KExpr c, KStmt... then) {
    return new KStmt.If(c, List.of(then), List.of());
  }

  static KStmt forRange(String var, int n, KStmt... body) {
    return new KStmt.ForRange(var, i32(0), i32(n), List.of(body));
  }

  static Buffer buffer(String name, Scalar type, int size) {
    return new Buffer(name, type, new Extent.Fixed(size), name.replace('_', '.'));
  }

  /** A program with everything given and the rest empty. */
  static final class Builder {
    String name = "test";
    double dt = 1e-4;
    long steps = 100;
    long seed = 1;
    List<Buffer> buffers = List.of();
    List<KernelProgram.SpikeSet> spikeSets = List.of();
    List<KernelProgram.DelayQueue> queues = List.of();
    List<KernelProgram.Connection> connections = List.of();
    List<KStmt> init = List.of();
    List<KStmt> step = List.of();
    List<KernelProgram.Probe> probes = List.of();
    List<KernelProgram.Group> groups = List.of();

    KernelProgram build() {
      // Marked as the compiler's mark-parallel-loops and outline-parallel-loops passes would:
      // backends split only marked loops.
      return brainc.ir.kernel.ParallelLoops.outline(brainc.ir.kernel.ParallelLoops.mark(new KernelProgram(name, dt,
          steps, seed, buffers, spikeSets, queues, connections, init, KernelProgram.Kernel.of(step), probes, groups)));
    }
  }

  /** The jvm backend with ASM's verifier on and a NaN check after every step. */
  static Backend jvm() {
    return new JvmBackend(new Driver.Options(1, 1_000_000), true);
  }

  static Backend interp() {
    return new Interpreter(new Driver.Options(1, 1_000_000));
  }

  /** What a run left behind, or the exception that ended it, as comparable text and bits. */
  record Outcome(Simulation sim, String failure) {}

  static Outcome run(Backend backend, KernelProgram p) {
    Simulation sim = null;
    try {
      sim = backend.prepare(p);
      sim.run(p.steps(), StepListener.NONE);
      return new Outcome(sim, null);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("generated kernel")) {
        throw e;
      }
      return new Outcome(sim, e.getClass().getName() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(sim, e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** Runs {@code p} on both backends and asserts the same bits in every buffer and probe. */
  static Simulation assertSameOnBoth(KernelProgram p) {
    return compare(p).sim();
  }

  /** As {@link #assertSameOnBoth}, returning how the jvm run ended. */
  static Outcome compare(KernelProgram p) {
    Outcome ref = run(interp(), p);
    Outcome jvm = run(jvm(), p);
    assertEquals(ref.failure(), jvm.failure(), "how the run ended");
    if (ref.sim() == null || jvm.sim() == null) {
      assertEquals(ref.sim() == null, jvm.sim() == null, "whether the program was prepared");
      return jvm;
    }
    assertEquals(ref.sim().currentStep(), jvm.sim().currentStep());
    Memory a = ref.sim().memory();
    Memory b = jvm.sim().memory();
    for (Buffer buf : p.buffers()) {
      assertArrayEquals(bits(a.buffer(buf.name())), bits(b.buffer(buf.name())), "buffer " + buf.name());
    }
    for (KernelProgram.SpikeSet s : p.spikeSets()) {
      assertEquals(a.spikeSet(s.name()).count, b.spikeSet(s.name()).count, "spike set " + s.name());
      assertArrayEquals(a.spikeSet(s.name()).indices, b.spikeSet(s.name()).indices, "spike set " + s.name());
    }
    Map<String, NpyArray> ra = ref.sim().recorder().arrays();
    Map<String, NpyArray> rb = jvm.sim().recorder().arrays();
    assertEquals(ra.keySet(), rb.keySet());
    for (String k : ra.keySet()) {
      assertArrayEquals(bits(ra.get(k)), bits(rb.get(k)), "probe " + k);
    }
    return jvm;
  }

  static long[] bits(NpyArray a) {
    switch (a.dtype()) {
      case FLOAT32: return bits(a.floats());
      case FLOAT64: return bits(a.doubles());
      case INT32: return bits(a.ints());
      default: return bits(a.longs());
    }
  }

  /** The raw bits of any buffer array, element by element. */
  static long[] bits(Object array) {
    if (array instanceof float[] f) {
      long[] out = new long[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = Float.floatToRawIntBits(f[i]);
      }
      return out;
    }
    if (array instanceof double[] d) {
      long[] out = new long[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = Double.doubleToRawLongBits(d[i]);
      }
      return out;
    }
    if (array instanceof int[] n) {
      long[] out = new long[n.length];
      for (int i = 0; i < n.length; i++) {
        out[i] = n[i];
      }
      return out;
    }
    if (array instanceof long[] l) {
      return l.clone();
    }
    boolean[] z = (boolean[]) array;
    long[] out = new long[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = z[i] ? 1 : 0;
    }
    return out;
  }
}
