package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Code;
import brainc.ir.model.IrModule;
import brainc.runtime.io.NpyArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code same_step} in a synapse model: how a pre and a post spike of one step pair. Two neurons
 * start above threshold and fire once, together, at step 0, with every trace at 0: the pair is
 * the only thing the weight can learn from.
 */
class SameStepPairingTest {
  private static final String PAIR = """
      use brain.neurons.LIF
      use brain.synapses.STDP
      synapse Together extends STDP { MODE }
      network Pair {
        population pre = LIF[1] { v = -49 mV }
        population post = LIF[1] { v = -49 mV }
        connect pre -> post weight 0 mV via Together
        monitor w of pre -> post at end
        monitor spikes of pre, post
      }
      run Pair for 5 ms dt 0.1 ms
      """;

  private static Map<String, NpyArray> run(String mode, String engine) throws ModelException {
    IrModule m = RunsTest.module(PAIR.replace("MODE", mode));
    PreparedRun run = Runs.prepare(m, "Pair", RunOptions.DEFAULTS.withEngine(engine));
    try (RunInstance sim = run.instantiate()) {
      return sim.finish().monitors();
    }
  }

  private static float weight(String mode, String engine) throws ModelException {
    Map<String, NpyArray> m = run(mode, engine);
    // Both fired once, at step 0: a same-step pair.
    assertArrayEquals(new long[] {0, 0}, m.get("spikes_pre").longs());
    assertArrayEquals(new long[] {0, 0}, m.get("spikes_post").longs());
    return m.get("w_pre_post").floats()[0];
  }

  @Test
  void theSettingDecidesWhetherASameStepPairPotentiatesDepressesOrNeither() throws Exception {
    for (String engine : Runs.engines()) {
      // STDP: on pre w -= A_minus x_post, on post w += A_plus x_pre, traces += 1 on their spikes.
      float unpaired = weight("", engine);
      assertEquals(0.5f, unpaired, engine);
      assertEquals(unpaired, weight("same_step unpaired", engine), engine);
      // Brian2's default schedule: the post handler sees this step's presynaptic increment.
      assertEquals(0.5f + 0.005f * 1f, weight("same_step pre_then_post", engine), engine);
      assertEquals(0.5f - 0.00525f * 1f, weight("same_step post_then_pre", engine), engine);
    }
  }

  @Test
  void anUnknownModeIsAnErrorAtTheWord() {
    ModelException e = assertThrows(ModelException.class, () -> RunsTest.module(PAIR.replace("MODE",
        "same_step pre_than_post")));
    assertTrue(e.diagnostics().stream().anyMatch(d -> d.code() == Code.E0205
        && d.message().contains("did you mean `pre_then_post`")), e.diagnostics()::toString);
    ModelException twice = assertThrows(ModelException.class, () -> RunsTest.module(PAIR.replace("MODE",
        "same_step unpaired\n same_step pre_then_post")));
    assertTrue(twice.diagnostics().stream().anyMatch(d -> d.code() == Code.E0413), twice.diagnostics()::toString);
  }
}
