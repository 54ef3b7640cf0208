package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The signal functions of spike events, step by step against the spikes the run recorded:
 * {@code coincidence} is 1 exactly on the steps where the follower spikes 1 to 20 steps after the
 * leader; {@code delayed} passes every event on after 100 to 300 steps, drawn per event from the
 * seed; {@code leaky} decays by exp(-dt / tau) and adds its input; and the interpreter computes
 * the same values as the JVM engine, bit for bit.
 */
class SpikeSignalsTest {
  static final String PAIR = """
      use brain.neurons.LIF
      use brain.synapses.RSTDP

      network Pair {
        population leader = LIF[3] { v_rest = -45 mV, v = uniform(-60 mV, -50 mV) }
        population follower = LIF[2] { v_rest = -52 mV }
        population second = leader[1 .. 2]
        connect leader -> follower  weight 30 mV  all  via RSTDP, exp(tau = 5 ms)
        signal hit = coincidence(second, follower, within = 20 ms)
        signal later = delayed(hit, min = 100 ms, max = 300 ms)
        signal dopamine = leaky(0.5 * later, tau = 200 ms)
        monitor spikes of leader, follower
      }

      run Pair for 2 s dt 1 ms seed 7
      """;

  /** Per step: the three signals, then the spikes of leader 1 and of the followers. */
  private record Trace(float[] hit, float[] later, float[] dopamine, Set<Long> pre, Set<Long> post) {}

  private static Trace trace(String engine, long seed) throws ModelException {
    IrModule m = brainc.compiler.api.Compiler.lower(brainc.compiler.api.Compiler.check(SourceFile.of("pair.brain", PAIR)));
    PreparedRun run = Runs.prepare(m, Runs.statements(m).get(0), RunOptions.DEFAULTS.withEngine(engine).withSeed(seed));
    try (RunInstance sim = run.instantiate()) {
      int n = (int) sim.steps();
      float[] hit = new float[n];
      float[] later = new float[n];
      float[] dopamine = new float[n];
      for (int t = 0; t < n; t++) {
        sim.advance(1, StepProgress.NONE);
        hit[t] = ((float[]) sim.simulation().memory().buffer("signal.hit"))[0];
        later[t] = ((float[]) sim.simulation().memory().buffer("signal.later"))[0];
        dopamine[t] = ((float[]) sim.simulation().memory().buffer("signal.dopamine"))[0];
      }
      RunResult r = sim.finish();
      Set<Long> pre = new HashSet<>();
      Set<Long> post = new HashSet<>();
      long[] a = r.monitors().get("spikes_leader").longs();
      for (int k = 0; k < a.length; k += 2) if (a[k + 1] == 1) pre.add(a[k]);
      long[] b = r.monitors().get("spikes_follower").longs();
      for (int k = 0; k < b.length; k += 2) post.add(b[k]);
      return new Trace(hit, later, dopamine, pre, post);
    }
  }

  @Test
  void coincidenceDelayAndLeakFollowTheSpikesOnBothEngines() throws ModelException {
    Trace jvm = trace("jvm", 7);
    int n = jvm.hit().length;
    List<Integer> events = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      boolean expected = false;
      if (jvm.post().contains((long) t)) {
        for (int lag = 1; lag <= 20; lag++) expected |= jvm.pre().contains((long) (t - lag));
      }
      assertEquals(expected ? 1f : 0f, jvm.hit()[t], "coincidence at step " + t);
      if (expected) events.add(t);
    }
    assertTrue(events.size() >= 10, "the follower follows the leader: " + events.size() + " coincidences");

    // Each arrival is an event 100 to 300 steps before it, each event arrives at most once.
    TreeSet<Integer> waiting = new TreeSet<>();
    Set<Integer> delays = new HashSet<>();
    int next = 0;
    int arrived = 0;
    for (int t = 0; t < n; t++) {
      while (next < events.size() && events.get(next) < t) waiting.add(events.get(next++));
      for (int k = 0; k < jvm.later()[t]; k++) {
        Integer from = waiting.ceiling(t - 300);
        assertTrue(from != null && t - from >= 100, "an arrival at step " + t + " with no event 100 .. 300 steps before");
        waiting.remove(from);
        delays.add(t - from);
        arrived++;
      }
    }
    long due = events.stream().filter(e -> e < n - 300).count();
    assertTrue(arrived >= due, arrived + " arrivals, " + due + " events due");
    assertTrue(delays.size() > 3, "the delays are drawn, not fixed: " + delays);

    float decay = (float) Math.exp(-1e-3 / 0.2);
    float s = 0;
    for (int t = 0; t < n; t++) {
      s = s * decay + 0.5f * jvm.later()[t];
      assertEquals(s, jvm.dopamine()[t], 1e-6f, "leaky at step " + t);
    }

    Trace interp = trace("interp", 7);
    assertArrayEquals(jvm.hit(), interp.hit());
    assertArrayEquals(jvm.later(), interp.later());
    assertArrayEquals(jvm.dopamine(), interp.dopamine());
    assertNotEquals(java.util.Arrays.toString(jvm.later()), java.util.Arrays.toString(trace("jvm", 8).later()),
        "another seed draws other delays");
  }
}
