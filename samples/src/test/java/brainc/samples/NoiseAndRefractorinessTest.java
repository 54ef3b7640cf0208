package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Driver;
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
import brainc.runtime.io.NpyArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Randomness in neuron updates, white noise in equations and the refractory variants, from
 * .brain text to monitors, on both engines: statistics within bounds derived from the model
 * (a Poisson neuron's count, an Ornstein–Uhlenbeck process's stationary spread at two time
 * steps), the trajectories the refractory rules imply, and the same bits on the interpreter
 * and the JVM engine, on one thread or two.
 */
class NoiseAndRefractorinessTest {
  private static KernelProgram program(String text, double dt) {
    Analysis a = new Frontend().analyze(SourceFile.of("m.brain", text));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    Pipeline.RunSettings s = Pipeline.settings(run);
    return Pipeline.compile(m, run, new Pipeline.RunSettings(s.duration(), dt, s.seed()), new PassContext(),
        (pass, ir) -> {}).kernel();
  }

  private static Map<String, NpyArray> run(Backend backend, KernelProgram p) {
    try (Simulation sim = backend.prepare(p)) {
      sim.run();
      return sim.recorder().arrays();
    }
  }

  /** The monitors on the interpreter, after checking that the JVM engine, on one thread and two, records the same. */
  private static Map<String, NpyArray> everywhere(KernelProgram p) {
    Map<String, NpyArray> reference = run(new Interpreter(), p);
    Driver.Options two = new Driver.Options(0, 1000).withThreads(2).withMinChunk(16);
    for (Backend b : List.of(new JvmBackend(), new JvmBackend(two, false), new Interpreter(two))) {
      Map<String, NpyArray> other = run(b, p);
      assertEquals(reference.keySet(), other.keySet());
      for (String k : reference.keySet()) assertTrue(same(reference.get(k), other.get(k)), () -> k + " differs on " + b);
    }
    return reference;
  }

  /** Bit for bit: the same type, shape and elements (floats compared by their bits). */
  private static boolean same(NpyArray a, NpyArray b) {
    if (a.dtype() != b.dtype() || !java.util.Arrays.equals(a.shape(), b.shape())) return false;
    return switch (a.dtype()) {
      case FLOAT32 -> java.util.Arrays.equals(a.floats(), b.floats());
      case FLOAT64 -> java.util.Arrays.equals(a.doubles(), b.doubles());
      case INT32 -> java.util.Arrays.equals(a.ints(), b.ints());
      case INT64 -> java.util.Arrays.equals(a.longs(), b.longs());
    };
  }

  @Test
  void aBernoulliSpikeRuleFiresAtItsRate() {
    KernelProgram p = program("""
        neuron Poisson {
          param rate = 20 Hz
          state n = 0
          step n = n + 1
          spike when bernoulli(rate * dt)
        }
        network N {
          population p = Poisson[1000]
          monitor spikes of p
        }
        run N for 1 s dt 0.1 ms seed 7
        """, 1e-4);
    long[] spikes = everywhere(p).get("spikes_p").longs();
    // 10^7 independent trials of probability 0.002: mean 20000, standard deviation 141.
    double mean = 1000 * 1e4 * 0.002;
    double sd = Math.sqrt(1000 * 1e4 * 0.002 * 0.998);
    assertEquals(mean, spikes.length / 2.0, 5 * sd, "spikes of 1000 Poisson neurons at 20 Hz in 1 s");
  }

  @Test
  void drawsInAnUpdateHaveTheirDistributions() {
    KernelProgram p = program("""
        neuron Draws {
          state u = 0
          state z = 0
          state b = 0
          step u = uniform(-1, 3)
          step z = normal(2, 0.5)
          step b = bernoulli(0.25)
        }
        network N {
          population d = Draws[2000]
          monitor u, z, b of d every 1 ms
        }
        run N for 50 ms seed 3
        """, 1e-4);
    Map<String, NpyArray> m = everywhere(p);
    float[] u = m.get("u_d").floats();
    float[] g = m.get("z_d").floats();
    float[] b = m.get("b_d").floats();
    double[] us = stats(u, 2000);
    double[] gs = stats(g, 2000);
    double[] bs = stats(b, 2000);
    // Uniform(-1, 3): mean 1, sd 4 / sqrt(12); normal(2, 0.5); Bernoulli(0.25): mean 0.25. About 10^5 draws each.
    assertEquals(1, us[0], 0.02);
    assertEquals(4 / Math.sqrt(12), us[1], 0.02);
    assertEquals(2, gs[0], 0.01);
    assertEquals(0.5, gs[1], 0.01);
    assertEquals(0.25, bs[0], 0.01);
    for (float x : u) assertTrue(x >= -1 && x < 3, "uniform draw " + x);
  }

  /** {mean, sd} of the recorded values after the first sample (the initial value). */
  private static double[] stats(float[] values, int n) {
    double sum = 0;
    double sumSq = 0;
    int count = 0;
    for (int k = n; k < values.length; k++) {
      sum += values[k];
      sumSq += (double) values[k] * values[k];
      count++;
    }
    double mean = sum / count;
    return new double[] {mean, Math.sqrt(sumSq / count - mean * mean)};
  }

