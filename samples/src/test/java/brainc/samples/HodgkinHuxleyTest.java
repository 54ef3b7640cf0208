package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import brainc.runtime.sim.SimulationError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stdlib's Hodgkin-Huxley neuron and the integration methods on it: exponential Euler steps
 * as Brian2 defines it (against a double-precision transcription of the formula), converges to
 * the equations' solution (against fine RK4), runs at dt 0.1 ms where RK4 ends in NaN, agrees bit
 * for bit on both engines with every method, and the COBAHH sample (Brette et al. 2007) sustains
 * its activity with every membrane potential inside the range its reversal potentials bound.
 */
class HodgkinHuxleyTest {
  private static final double DT = 1e-4;

  private static KernelProgram compile(String text, Double duration) {
    Analysis a = new Frontend().analyze(SourceFile.of("hh.brain", text));
    assertTrue(a.diagnostics().isEmpty(), () -> a.diagnostics() + "\n" + text);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    Pipeline.RunSettings s = Pipeline.settings(run);
    if (duration != null) s = new Pipeline.RunSettings(duration, s.dt(), s.seed());
    return Pipeline.compile(m, run, s, new PassContext(), (p, ir) -> {}).kernel();
  }

  /** One HH neuron of the stdlib from -65 mV, v recorded every step, under {@code method} (the model's own when null). */
  private static String single(String method, int millis) {
    String model = method == null ? "HH" : "H";
    String decl = method == null ? "" : stdlibHh().replace("neuron HH {", "neuron H {")
        .replace("  method exponential_euler\n", method.isEmpty() ? "" : "  method " + method + "\n");
    return (method == null ? "use brain.neurons.HH\n" : "") + decl + """
        network One {
          population p = %s[1] { v = -65 mV }
          monitor v of p
        }
        run One for %d ms dt 0.1 ms
        """.formatted(model, millis);
  }

  private static String stdlibHh() {
    try (var in = HodgkinHuxleyTest.class.getClassLoader().getResourceAsStream("brain/neurons.brain")) {
      String s = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return s.substring(s.indexOf("neuron HH {"));
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("the stdlib's neurons.brain is not on the class path", e);
    }
  }

  private static float[] trace(Simulation sim) {
    return sim.recorder().arrays().get("v_p").floats();
  }

  // ---- an independent transcription of the model (Brette et al. 2007, Traub & Miles 1991), in SI ----

  private static final double C = 200e-12, GL = 10e-9, EL = -60e-3, GNA = 20e-6, ENA = 50e-3, GK = 6e-6,
      EK = -90e-3, VT = -63e-3;

  private static double rel(double x) {
    return Math.abs(x) < 1e-4 ? 1 - x / 2 : x / Math.expm1(x);
  }

  /** alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n in 1/s at v (volts). */
  private static double[] rates(double v) {
    double u = v * 1e3;
    double t = VT * 1e3;
    return new double[] {1.28e3 * rel((13 - u + t) / 4), 1.4e3 * rel((u - t - 40) / 5),
        0.128e3 * Math.exp((17 - u + t) / 18), 4e3 / (1 + Math.exp((40 - u + t) / 5)),
        0.16e3 * rel((15 - u + t) / 5), 0.5e3 * Math.exp((10 - u + t) / 40)};
  }

  /** {A, B} of x' = A x + B for v, m, h, n at y = {v, m, h, n}. */
  private static double[][] linear(double[] y) {
    double[] r = rates(y[0]);
    double gna = GNA * y[1] * y[1] * y[1] * y[2];
    double gk = GK * Math.pow(y[3], 4);
    return new double[][] {{-(GL + gna + gk) / C, (GL * EL + gna * ENA + gk * EK) / C},
        {-(r[0] + r[1]), r[0]}, {-(r[2] + r[3]), r[2]}, {-(r[4] + r[5]), r[4]}};
  }

