package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.jvm.JvmBackend;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import brainc.runtime.sim.SpikeSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What agents are built from, on both backends: the `fields` population code (each value
 * drives `count` channels tuned to evenly spaced preferred values) and the efference copy
 * (the chosen pool of an `argmax(pools(...))` action fires on the next step).
 */
class ClosedLoopMechanicsTest {
  static List<Backend> backends() {
    return List.of(new Interpreter(), new JvmBackend());
  }

  private static Simulation prepare(Backend backend, String text, IrModule[] module) {
    Analysis a = new Frontend().analyze(SourceFile.of("agent.brain", text));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    module[0] = m;
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    return backend.prepare(Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {}).kernel());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void fieldsFireMostlyNearTheirPreferredValue(Backend backend) {
    String text = """
        use brain.neurons.LIF
        network Coded {
          input x[2] encode fields(count = 5, width = 0.1, max = 1000 Hz)
          population n = LIF[10]
          connect x -> n  weight 1 mV  one_to_one
        }
        run Coded for 1 ms
        """;
    try (Simulation sim = prepare(backend, text, new IrModule[1])) {
      double[] values = sim.memory().f64("x.value");
      values[0] = 0.0;
      values[1] = 0.6;
      int[] counts = new int[10];
      int steps = 4000;
      for (int t = 0; t < steps; t++) {
        sim.run(1, StepListener.NONE);
        SpikeSet s = sim.memory().spikeSet("x");
        for (int k = 0; k < s.count; k++) counts[s.indices[k]]++;
      }
      // Expected rates: 1000 Hz * exp(-(value - j / 4)^2 / 0.02), over 0.4 s.
      double[] expected = new double[10];
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 5; j++) {
          double d = values[i] - j / 4.0;
          expected[i * 5 + j] = 1000 * Math.exp(-d * d / 0.02) * steps * 1e-4;
        }
      }
      for (int k = 0; k < 10; k++) {
        double tolerance = 5 * Math.sqrt(expected[k]) + 1;
        assertEquals(expected[k], counts[k], tolerance, "channel " + k + " of " + java.util.Arrays.toString(counts));
      }
      assertTrue(counts[0] > 300 && counts[7] > 150 && counts[7] > counts[8], java.util.Arrays.toString(counts));
      assertEquals(0, counts[4] + counts[5], "far from their preferred values, channels are silent");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theChosenPoolFiresOnTheStepAfterTheDecision(Backend backend) {
    String text = """
        use brain.neurons.LIF
        network Agent {
          input x[1] encode rate(max = 10 Hz)
          population net = LIF[8] { t_ref = 2 ms }
          population motor = net[2 .. 8]
          connect x -> net  weight 1 mV  all
          output action = argmax(pools(motor, 3))
        }
        run Agent for 1 ms
        """;
    try (Simulation sim = prepare(backend, text, new IrModule[1])) {
      var program = sim.program();
      double[] tie = sim.memory().f64(program.port(PortRole.TIE_BREAK, "action").orElseThrow().buffer());
      double[] armed = sim.memory().f64(program.port(PortRole.EFFERENCE, "action").orElseThrow().buffer());
      double[] action = sim.memory().f64(program.port(PortRole.READOUT, "action").orElseThrow().buffer());
      double[] pools = sim.memory().f64(program.port(PortRole.READOUT_ARGUMENT, "action").orElseThrow().buffer());
      // A silent window: all three pools tie, and the draw 0.5 picks the middle one.
      tie[0] = 0.5;
      armed[0] = 1;
      sim.run(1, StepListener.NONE);
      assertEquals(0, sim.memory().spikeSet("net").count);
      assertEquals(1, action[0]);
      assertEquals(0, armed[0], "the readout kernel spends the armed copy");
      sim.run(1, StepListener.NONE);
      SpikeSet s = sim.memory().spikeSet("net");
      int[] fired = java.util.Arrays.copyOf(s.indices, s.count);
      java.util.Arrays.sort(fired);
      assertArrayEquals(new int[] {4, 5}, fired, "motor[2 .. 4] is net[4 .. 6]");
      assertArrayEquals(new double[] {0, 2, 0}, pools);
      // The copy is spent: refractory now, and nothing forced on the next step.
      sim.run(1, StepListener.NONE);
      assertEquals(0, sim.memory().spikeSet("net").count);
    }
  }

  @org.junit.jupiter.api.Test
  void aFieldsInputHasCountSourcesPerValue() {
    Analysis a = new Frontend().analyze(SourceFile.of("sizes.brain", """
        use brain.neurons.LIF
        network Coded {
          input x[3] encode fields(count = 4)
          population n = LIF[12]
          population m = LIF[3]
          connect x -> n  one_to_one
          connect x -> m  one_to_one
        }
        """));
    List<Diagnostic> errors = a.diagnostics();
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).message().contains("has 12"), errors.get(0).message());
  }
}
