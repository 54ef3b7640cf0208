package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Simulation;
import brainc.codegen.interp.Interpreter;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Physics checks of whole models, from .brain text to spikes: the analytic firing rate of a
 * LIF neuron and the mean rate of the CUBA network.
 */
class PhysicsTest {
  private static Simulation simulate(SourceFile source, Double duration) {
    Analysis a = new Frontend().analyze(source);
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    Pipeline.RunSettings s = Pipeline.settings(run);
    if (duration != null) s = new Pipeline.RunSettings(duration, s.dt(), s.seed());
    Pipeline.Result r = Pipeline.compile(m, run, s, new PassContext(), (pass, ir) -> {});
    Simulation sim = new Interpreter().prepare(r.kernel());
    sim.run();
    return sim;
  }

  @Test
  void lifUnderConstantInputFiresAtTheAnalyticRate() {
    // tau dv/dt = E - v + I0; from v_reset the time to reach v_th is tau ln((E + I0 - v_reset)/(E + I0 - v_th)).
    double tau = 0.020;
    double tRef = 0.002;
    double drive = 0.020;
    double rest = -0.065;
    double reset = -0.065;
    double th = -0.050;
    double dt = 1e-4;
    SourceFile src = SourceFile.of("lif.brain", """
        neuron Driven {
          param tau = 20 ms
          param I0 = 20 mV
          state v = -65 mV
          v' = (-65 mV - v + I0) / tau
          spike when v > -50 mV { v = -65 mV }
          refractory 2 ms
        }
        network One { population n = Driven[1] }
        run One for 2 s dt 0.1 ms
        """);
    Simulation sim = simulate(src, null);
    double period = tRef + tau * Math.log((rest + drive - reset) / (rest + drive - th));
    // The spike is seen at the first step after the crossing: the period is quantised up to dt.
    double quantised = (Math.ceil((period - tRef) / dt) * dt) + tRef;
    long spikes = sim.summary().group("n").spikes();
    assertEquals(2.0 / quantised, spikes, 1.0, "spikes in 2 s");
    assertEquals(1 / period, sim.summary().group("n").meanRateHz(), 1 / period * 0.01, "rate within 1 %");
  }

  @Test
  void cubaSettlesToAFewHertz() throws IOException {
    Path cuba = Path.of("cuba.brain");
    SourceFile src = SourceFile.of(cuba.toString(), Files.readString(cuba));
    Simulation sim = simulate(src, 0.3);
    double exc = sim.summary().group("exc").meanRateHz();
    double inh = sim.summary().group("inh").meanRateHz();
    // Published simulators report a few Hz for this network (Brette et al. 2007 benchmark 2).
    assertTrue(exc > 1 && exc < 20, "exc rate " + exc);
    assertTrue(inh > 1 && inh < 20, "inh rate " + inh);
  }
}
