package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.IrModule;
import brainc.runtime.io.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a simulation computes and records, tested at the API (the `run` command only prints it). */
class RunBehaviourTest {
  private static Map<String, NpyArray> monitors(String model, RunOptions options) throws ModelException {
    IrModule m = RunsTest.module(model);
    PreparedRun run = Runs.prepare(m, Runs.statements(m).get(0).target(), options);
    try (RunInstance sim = run.instantiate()) {
      return sim.finish().monitors();
    }
  }

  @Test
  void theSameSeedGivesTheSameSpikesAndAnotherSeedOthers() throws Exception {
    long[] a = monitors(RunsTest.NET, RunOptions.DEFAULTS).get("spikes_exc").longs();
    long[] b = monitors(RunsTest.NET, RunOptions.DEFAULTS).get("spikes_exc").longs();
    long[] c = monitors(RunsTest.NET, RunOptions.DEFAULTS.withSeed(8)).get("spikes_exc").longs();
    assertTrue(Arrays.equals(a, b));
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void inlineSlicesRecordExactlyTheirNeurons() throws Exception {
    String model = RunsTest.NET.replace("monitor v of inh every 1 ms",
        "monitor v of all, all[3 .. 7]\n  monitor spikes of all, exc[5 .. 9], all[150 .. 170]");
    for (String engine : Runs.engines()) {
      Map<String, NpyArray> m = monitors(model, RunOptions.DEFAULTS.withEngine(engine).withDuration(0.05));
      NpyArray all = m.get("v_all");
      NpyArray part = m.get("v_all_3_7");
      assertEquals(4, part.shape()[1]);
      assertEquals(all.shape()[0], part.shape()[0]);
      for (int t = 0; t < all.shape()[0]; t++) {
        for (int k = 0; k < 4; k++) assertEquals(all.floats()[t * 200 + 3 + k], part.floats()[t * 4 + k]);
      }
      checkSpikeSlice(m.get("spikes_all"), m.get("spikes_exc_5_9"), 5, 9);
      checkSpikeSlice(m.get("spikes_all"), m.get("spikes_all_150_170"), 150, 170);
    }
  }

  /** The spikes of a slice are those of the whole population in [lo, hi), indices relative to lo. */
  private static void checkSpikeSlice(NpyArray all, NpyArray part, int lo, int hi) {
    List<String> expected = new ArrayList<>();
    long[] a = all.longs();
    for (int k = 0; k < all.shape()[0]; k++) {
      long index = a[2 * k + 1];
      if (index >= lo && index < hi) expected.add(a[2 * k] + "/" + (index - lo));
    }
    List<String> actual = new ArrayList<>();
    long[] b = part.longs();
    for (int k = 0; k < part.shape()[0]; k++) actual.add(b[2 * k] + "/" + b[2 * k + 1]);
    assertFalse(expected.isEmpty(), "no spikes in the slice to compare");
    assertEquals(expected, actual);
  }

  @Test
  void timeAndTheStepAreValuesInUpdates() throws Exception {
    String model = """
        neuron Clock {
          state v = 0
          step v = v + t / 1 s + dt / 1 ms
        }
        network N {
          population p = Clock[1]
          monitor v of p
        }
        run N for 1 ms dt 0.5 ms
        """;
    double[] v = monitors(model, RunOptions.DEFAULTS.withFloat64(true)).get("v_p").doubles();
    assertEquals(0.5, v[0], 1e-12);
    assertEquals(0.5 + 0.0005 + 0.5, v[1], 1e-12);
  }

  @Test
  void monitorsThatCannotBeHeldAreFoundBeforeTheSimulation() throws Exception {
    IrModule m = RunsTest.module(RunsTest.NET.replace("monitor v of inh every 1 ms", "monitor v of all"));
    PreparedRun run = Runs.prepare(m, "Small", RunOptions.DEFAULTS.withDuration(20000));
    assertTrue(run.recordingTooLarge(Runtime.getRuntime().maxMemory()).orElseThrow()
        .startsWith("the monitor v_all would record 4.00e+10 values"));
  }
}
