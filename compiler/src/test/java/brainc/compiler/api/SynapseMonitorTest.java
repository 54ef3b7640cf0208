package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Code;
import brainc.ir.model.IrModule;
import brainc.runtime.io.NpyArray;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Monitors of per-synapse variables ({@code monitor w of a -> b}): what STDP does to the weights
 * is visible, both engines record the same bits, slices pick exactly their synapses.
 */
class SynapseMonitorTest {
  /**
   * Tonically firing presynaptic neurons (random phases) drive followers that rest below
   * threshold: most pairs are causal (pre a few ms before post), so pair STDP potentiates.
   */
  static final String LEARN = """
      use brain.neurons.LIF
      use brain.synapses.STDP
      network Learn {
        population pre = LIF[20] { v_rest = -45 mV, v = uniform(-65 mV, -50 mV) }
        population post = LIF[5] { v_rest = -52 mV }
        connect pre -> post weight 6 mV probability 0.6 via STDP { A_plus = 0.02, A_minus = 0.021 }, exp(tau = 5 ms)
        monitor w of pre -> post every 100 ms
        monitor w of pre[4 .. 12] -> post[1 .. 4] at end
        monitor spikes of post
      }
      run Learn for 1 s dt 0.1 ms seed 3
      """;

  private static Map<String, NpyArray> monitors(String model, RunOptions options) throws ModelException {
    IrModule m = RunsTest.module(model);
    PreparedRun run = Runs.prepare(m, Runs.statements(m).get(0).target(), options);
    try (RunInstance sim = run.instantiate()) {
      return sim.finish().monitors();
    }
  }

  @Test
  void stdpPotentiatesCausalPairsAndTheMonitorShowsIt() throws Exception {
    Map<String, NpyArray> m = monitors(LEARN, RunOptions.DEFAULTS);
    NpyArray w = m.get("w_pre_post");
    int rows = w.shape()[0];
    int synapses = w.shape()[1];
    // Sampled at 0, 100, ..., 900 ms; about 60 % of the 100 pairs are connected.
    assertEquals(10, rows);
    assertArrayEquals(new long[] {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000},
        m.get("w_pre_post_steps").longs());
    assertTrue(synapses > 40 && synapses < 80, "synapses " + synapses);
    float[] v = w.floats();
    double first = 0;
    double last = 0;
    int grown = 0;
    for (int k = 0; k < synapses; k++) {
      float end = v[(rows - 1) * synapses + k];
      first += v[k];
      last += end;
      if (end > v[k]) grown++;
      assertTrue(end >= 0 && end <= 1, "within STDP's bounds");
    }
    // After one step the weights are still near their initial 0.5; a second of mostly causal
    // pairs raises most of them, and the mean (depression is only slightly stronger per pair).
    assertEquals(0.5, first / synapses, 0.01);
    assertTrue(last / synapses > 0.54, "mean weight " + last / synapses + " after 1 s");
    assertTrue(grown > synapses / 2, grown + " of " + synapses + " grew");
    // The ends of each recorded synapse, in synapse (CSR) order: by pre, then post.
    NpyArray ends = m.get("w_pre_post_synapses");
    assertArrayEquals(new int[] {synapses, 2}, ends.shape());
    int[] e = ends.ints();
    for (int k = 1; k < synapses; k++) {
      assertTrue(e[2 * k] > e[2 * k - 2] || (e[2 * k] == e[2 * k - 2] && e[2 * k + 1] > e[2 * k - 1]), "CSR order");
    }
  }

  @Test
  void theStdpPairSampleShowsItsWeightClimbing() throws Exception {
    IrModule m = RunsTest.sample("stdp_pair.brain");
    PreparedRun run = Runs.prepare(m, "Pair", RunOptions.DEFAULTS);
    float[] w;
    try (RunInstance sim = run.instantiate()) {
      w = sim.finish().monitors().get("w_leader_follower").floats();
    }
    // One synapse, sampled every 10 ms for 2 s; causal pairs raise it (never past w_max = 0.8).
    assertEquals(200, w.length);
    assertEquals(0.5f, w[0], 0.01f);
    for (int k = 1; k < w.length; k++) assertTrue(w[k] >= w[k - 1] - 0.01f && w[k] <= 0.8f, "sample " + k);
    assertTrue(w[w.length - 1] > 0.6f, "ends at " + w[w.length - 1]);
  }

