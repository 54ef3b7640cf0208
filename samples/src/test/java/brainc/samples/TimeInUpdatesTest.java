package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `t` and `dt` in neuron updates, as docs/language.md section 3 says: `t` is the time at the
 * start of the step (n·dt in step n) in `step` updates, `let`s, spike conditions and resets;
 * `dt` is the run's step everywhere, equations included. Both engines.
 */
class TimeInUpdatesTest {
  private static final String MODEL = """
      neuron Clock {
        state x = 0
        state y = 0
        state c = 0
        state z = 0 mV
        let phase = t / (1 ms)
        step x = t / (1 ms)
        step y = y + dt / (1 ms)
        step c = phase
        z' = 1 mV * dt / (1 ms * ms)
        spike when t > 0.45 ms and t < 0.55 ms { y = 100 }
      }
      network N {
        population p = Clock[1]
        monitor x of p
        monitor y of p
        monitor c of p
        monitor z of p
        monitor spikes of p
      }
      run N for 1 ms dt 0.1 ms
      """;

  @Test
  void timeAndTheStepAreReadInUpdatesLetsSpikesAndEquations() {
    Analysis a = new Frontend().analyze(SourceFile.of("t.brain", MODEL));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    KernelProgram program = Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {}).kernel();
    float[] first = null;
    for (Backend b : List.<Backend>of(new Interpreter(), new JvmBackend())) {
      Simulation sim = b.prepare(program);
      sim.run();
      sim.close();
      var r = sim.recorder().arrays();
      float[] x = r.get("x_p").floats();
      float[] y = r.get("y_p").floats();
      float[] c = r.get("c_p").floats();
      float[] z = r.get("z_p").floats();
      for (int n = 0; n < 10; n++) {
        assertEquals(n * 0.1, x[n], 1e-6, "t at the start of step " + n);
        assertEquals(x[n], c[n], "a let reads the same t");
        // z' = 1 mV · dt / ms²: each step adds dt² · 1 mV / ms² = 0.01 mV.
        assertEquals((n + 1) * 1e-5, z[n], 1e-9, "z after step " + n);
      }
      // dt accumulates, and the spike at t = 0.5 ms (step 5) resets y.
      assertEquals(0.5f, y[4], 1e-6f);
      assertEquals(100f, y[5]);
      assertEquals(100.1f, y[6], 1e-4f);
      assertArrayEquals(new long[] {5, 0}, r.get("spikes_p").longs());
      if (first == null) first = z;
      else assertArrayEquals(first, z);
    }
  }
}