  /** v after each step of Brian2's exponential Euler: x <- -B/A + (x + B/A) exp(A dt), all read at the step's start. */
  private static double[] exponentialEuler(int steps) {
    double[] y = {-65e-3, 0, 0, 0};
    double[] out = new double[steps];
    for (int s = 0; s < steps; s++) {
      double[][] f = linear(y);
      for (int i = 0; i < 4; i++) {
        double ba = f[i][1] / f[i][0];
        y[i] = -ba + (y[i] + ba) * Math.exp(f[i][0] * DT);
      }
      out[s] = y[0];
    }
    return out;
  }

  /** v every 0.1 ms of classical RK4 at a step of 1 µs: the equations' solution, for spike times. */
  private static double[] fine(int steps) {
    int sub = 100;
    double h = DT / sub;
    double[] y = {-65e-3, 0, 0, 0};
    double[] out = new double[steps];
    for (int s = 0; s < steps; s++) {
      for (int k = 0; k < sub; k++) {
        double[] k1 = deriv(y);
        double[] k2 = deriv(axpy(y, h / 2, k1));
        double[] k3 = deriv(axpy(y, h / 2, k2));
        double[] k4 = deriv(axpy(y, h, k3));
        for (int i = 0; i < 4; i++) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
      out[s] = y[0];
    }
    return out;
  }

  private static double[] deriv(double[] y) {
    double[][] f = linear(y);
    double[] d = new double[4];
    for (int i = 0; i < 4; i++) d[i] = f[i][0] * y[i] + f[i][1];
    return d;
  }

  private static double[] axpy(double[] y, double a, double[] x) {
    double[] r = y.clone();
    for (int i = 0; i < r.length; i++) r[i] += a * x[i];
    return r;
  }

  /** The steps (0-based) after which v has crossed -20 mV upwards. */
  private static List<Integer> crossings(double[] v) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i < v.length; i++) if (v[i] > -0.02 && v[i - 1] <= -0.02) out.add(i);
    return out;
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  @Test
  void exponentialEulerStepsAsBrian2DefinesIt() {
    Simulation sim = new Interpreter().prepare(compile(single(null, 100), null));
    sim.run();
    double[] got = widen(trace(sim));
    double[] want = exponentialEuler(got.length);
    // Below the spike the float32 run follows the double transcription to float32's rounding.
    for (int i = 0; i < 300; i++) assertEquals(want[i], got[i], 2e-6, "v after step " + (i + 1));
    // Through the spike (where dv/dt reaches 100 V/s) both cross -20 mV at the same step.
    assertEquals(crossings(want), crossings(got), "spike steps");
    assertTrue(!crossings(got).isEmpty(), "the neuron fires (its gates start closed)");
  }

  @Test
  void exponentialEulerConvergesToTheEquationsSolution() {
    Simulation sim = new Interpreter().prepare(compile(single(null, 300), null));
    sim.run();
    List<Integer> got = crossings(widen(trace(sim)));
    List<Integer> want = crossings(fine(3000));
    assertEquals(want.size(), got.size(), "spikes in 300 ms: " + got + " vs " + want);
    // A first-order method: at dt 0.1 ms each interspike interval is within 5 % of the solution's.
    for (int i = 1; i < want.size(); i++) {
      double isi = got.get(i) - got.get(i - 1);
      double ref = want.get(i) - want.get(i - 1);
      assertEquals(ref, isi, 0.05 * ref, "interval " + i);
    }
  }

  @Test
  void rungeKuttaEndsInNanWhereExponentialEulerRuns() {
    for (String method : List.of("", "rk4", "euler", "rk2")) {
      Simulation sim = new Interpreter().prepare(compile(single(method, 100), null));
      SimulationError e = assertThrows(SimulationError.class, sim::run, "method '" + method + "'");
      assertTrue(e.getMessage().contains("p.v"), e.getMessage());
    }
    Simulation sim = new Interpreter().prepare(compile(single("exponential_euler", 100), null));
    sim.run();
    for (float v : trace(sim)) assertTrue(v >= EK && v <= ENA, "v = " + v);
  }

