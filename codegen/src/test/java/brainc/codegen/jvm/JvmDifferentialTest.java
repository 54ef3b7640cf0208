package brainc.codegen.jvm;

import static brainc.codegen.jvm.Jk.bin;
import static brainc.codegen.jvm.Jk.buffer;
import static brainc.codegen.jvm.Jk.f32;
import static brainc.codegen.jvm.Jk.forRange;
import static brainc.codegen.jvm.Jk.i32;
import static brainc.codegen.jvm.Jk.i64;
import static brainc.codegen.jvm.Jk.let;
import static brainc.codegen.jvm.Jk.load;
import static brainc.codegen.jvm.Jk.local;
import static brainc.codegen.jvm.Jk.store;
import static brainc.codegen.jvm.Jk.var;
import static brainc.codegen.jvm.Jk.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
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
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole networks run on the interpreter and on the jvm backend give the same bits and spikes. */
class JvmDifferentialTest {
  private static final double DT = 1e-4;

  /** LIF neurons with constant drives, threshold 1, reset 0 and a refractory count. */
  private static KernelProgram lif(double... drives) {
    int n = drives.length;
    float decay = (float) Math.exp(-DT / 0.02);
    Jk.Builder b = new Jk.Builder();
    b.steps = 3000;
    b.buffers = List.of(buffer("exc_v", Scalar.F32, n), buffer("exc_ref", Scalar.I32, n),
        buffer("exc_vinf", Scalar.F32, n));
    b.spikeSets = List.of(new KernelProgram.SpikeSet("exc", n, "exc"));
    List<KStmt> init = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      init.add(store("exc_vinf", i32(i), f32(drives[i])));
    }
    b.init = init;
    KExpr v = load("exc_v", var("i"), Scalar.F32);
    KExpr vinf = load("exc_vinf", var("i"), Scalar.F32);
    KExpr ref = load("exc_ref", var("i"), Scalar.I32);
    b.step = List.of(forRange("i", n,
        new KStmt.If(bin(BinaryOp.GT, ref, i32(0)),
            List.of(store("exc_ref", var("i"), bin(BinaryOp.SUB, ref, i32(1)))),
            List.of(
                let("vn", bin(BinaryOp.ADD, vinf, bin(BinaryOp.MUL, bin(BinaryOp.SUB, v, vinf), f32(decay)))),
                store("exc_v", var("i"), local("vn", Scalar.F32)),
                when(bin(BinaryOp.GE, local("vn", Scalar.F32), f32(1)),
                    new KStmt.Emit("exc", var("i")),
                    store("exc_v", var("i"), f32(0)),
                    store("exc_ref", var("i"), i32(20)))))));
    b.probes = List.of(new Probe.Spikes("spikes_exc", "exc", 0, n), new Probe.Rate("rate_exc", "exc", 0, n),
        new Probe.State("v_exc", "exc_v", 0, n, 10));
    b.groups = List.of(new Group("exc", "exc", 0, n, "lif"));
    return b.build();
  }

  @Test
  void lifWithConstantDrives() {
    Simulation sim = Jk.assertSameOnBoth(lif(1.5, 3.0, 0.5, 1.01));
    assertTrue(sim.summary().group("exc").spikes() > 20);
  }

  /**
   * A recurrent LIF population: membrane v and exponentially decaying synaptic current g, Rand
   * initial potentials, normal noise, refractoriness, spikes through {@code rule} stored as {@code
   * format} into a queue with per-synapse delays 1..3. With {@code plastic}, a CSR connection with
   * per-synapse weights that presynaptic spikes depress and postsynaptic spikes potentiate
   * (ForSources over the reverse index), F64 traces included.
   */
  static KernelProgram network(int n, long steps, Rule rule, Format format, boolean plastic, long seed) {
    return network(n, steps, rule, format, plastic, seed, true);
  }

  /** As above; without {@code noisy}, a constant drive replaces the normal draw of every neuron and step. */
  static KernelProgram network(int n, long steps, Rule rule, Format format, boolean plastic, long seed,
      boolean noisy) {
    float decayV = (float) Math.exp(-DT / 0.02);
    float decayG = (float) Math.exp(-DT / 0.005);
    Jk.Builder b = new Jk.Builder();
    b.name = "net-" + format;
    b.seed = seed;
    b.steps = steps;
    List<Buffer> buffers = new ArrayList<>(List.of(buffer("v", Scalar.F32, n), buffer("g", Scalar.F32, n),
        buffer("ref", Scalar.I32, n), buffer("trace", Scalar.F64, n)));
    if (plastic) {
      buffers.add(new Buffer("w", Scalar.F32, new Extent.Synapses("rec"), "rec.w"));
    }
    b.buffers = buffers;
    b.spikeSets = List.of(new KernelProgram.SpikeSet("net", n, "net"));
    b.queues = List.of(new DelayQueue("q", "g", 3));
    b.connections = List.of(new Connection("rec", n, n, rule, format, 3, plastic, false));
    KExpr v = load("v", var("i"), Scalar.F32);
    KExpr g = load("g", var("i"), Scalar.F32);
    KExpr ref = load("ref", var("i"), Scalar.I32);
    List<KStmt> init = new ArrayList<>();
    init.add(forRange("i", n, store("v", var("i"),
        new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 7, var("i"))))));
    if (plastic) {
      init.add(forRange("i", n, new KStmt.ForTargets("rec", var("i"), "j", "s", List.of(
          store("w", var("s"), bin(BinaryOp.MUL, f32(0.3),
              new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 8, var("s")))))))));
    }
    b.init = init;
    KExpr noise = new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.NORMAL, 5,
        bin(BinaryOp.ADD, new KExpr.Cast(Scalar.I64, var("i")), bin(BinaryOp.MUL, new KExpr.StepIndex(), i64(n)))));
    // A mean drive to a steady state of 1.5 (above the threshold of 1), plus noise.
    KExpr drive = noisy ? bin(BinaryOp.ADD, bin(BinaryOp.MUL, noise, f32(0.05)), f32(0.0075)) : f32(0.0075);
    List<KStmt> step = new ArrayList<>();
    step.add(new KStmt.Drain("q"));
    step.add(forRange("i", n,
        store("trace", var("i"), bin(BinaryOp.MUL, load("trace", var("i"), Scalar.F64), KExpr.Const.f64(0.99))),
        store("g", var("i"), bin(BinaryOp.MUL, g, f32(decayG))),
        new KStmt.If(bin(BinaryOp.GT, ref, i32(0)),
            List.of(store("ref", var("i"), bin(BinaryOp.SUB, ref, i32(1)))),
            List.of(
                let("vn", bin(BinaryOp.ADD, bin(BinaryOp.MUL, v, f32(decayV)),
                    bin(BinaryOp.ADD, drive, bin(BinaryOp.MUL, g, f32(0.5))))),
                store("v", var("i"), local("vn", Scalar.F32)),
                when(bin(BinaryOp.GE, local("vn", Scalar.F32), f32(1)),
                    new KStmt.Emit("net", var("i")),
                    store("v", var("i"), f32(0)),
                    store("trace", var("i"), bin(BinaryOp.ADD, load("trace", var("i"), Scalar.F64),
                        KExpr.Const.f64(1))),
                    store("ref", var("i"), i32(10)))))));
    // The delay: 1 + the synapse's target mod 3, so that every slot of the ring is used.
    KExpr delay = bin(BinaryOp.ADD, i32(1), bin(BinaryOp.REM, var("post"), i32(3)));
    // Inhibitory, -1 in all per spike whatever the fan-out, so that big networks do not saturate.
    double fanOut = rule instanceof Rule.Bernoulli be ? be.p() * n : rule instanceof Rule.FixedFanOut fo ? fo.k()
        : rule instanceof Rule.FixedFanIn fi ? fi.k() : rule instanceof Rule.AllToAll ? n : 1;
    KExpr weight = plastic ? load("w", var("syn"), Scalar.F32) : f32(-1.0 / Math.max(fanOut, 1));
    List<KStmt> onPre = new ArrayList<>(List.of(new KStmt.Enqueue("q", delay, var("post"), weight)));
    if (plastic) {
      onPre.add(store("w", var("syn"), new KExpr.Call(Fn.ABS, List.of(bin(BinaryOp.SUB, weight,
          bin(BinaryOp.MUL, f32(0.001), new KExpr.Cast(Scalar.F32, load("trace", var("post"), Scalar.F64))))))));
    }
    step.add(new KStmt.ForSpikes("net", "s", List.of(new KStmt.ForTargets("rec", var("s"), "post", "syn", onPre))));
    if (plastic) {
      step.add(new KStmt.ForSpikes("net", "s", List.of(new KStmt.ForSources("rec", var("s"), "pre", "syn2", List.of(
          store("w", var("syn2"), new KExpr.Call(Fn.SQRT, List.of(
              bin(BinaryOp.ADD, load("w", var("syn2"), Scalar.F32), bin(BinaryOp.MUL, f32(0.002),
                  new KExpr.Cast(Scalar.F32, load("trace", var("pre"), Scalar.F64))))))))))));
    }
    b.step = step;
    b.probes = List.of(new Probe.Spikes("spikes", "net", 0, n), new Probe.State("v", "v", 0, Math.min(n, 8), 5),
        new Probe.Rate("rate", "net", 0, n));
    b.groups = List.of(new Group("net", "net", 0, n, "lif"));
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void recurrentBernoulliNetwork(Format format) {
    Simulation sim = Jk.assertSameOnBoth(network(150, 600, new Rule.Bernoulli(0.1), format, false, 11));
    assertTrue(sim.summary().group("net").spikes() > 50, sim.summary().toString());
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"CSR", "PROCEDURAL"})
  void recurrentFixedFanOutNetwork(Format format) {
    Jk.assertSameOnBoth(network(80, 200, new Rule.FixedFanOut(12), format, false, 3));
  }

  @Test
  void plasticNetworksWithFanInAndAllToAll() {
    Jk.assertSameOnBoth(network(60, 200, new Rule.FixedFanIn(10), Format.CSR, true, 5));
    Jk.assertSameOnBoth(network(40, 150, new Rule.AllToAll(), Format.DENSE, true, 6));
    Jk.assertSameOnBoth(network(40, 100, new Rule.OneToOne(), Format.PROCEDURAL, false, 6));
  }

  @Test
  void nanIsReportedAtTheSameStepAndElement() {
    Jk.Builder b = new Jk.Builder();
    b.steps = 20;
    b.buffers = List.of(new Buffer("v", Scalar.F32, new Extent.Fixed(3), "exc.v"));
    KExpr bad = new KExpr.Call(Fn.LOG, List.of(f32(-1)));
    b.step = List.of(store("v", i32(2),
        new KExpr.Select(bin(BinaryOp.EQ, new KExpr.StepIndex(), i64(7)), bad, load("v", i32(2), Scalar.F32))));
    Jk.Outcome out = Jk.run(Jk.jvm(), b.build());
    assertTrue(out.failure().contains("exc.v[2] is NaN at step 7"), out.failure());
    Jk.assertSameOnBoth(b.build());
  }

  /**
   * Not a timed assertion: prints the jvm/interp speed on a 4,000-neuron recurrent LIF network
   * for 1,000 steps, after a short warm-up of each.
   */
  @Test
  void speedOnA4000NeuronNetwork() {
    speed(false);
    speed(true);
  }

  private static void speed(boolean noisy) {
    KernelProgram p = network(4000, 1000, new Rule.Bernoulli(0.02), Format.CSR, false, 1, noisy);
    Backend[] backends = {new Interpreter(), new JvmBackend()};
    long[] spikes = new long[2];
    double[] seconds = new double[2];
    for (int k = 0; k < 2; k++) {
      backends[k].prepare(p).run(300, StepListener.NONE);
      Simulation sim = backends[k].prepare(p);
      long t0 = System.nanoTime();
      sim.run(p.steps(), StepListener.NONE);
      seconds[k] = (System.nanoTime() - t0) / 1e9;
      spikes[k] = sim.summary().group("net").spikes();
    }
    assertEquals(spikes[0], spikes[1]);
    System.out.printf(Locale.ROOT, "4000 LIF neurons (%s), %d synapses, 1000 steps, %d spikes: interp %.3f s,"
        + " jvm %.3f s, jvm is %.1fx faster%n", noisy ? "normal noise per neuron and step" : "constant drive",
        new Interpreter().prepare(p).memory().csr("rec").synapses(), spikes[0], seconds[0], seconds[1],
        seconds[0] / seconds[1]);
  }

  @Test
  void driverOptionsPassThrough() {
    List<Long> seen = new ArrayList<>();
    new JvmBackend(new Driver.Options(10, 100), false).prepare(lif(1.5)).run(250, (done, total) -> seen.add(done));
    assertEquals(List.of(100L, 200L, 250L), seen);
  }
}
