package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Simulation;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.jvm.JvmBackend;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * The stdlib's `LI` and `IF` (NIR's leaky integrator and integrate-and-fire): `brainc run` of a
 * population without a spike rule, read as a readout, and of a leak-free integrator, against
 * their closed forms, the same on both engines.
 */
class IntegratorNeuronsTest {
  private static final String MODEL = """
      use brain.neurons.LIF
      use brain.neurons.LI
      use brain.neurons.IF
      network Readout {
        population src = LIF[1] { tau_m = 2 ms, v_rest = -40 mV, t_ref = 0 ms }
        population acc = IF[1] { tau_m = 1 ms, v_th = 1 mV, v_reset = 0 mV }
        population out = LI[1] { tau_m = 5 ms, v_rest = 2 mV }
        connect src -> acc  weight 4 mV
        connect src -> out  weight 3 mV
        monitor v of out
        monitor v of acc
        monitor v of src
      }
      run Readout for 20 ms dt 0.1 ms seed 3
      """;

  private static KernelProgram compile() {
    Analysis a = new Frontend().analyze(SourceFile.of("li.brain", MODEL));
    assertTrue(a.diagnostics().isEmpty(), () -> a.diagnostics().toString());
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    return Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {}).kernel();
  }

  /**
   * The source spikes when its v, recorded after each step, sits at its reset; a spike delivers
   * its weight at the next step, held for that step. LI: exact exponential relaxation towards
   * v_rest + I; IF: v grows by I dt / tau_m per step and fires past 1 mV.
   */
  @Test
  void aReadoutWithoutSpikeRuleAndALeakFreeIntegratorFollowTheirClosedForms() {
    Simulation sim = new Interpreter().prepare(compile());
    sim.run();
    float[] src = sim.recorder().arrays().get("v_src").floats();
    float[] out = sim.recorder().arrays().get("v_out").floats();
    float[] acc = sim.recorder().arrays().get("v_acc").floats();
    assertEquals(200, out.length);
    double dt = 1e-4, decay = Math.exp(-dt / 5e-3);
    double li = 2e-3, itg = 0;
    int spikes = 0, resets = 0;
    boolean spiked = false;
    for (int n = 0; n < 200; n++) {
      double in = spiked ? 1 : 0;
      li = 2e-3 + in * 3e-3 + (li - 2e-3 - in * 3e-3) * decay;
      itg += in * 4e-3 * dt / 1e-3;
      if (itg > 1e-3) {
        itg = 0;
        resets++;
      }
      assertEquals(li, out[n], 1e-7, "LI at step " + n);
      assertEquals(itg, acc[n], 1e-7, "IF at step " + n);
      spiked = Math.abs(src[n] - (-65e-3)) < 1e-7;
      if (spiked) spikes++;
    }
    assertTrue(spikes >= 3 && resets >= 1, "too few events to test: " + spikes + " spikes, " + resets + " resets");
  }

  @Test
  void bothEnginesAgree() {
    Simulation a = new Interpreter().prepare(compile());
    Simulation b = new JvmBackend().prepare(compile());
    a.run();
    b.run();
    assertArrayEquals(a.recorder().arrays().get("v_out").floats(), b.recorder().arrays().get("v_out").floats());
  }
}
