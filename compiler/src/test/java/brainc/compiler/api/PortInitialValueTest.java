package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Code;
import brainc.ir.model.IrModule;
import brainc.runtime.io.NpyArray;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Initial values of input ports ({@code LIF[3] { I = 20 mV }}): the port holds the value until a
 * spike first reaches it, so an unconnected port is a constant drive for the whole run.
 */
class PortInitialValueTest {
  private static final String NET = """
      use brain.neurons.LIF
      network N {
        population held = LIF[2] { I = 20 mV }
        population raised = LIF[2] { v_rest = -45 mV, v = -65 mV }
        population hit = LIF[2] { I = 20 mV }
        population src = LIF[1] { v_rest = -45 mV, v = -65 mV }
        connect src -> hit weight 1 mV via exp(tau = 5 ms)
        monitor v of held, raised, hit
        monitor spikes of held, raised, hit, src
      }
      run N for 300 ms
      """;

  private static Map<String, NpyArray> run(String model, String engine) throws ModelException {
    IrModule m = RunsTest.module(model);
    PreparedRun run = Runs.prepare(m, "N", RunOptions.DEFAULTS.withEngine(engine));
    try (RunInstance sim = run.instantiate()) {
      return sim.finish().monitors();
    }
  }

  @Test
  void anUnconnectedPortKeepsItsValueAndAConnectedOneUntilTheFirstSpikeArrives() throws Exception {
    Map<String, NpyArray> m = run(NET, "jvm");
    // v' = (v_rest - v + I) / tau with I held at 20 mV is the LIF resting at -45 mV.
    float[] held = m.get("v_held").floats();
    float[] raised = m.get("v_raised").floats();
    for (int k = 0; k < held.length; k++) assertEquals(raised[k], held[k], 1e-5f, "step " + k / 2);
    assertEquals(m.get("spikes_raised").shape()[0], m.get("spikes_held").shape()[0]);
    assertTrue(m.get("spikes_held").shape()[0] >= 16, "fires at about 30 Hz for 300 ms");
    // `hit` follows `held` until src's first spike arrives (a step after it), then only the
    // 1 mV pulses drive it: it stops firing.
    long first = m.get("spikes_src").longs()[0];
    assertTrue(first > 100, "src first fires at step " + first);
    float[] hit = m.get("v_hit").floats();
    for (int k = 0; k < 2 * (first + 1); k++) assertEquals(held[k], hit[k], "before the first arrival, step " + k / 2);
    long[] spikes = m.get("spikes_hit").longs();
    for (int k = 0; k < spikes.length; k += 2) assertTrue(spikes[k] <= first + 1, "a spike after the port dropped");
  }

  @Test
  void bothEnginesAgreeAndRandomInitialValuesAreDrawnPerNeuron() throws Exception {
    String model = NET.replace("held = LIF[2] { I = 20 mV }", "held = LIF[2] { I = uniform(15 mV, 25 mV) }");
    Map<String, NpyArray> jvm = run(model, "jvm");
    Map<String, NpyArray> interp = run(model, "interp");
    assertEquals(jvm.keySet(), interp.keySet());
    for (String k : jvm.keySet()) {
      Object a = k.startsWith("v_") && !k.endsWith("_steps") ? jvm.get(k).floats() : jvm.get(k).longs();
      Object b = k.startsWith("v_") && !k.endsWith("_steps") ? interp.get(k).floats() : interp.get(k).longs();
      assertTrue(Arrays.deepEquals(new Object[] {a}, new Object[] {b}), k);
    }
    float[] v = jvm.get("v_held").floats();
    assertTrue(v[2 * 100] != v[2 * 100 + 1], "two neurons, two drawn drives");
  }

  @Test
  void theValueHasThePortsUnit() {
    ModelException e = assertThrows(ModelException.class, () -> RunsTest.module(NET.replace("held = LIF[2] { I = 20 mV }",
        "held = LIF[2] { I = 20 ms }")));
    assertTrue(e.diagnostics().stream().anyMatch(d -> d.code() == Code.E0301
        && d.message().contains("the initial value of input port `I`")), e.diagnostics()::toString);
  }
}