  @Test
  void everyMethodAgreesBitForBitOnBothEngines() {
    // Conductance synapses into HH neurons, and a current-driven LIF pair, under each method.
    for (String method : List.of("exponential_euler", "euler", "rk2", "rk4", "exact")) {
      String hh = method.equals("exact") ? "" : stdlibHh().replace("neuron HH {", "neuron H {")
          .replace("method exponential_euler", "method " + method);
      String text = "use brain.neurons.LIF\n" + hh + """
          neuron L extends LIF { method %s }
          network N {
            population a = %s
            population b = L[20] { v_rest = -45 mV, v = uniform(-65 mV, -50 mV) }
            connect b -> b  weight 0.5 mV  probability 0.3  via exp(tau = 5 ms)
            %s
            monitor v of b
          }
          run N for 30 ms dt %s seed 3
          """.formatted(method, method.equals("exact") ? "L[2]" : "H[40] { v = normal(-65 mV, 5 mV) }",
          method.equals("exact") ? "" : "connect a[0 .. 30] -> a.ge  weight 6 nS  probability 0.2\n"
              + "  connect a[30 .. 40] -> a.gi  weight 67 nS  probability 0.2\n  monitor v of a",
          method.equals("exponential_euler") || method.equals("exact") ? "0.1 ms" : "0.01 ms");
      KernelProgram program = compile(text, null);
      Simulation x = new Interpreter().prepare(program);
      Simulation y = new JvmBackend().prepare(program);
      x.run();
      y.run();
      y.close();
      var ax = x.recorder().arrays();
      var ay = y.recorder().arrays();
      assertEquals(ax.keySet(), ay.keySet());
      for (String k : ax.keySet()) {
        if (ax.get(k).dtype() == brainc.runtime.io.NpyDtype.FLOAT32) {
          float[] f = ax.get(k).floats();
          float[] g = ay.get(k).floats();
          int[] fb = new int[f.length];
          int[] gb = new int[g.length];
          for (int i = 0; i < f.length; i++) {
            fb[i] = Float.floatToRawIntBits(f[i]);
            gb[i] = Float.floatToRawIntBits(g[i]);
          }
          assertArrayEquals(fb, gb, method + ": " + k);
        }
      }
      assertEquals(x.summary().groups(), y.summary().groups(), method);
    }
  }

  @Test
  void cobahhSustainsItsActivityInsideThePhysicalRange() throws IOException {
    // Every v of every neuron, each step of 100 ms: exponential Euler moves v towards a
    // conductance-weighted mean of the reversal potentials, so it can never leave [E_K, E_Na].
    String text = Files.readString(Path.of("cobahh.brain"))
        .replace("monitor v of all[0 .. 10] every 1 ms", "monitor v of all");
    Simulation sim = new JvmBackend().prepare(compile(text, 0.1));
    sim.run();
    sim.close();
    float[] v = sim.recorder().arrays().get("v_all").floats();
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float x : v) {
      assertTrue(Float.isFinite(x));
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    assertTrue(lo >= (float) EK && hi <= (float) ENA, "v in [" + lo + ", " + hi + "] V");
    assertTrue(hi > 0, "action potentials overshoot 0 mV: " + hi);
    double exc = sim.summary().group("exc").meanRateHz();
    double inh = sim.summary().group("inh").meanRateHz();
    // Self-sustained: every population fires, at rates of cortical activity, not of epilepsy
    // (a neuron's action potential and its recovery take ~10 ms, so 100 Hz is a ceiling).
    assertTrue(exc > 5 && exc < 100, "exc rate " + exc);
    assertTrue(inh > 5 && inh < 100, "inh rate " + inh);
    // Still going in the last 20 ms.
    long[] spikes = sim.recorder().arrays().get("spikes_exc").longs();
    long last = 0;
    for (int i = 0; i < spikes.length; i += 2) last = Math.max(last, spikes[i]);
    assertTrue(last >= 800, "last excitatory spike at step " + last);
  }
}
