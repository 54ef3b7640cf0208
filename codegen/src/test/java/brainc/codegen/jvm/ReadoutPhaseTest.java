package brainc.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.text.KernelParser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both kernel engines run a program's readout kernels where its driver loop says: once, after
 * the last step of each run a host asks for, never in between (a step kernel counts steps, the
 * readout copies the count, so each copy shows exactly when the readout ran).
 */
class ReadoutPhaseTest {
  private static final KernelProgram COUNTING = KernelParser.parse("""
      kernel counting dt 1.0E-4 steps 10 seed 1

      buffer n : i32[1] "steps so far"
      buffer seen : f64[2] "what the readout saw"
      spikes s[1] "s"
      port seen out readout of o : f64[2]
      loop clear_spikes, run_kernels, record_probes, advance_queues, run_readouts, check_finite every 100

      init { }

      step {
        kernel count : update over neurons s[1] {
          for i in 0 .. 1 parallel {
            n[i] = (n[i] + 1)
          }
        }
      }

      readout {
        kernel "o.readout" : readout over single {
          seen[1] = (seen[1] + 1.0f64)
          seen[0] = f64(n[0])
        }
      }
      """);

  static List<Backend> engines() {
    return List.of(new Interpreter(), new JvmBackend(), new Interpreter(new Driver.Options(0, 1000, 2, 1)),
        new JvmBackend(new Driver.Options(0, 1000, 2, 1), true));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void readoutsRunOnceAfterTheLastStepOfEachRun(Backend engine) {
    try (Simulation sim = engine.prepare(COUNTING)) {
      double[] seen = sim.memory().f64("seen");
      sim.run(3, StepListener.NONE);
      assertArrayEquals(new double[] {3, 1}, seen);
      sim.run(1, StepListener.NONE);
      sim.run(4, StepListener.NONE);
      assertArrayEquals(new double[] {8, 3}, seen);
      sim.run(0, StepListener.NONE);
      assertArrayEquals(new double[] {8, 3}, seen, "a run of no steps has no last step");
    }
  }
}