  private static final String OU = """
      neuron OU {
        param tau = 10 ms
        param mu = -60 mV
        param sigma = 5 mV
        state v = -60 mV
        v' = (mu - v) / tau + sigma * sqrt(2) * xi(tau) / tau
      }
      network N {
        population a = OU[2000]
        monitor v of a every 5 ms
      }
      run N for 300 ms seed 11
      """;

  /**
   * The exact step of the drift and an Euler–Maruyama noise increment sigma sqrt(2 dt / tau) N(0, 1)
   * make v_{n+1} = a v_n + (1 - a) mu + that, a = exp(-dt / tau): stationary variance
   * sigma^2 (2 dt / tau) / (1 - a^2), sigma^2 to first order in dt, at either time step.
   */
  @Test
  void whiteNoiseScalesWithTheSquareRootOfTheStep() {
    for (double dt : new double[] {1e-4, 4e-4}) {
      float[] v = everywhere(program(OU, dt)).get("v_a").floats();
      // After 100 ms (10 tau) the process is stationary; samples 5 ms apart.
      double sum = 0;
      double sumSq = 0;
      int count = 0;
      for (int k = 20 * 2000; k < v.length; k++) {
        sum += v[k];
        sumSq += (double) v[k] * v[k];
        count++;
      }
      double mean = sum / count;
      double sd = Math.sqrt(sumSq / count - mean * mean);
      double a = Math.exp(-dt / 0.01);
      double expected = 0.005 * Math.sqrt((2 * dt / 0.01) / (1 - a * a));
      // 2000 neurons x 41 samples, correlated over tau: the spread is known to well under 3 %.
      assertEquals(-0.060, mean, 0.0005, "mean at dt " + dt);
      assertEquals(expected, sd, 0.03 * expected, "standard deviation at dt " + dt);
    }
  }

  @Test
  void unlessRefractoryHoldsOnlyTheMarkedEquation() {
    KernelProgram p = program("""
        neuron CondRef {
          param tau = 10 ms
          state v = -70 mV
          state c = 0 mV
          v' = (-40 mV - v + c) / tau
          c' = -c / tau unless refractory
          spike when v > -50 mV { v = -70 mV
            c = 5 mV }
          refractory 5 ms
        }
        network N {
          population a = CondRef[2]
          monitor v, c of a
          monitor spikes of a
        }
        run N for 40 ms seed 1
        """, 1e-4);
    Map<String, NpyArray> m = everywhere(p);
    float[] v = m.get("v_a").floats();
    float[] c = m.get("c_a").floats();
    long first = m.get("spikes_a").longs()[0];
    int k = (int) first + 1;  // the monitor's sample after the step of the spike (sample 0 is the initial state)
    // During the 50 refractory steps c holds 5 mV while v, unclamped, climbs from the reset.
    for (int s = k; s < k + 49; s++) {
      assertEquals(0.005f, c[s * 2], () -> "c held");
      assertTrue(v[(s + 1) * 2] > v[s * 2], "v evolves during the refractory period");
    }
    assertTrue(c[(k + 60) * 2] < 0.005f, "c decays after the period");
  }

  @Test
  void aRefractoryConditionBlocksSpikesWhileItHolds() {
    KernelProgram p = program("""
        neuron Crossing {
          param tau = 10 ms
          state v = -70 mV
          v' = (-30 mV - v) / tau
          spike when v > -50 mV { v = -45 mV }
          refractory while v > -48 mV
        }
        network N {
          population a = Crossing[3]
          monitor spikes of a
          monitor v of a
        }
        run N for 100 ms seed 1
        """, 1e-4);
    Map<String, NpyArray> m = everywhere(p);
    // One upward crossing per neuron: after the reset to -45 mV (above -48 mV) v stays above the
    // threshold, and the condition keeps it from spiking again.
    assertEquals(3, m.get("spikes_a").longs().length / 2);
    float[] v = m.get("v_a").floats();
    assertEquals(-0.030, v[v.length - 1], 0.001);
  }

  @Test
  void aRefractoryPeriodWithoutMarksClampsAsBefore() {
    KernelProgram p = program("""
        neuron Clamped {
          param tau = 10 ms
          state v = -70 mV
          state c = 0 mV
          v' = (-40 mV - v + c) / tau
          c' = -c / tau
          spike when v > -50 mV { v = -70 mV
            c = 5 mV }
          refractory 5 ms
        }
        network N {
          population a = Clamped[1]
          monitor v, c of a
          monitor spikes of a
        }
        run N for 40 ms seed 1
        """, 1e-4);
    Map<String, NpyArray> m = everywhere(p);
    float[] v = m.get("v_a").floats();
    float[] c = m.get("c_a").floats();
    int k = (int) m.get("spikes_a").longs()[0] + 1;
    for (int s = k; s < k + 49; s++) {
      assertEquals(-0.070f, v[s], () -> "v held");
      assertEquals(0.005f, c[s], () -> "c held");
    }
  }
}
