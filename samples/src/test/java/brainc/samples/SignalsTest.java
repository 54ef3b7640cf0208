package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Memory;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.jvm.JvmBackend;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network signals step by step, as an environment drives them: the host writes a reward and
 * raises the environment-step flag; `baseline` moves once per environment step, `pulse` is
 * non-zero only on the step after it, `clip` bounds. On both backends.
 */
class SignalsTest {
  private static final String MODEL = """
      use brain.neurons.LIF
      network Net {
        input x[1] encode rate(max = 10 Hz)
        population n = LIF[1]
        connect x -> n  weight 1 mV  all
        signal surprise = reward - baseline(rate = 0.5)
        signal event = pulse(reward - 1)
        signal bounded = clip(reward, -1, 1)
        signal mean_of_double = baseline(2 * reward, rate = 0.25)
        signal failure = pulse(terminated)
      }
      run Net for 1 ms
      """;

  static List<Backend> backends() {
    return List.of(new Interpreter(), new JvmBackend());
  }

  private static Simulation prepare(Backend backend) {
    Analysis a = new Frontend().analyze(SourceFile.of("signals.brain", MODEL));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    return backend.prepare(Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {}).kernel());
  }

  private static double get(Memory m, String buffer) {
    return m.declaration(buffer).type() == Scalar.F64 ? m.f64(buffer)[0] : m.f32(buffer)[0];
  }

  private static void set(Memory m, String buffer, double v) {
    if (m.declaration(buffer).type() == Scalar.F64) m.f64(buffer)[0] = v;
    else m.f32(buffer)[0] = (float) v;
  }

  /** One environment step: the reward arrives with the flag. */
  private static void reward(Simulation sim, double r) {
    set(sim.memory(), "env.reward", r);
    set(sim.memory(), "env.tick", 1);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void baselinesMoveOncePerEnvironmentStepAndPulsesLastOneStep(Backend backend) {
    try (Simulation sim = prepare(backend)) {
      Memory m = sim.memory();
      reward(sim, 2);
      sim.run(1, StepListener.NONE);
      assertEquals(2, get(m, "signal.surprise"), 1e-6, "read before it takes the reward in");
      assertEquals(1, get(m, "signal.event"), 1e-6);
      assertEquals(1, get(m, "signal.bounded"), 1e-6);
      assertEquals(0, get(m, "env.tick"), "the step clears the flag");

      sim.run(3, StepListener.NONE);
      assertEquals(1, get(m, "signal.surprise"), 1e-6, "the baseline took 2 in once, at rate 0.5");
      assertEquals(0, get(m, "signal.event"), 1e-6, "a pulse lasts one step");
      assertEquals(1, get(m, "signal.mean_of_double"), 1e-6, "0.25 * (2 * 2 - 0)");

      assertEquals(0, get(m, "signal.failure"), 1e-6);
      reward(sim, -4);
      set(m, "env.terminated", 1);
      sim.run(1, StepListener.NONE);
      assertEquals(1, get(m, "signal.failure"), 1e-6);
      assertEquals(-5, get(m, "signal.surprise"), 1e-6);
      assertEquals(-5, get(m, "signal.event"), 1e-6);
      assertEquals(-1, get(m, "signal.bounded"), 1e-6);
      sim.run(1, StepListener.NONE);
      assertEquals(-4 - (1 + 0.5 * (-5)), get(m, "signal.surprise"), 1e-6);
    }
  }
}