  @Test
  void aSliceAtTheEndRecordsItsSynapsesAfterTheLastStep() throws Exception {
    Map<String, NpyArray> m = monitors(LEARN.replace("every 100 ms", "every 0.1 ms"), RunOptions.DEFAULTS);
    NpyArray all = m.get("w_pre_post");
    int[] allEnds = m.get("w_pre_post_synapses").ints();
    NpyArray part = m.get("w_pre_4_12_post_1_4");
    assertArrayEquals(new long[] {9999}, m.get("w_pre_4_12_post_1_4_steps").longs());
    int[] partEnds = m.get("w_pre_4_12_post_1_4_synapses").ints();
    int n = all.shape()[1];
    int last = all.shape()[0] - 1;
    Map<String, Float> finalWeights = new HashMap<>();
    for (int k = 0; k < n; k++) {
      finalWeights.put(allEnds[2 * k] + "/" + allEnds[2 * k + 1], all.floats()[last * n + k]);
    }
    int expected = 0;
    for (int k = 0; k < n; k++) {
      if (allEnds[2 * k] >= 4 && allEnds[2 * k] < 12 && allEnds[2 * k + 1] >= 1 && allEnds[2 * k + 1] < 4) expected++;
    }
    assertEquals(expected, part.shape()[1]);
    assertEquals(1, part.shape()[0]);
    for (int k = 0; k < expected; k++) {
      // Numbered within the slices, as neuron monitors number theirs.
      String key = (partEnds[2 * k] + 4) + "/" + (partEnds[2 * k + 1] + 1);
      assertEquals(finalWeights.get(key), part.floats()[k], key);
    }
  }

  @Test
  void bothEnginesRecordTheSameWeights() throws Exception {
    Map<String, NpyArray> jvm = monitors(LEARN, RunOptions.DEFAULTS.withEngine("jvm"));
    Map<String, NpyArray> interp = monitors(LEARN, RunOptions.DEFAULTS.withEngine("interp"));
    for (String name : jvm.keySet()) {
      assertEquals(Arrays.toString(jvm.get(name).shape()), Arrays.toString(interp.get(name).shape()), name);
      assertEquals(bits(jvm.get(name)), bits(interp.get(name)), name);
    }
    assertEquals(jvm.keySet(), interp.keySet());
  }

  /** The array's elements, bit for bit, as text. */
  private static String bits(NpyArray a) {
    switch (a.dtype()) {
      case FLOAT32: {
        float[] f = a.floats();
        int[] b = new int[f.length];
        for (int k = 0; k < f.length; k++) b[k] = Float.floatToRawIntBits(f[k]);
        return Arrays.toString(b);
      }
      case FLOAT64: return Arrays.toString(Arrays.stream(a.doubles()).mapToLong(Double::doubleToRawLongBits).toArray());
      case INT32: return Arrays.toString(a.ints());
      default: return Arrays.toString(a.longs());
    }
  }

  @Test
  void aMonitorOfSynapsesMustReachOneConnectionWithTheVariable() {
    String noVar = LEARN.replace("monitor w of pre -> post every 100 ms", "monitor x of pre -> post");
    ModelException e = org.junit.jupiter.api.Assertions.assertThrows(ModelException.class,
        () -> Runs.prepare(RunsTest.module(noVar), "Learn", RunOptions.DEFAULTS));
    assertTrue(e.diagnostics().stream().anyMatch(d -> d.code() == Code.E1003
        && d.message().contains("no connection from `pre` to `post` has a per-synapse variable `x`; theirs: w")),
        e.diagnostics()::toString);
  }
}
