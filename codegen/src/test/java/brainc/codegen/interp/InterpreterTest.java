package brainc.codegen.interp;

import static brainc.codegen.interp.K.bin;
import static brainc.codegen.interp.K.buffer;
import static brainc.codegen.interp.K.f32;
import static brainc.codegen.interp.K.forRange;
import static brainc.codegen.interp.K.i32;
import static brainc.codegen.interp.K.i64;
import static brainc.codegen.interp.K.let;
import static brainc.codegen.interp.K.load;
import static brainc.codegen.interp.K.local;
import static brainc.codegen.interp.K.step;
import static brainc.codegen.interp.K.store;
import static brainc.codegen.interp.K.var;
import static brainc.codegen.interp.K.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Driver;
import brainc.codegen.Simulation;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Fn;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import brainc.runtime.random.CounterRng;
import brainc.runtime.sim.RunSummary;
import brainc.runtime.sim.SimulationError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpreterTest {
  @TempDir Path dir;

  private static final double DT = 1e-4;
  private static final double TAU = 0.02;
  private static final int REF_STEPS = 20;

  /**
   * Leaky integrate-and-fire neurons with constant drive {@code vinf[i]} (the steady state, R·I),
   * threshold 1, reset 0, exact propagator {@code v ← vinf + (v − vinf)·exp(−dt/τ)}.
   */
  private static KernelProgram lif(double... drives) {
    int n = drives.length;
    float decay = (float) Math.exp(-DT / TAU);
    K.Builder b = new K.Builder();
    b.steps = 10_000;
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
                    store("exc_ref", var("i"), i32(REF_STEPS)))))));
    b.probes = List.of(new Probe.Spikes("spikes_exc", "exc", 0, n), new Probe.Rate("rate_exc", "exc", 0, n),
        new Probe.State("v_exc", "exc_v", 0, n, 10));
    b.groups = List.of(new Group("exc", "exc", 0, n, "lif"));
    return b.build();
  }

  private static long[] spikes(Simulation sim, String probe) {
    return sim.recorder().arrays().get(probe).longs();
  }

  @Test
  void lifFiresAtTheAnalyticRate() {
    double[] drives = {1.5, 3.0};
    Simulation sim = new Interpreter().prepare(lif(drives));
    sim.run();
    long[] pairs = spikes(sim, "spikes_exc");
    for (int i = 0; i < drives.length; i++) {
      double period = REF_STEPS * DT + TAU * Math.log(drives[i] / (drives[i] - 1));
      List<Long> times = new ArrayList<>();
      for (int k = 0; k < pairs.length; k += 2) {
        if (pairs[k + 1] == i) {
          times.add(pairs[k]);
        }
      }
      assertTrue(times.size() > 10, "neuron " + i + " fired " + times.size() + " times");
      for (int k = 1; k < times.size(); k++) {
        double isi = (times.get(k) - times.get(k - 1)) * DT;
        assertEquals(period, isi, DT, "interval " + k + " of neuron " + i);
      }
      double rate = sim.summary().groups().get(0).meanRateHz();
      assertTrue(rate > 0);
    }
  }

  @Test
  void summaryCountsSpikesAndRates() {
    Simulation sim = new Interpreter().prepare(lif(1.5));
    sim.run();
    RunSummary s = sim.summary();
    RunSummary.GroupStats g = s.group("exc");
    assertEquals(1, s.neurons());
    assertEquals(10_000, s.steps());
    assertEquals(spikes(sim, "spikes_exc").length / 2, g.spikes());
    assertEquals(g.spikes() / 1.0, g.meanRateHz(), 1e-9);
    double[] rate = sim.recorder().arrays().get("rate_exc").doubles();
    assertEquals(10_000, rate.length);
    assertEquals(g.spikes() * 1e4, Arrays.stream(rate).sum(), 1e-6);
    assertTrue(s.toString().contains("exc"));
  }

  @Test
  void runsContinueAndReportProgress() {
    Simulation sim = new Interpreter(new Driver.Options(100, 300)).prepare(lif(1.5));
    List<Long> seen = new ArrayList<>();
    sim.run(1000, (done, total) -> seen.add(done));
    assertEquals(List.of(300L, 600L, 900L, 1000L), seen);
    sim.run(500, brainc.codegen.StepListener.NONE);
    assertEquals(1500, sim.currentStep());
    Simulation whole = new Interpreter().prepare(lif(1.5));
    whole.run(1500, brainc.codegen.StepListener.NONE);
    assertArrayEquals(spikes(whole, "spikes_exc"), spikes(sim, "spikes_exc"));
  }

  /**
   * 120 noisy neurons coupled by a Bernoulli connection through a delay-2 queue: the membrane
   * gets a normal draw per neuron and step, spikes add a weight to their targets' input.
   */
  private static KernelProgram noisyNetwork(long seed, Format format) {
    int n = 120;
    K.Builder b = new K.Builder();
    b.seed = seed;
    b.steps = 400;
    b.buffers = List.of(buffer("net_v", Scalar.F32, n), buffer("net_in", Scalar.F32, n));
    b.spikeSets = List.of(new KernelProgram.SpikeSet("net", n, "net"));
    b.queues = List.of(new DelayQueue("q", "net_in", 2));
    b.connections = List.of(new Connection("rec", n, n, new Rule.Bernoulli(0.1), format, 3, false, false));
    KExpr v = load("net_v", var("i"), Scalar.F32);
    KExpr noise = new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.NORMAL, 5, var("i")));
    b.step = List.of(
        new KStmt.Drain("q"),
        forRange("i", n,
            let("vn", bin(BinaryOp.ADD, bin(BinaryOp.ADD, bin(BinaryOp.MUL, v, f32(0.95)),
                bin(BinaryOp.MUL, noise, f32(0.3))), load("net_in", var("i"), Scalar.F32))),
            store("net_in", var("i"), f32(0)),
            store("net_v", var("i"), local("vn", Scalar.F32)),
            when(bin(BinaryOp.GE, local("vn", Scalar.F32), f32(1)),
                new KStmt.Emit("net", var("i")),
                store("net_v", var("i"), f32(0)))),
        new KStmt.ForSpikes("net", "s", List.of(
            new KStmt.ForTargets("rec", var("s"), "post", "syn", List.of(
                new KStmt.Enqueue("q", i32(2), var("post"), f32(0.2)))))));
    b.probes = List.of(new Probe.Spikes("spikes", "net", 0, n));
    b.groups = List.of(new Group("net", "net", 0, n, "noisy"));
    return b.build();
  }

  private static long[] run(KernelProgram p) {
    Simulation sim = new Interpreter().prepare(p);
    sim.run();
    return spikes(sim, "spikes");
  }

  @Test
  void sameSeedSameSpikesOtherSeedOthers() {
    long[] a = run(noisyNetwork(7, Format.CSR));
    long[] b = run(noisyNetwork(7, Format.CSR));
    assertTrue(a.length > 200, a.length / 2 + " spikes");
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, run(noisyNetwork(8, Format.CSR))));
  }

  @Test
  void proceduralAndDenseConnectionsGiveTheCsrSpikes() {
    long[] csr = run(noisyNetwork(7, Format.CSR));
    assertArrayEquals(csr, run(noisyNetwork(7, Format.PROCEDURAL)));
    assertArrayEquals(csr, run(noisyNetwork(7, Format.DENSE)));
  }

  /** A emits at step 5 only; its spike reaches B through a one-to-one connection and a queue. */
  private static KernelProgram relay(int delay) {
    K.Builder b = new K.Builder();
    b.steps = 20;
    b.buffers = List.of(buffer("b_in", Scalar.F32, 1));
    b.spikeSets = List.of(new KernelProgram.SpikeSet("a", 1, "a"), new KernelProgram.SpikeSet("b", 1, "b"));
    b.queues = List.of(new DelayQueue("q", "b_in", 3));
    b.connections = List.of(new Connection("ab", 1, 1, new Rule.OneToOne(), Format.CSR, 1, false, true));
    b.step = List.of(
        new KStmt.Drain("q"),
        forRange("i", 1,
            when(bin(BinaryOp.GT, load("b_in", var("i"), Scalar.F32), f32(0)),
                new KStmt.Emit("b", var("i")),
                store("b_in", var("i"), f32(0)))),
        when(bin(BinaryOp.EQ, step(), i64(5)), new KStmt.Emit("a", i32(0))),
        new KStmt.ForSpikes("a", "s", List.of(
            new KStmt.ForTargets("ab", var("s"), "post", "syn", List.of(
                new KStmt.Enqueue("q", i32(delay), var("post"), f32(1)))))));
    b.probes = List.of(new Probe.Spikes("a", "a", 0, 1), new Probe.Spikes("b", "b", 0, 1));
    return b.build();
  }

  @Test
  void delayedSpikeArrivesExactlyDelayStepsLater() {
    Simulation sim = new Interpreter().prepare(relay(3));
    sim.run();
    assertArrayEquals(new long[] {5, 0}, spikes(sim, "a"));
    assertArrayEquals(new long[] {8, 0}, spikes(sim, "b"));
    Simulation zero = new Interpreter().prepare(relay(0));
    zero.run();
    assertArrayEquals(new long[] {6, 0}, spikes(zero, "b"), "a delay of 0 acts as 1");
  }

  private static KernelProgram blowsUpAtStep7() {
    K.Builder b = new K.Builder();
    b.steps = 20;
    b.buffers = List.of(new KernelProgram.Buffer("v", Scalar.F32, new KernelProgram.Extent.Fixed(3), "exc.v"));
    KExpr bad = new KExpr.Call(Fn.LOG, List.of(f32(-1)));
    b.step = List.of(store("v", i32(2),
        new KExpr.Select(bin(BinaryOp.EQ, step(), i64(7)), bad, load("v", i32(2), Scalar.F32))));
    return b.build();
  }

  @Test
  void nanIsReportedWithLabelAndStep() {
    Simulation sim = new Interpreter(new Driver.Options(1, 1000)).prepare(blowsUpAtStep7());
    SimulationError e = assertThrows(SimulationError.class, sim::run);
    assertEquals("exc.v", e.label());
    assertEquals(7, e.step());
    assertEquals(2, e.index());
    assertTrue(e.getMessage().contains("exc.v[2] is NaN at step 7"), e.getMessage());
    // Checked every 5 steps, the NaN of step 7 is found after step 9, and the replay from the
    // state saved after step 4 names step 7, exactly; and the same when the check comes later.
    for (int every : new int[] {5, 8, 100}) {
      Simulation sparse = new Interpreter(new Driver.Options(every, 1000)).prepare(blowsUpAtStep7());
      SimulationError late = assertThrows(SimulationError.class, sparse::run);
      assertEquals(7, late.step(), "checked every " + every);
      assertEquals(2, late.index());
    }
  }

  @Test
  void probesAreWrittenAsNpy() throws Exception {
    Simulation sim = new Interpreter().prepare(lif(3.0));
    sim.run(991, brainc.codegen.StepListener.NONE);
    List<Path> files = sim.recorder().write(dir);
    assertEquals(List.of("spikes_exc.npy", "rate_exc.npy", "v_exc.npy", "v_exc_steps.npy"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    NpyArray spikes = NpyReader.read(dir.resolve("spikes_exc.npy"));
    assertEquals(2, spikes.shape()[1]);
    assertArrayEquals(spikes(sim, "spikes_exc"), spikes.longs());
    NpyArray v = NpyReader.read(dir.resolve("v_exc.npy"));
    assertArrayEquals(new int[] {100, 1}, v.shape());
    assertEquals(sim.memory().f32("exc_v")[0], v.floats()[99], "the last sample is after step 990");
    long[] steps = NpyReader.read(dir.resolve("v_exc_steps.npy")).longs();
    assertEquals(990, steps[99]);
  }
}
