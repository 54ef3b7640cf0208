package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.model.*;
import brainc.ir.source.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The exact propagators of {@link SolveOdes} against a fine-step RK4 reference of the same
 * equations: a LIF membrane driven by an exponential current, including tau_m == tau_syn,
 * where closed forms divide by zero.
 */
class SolveOdesTest {
  private static final double DT = 1e-4;

  private static IrModule compile(String src, PassContext cx) {
    Analysis a = new Frontend().analyze(SourceFile.of("t.brain", src));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    cx.target(run.target());
    m = new SpecializePopulations().run(m, cx);
    m = new FoldConstants().run(m, cx);
    return new SolveOdes(DT).run(m, cx);
  }

  private static String lifWithCurrent(double tauM, double tauS) {
    return """
        neuron N {
          param tau_m = %s ms
          state v = -65 mV
          input I: mV
          v' = (-65 mV - v + I) / tau_m
          spike when v > 1 V { v = -65 mV }
        }
        network Net {
          population p = N[1]
          connect p -> p weight 1 mV all via exp(tau = %s ms)
        }
        run Net for 10 ms dt 0.1 ms
        """.formatted(tauM, tauS);
  }

  /** Evaluates an expression of constants and state references. */
  private static double eval(Expr e, Map<String, Double> state) {
    if (e instanceof Const c) return c.value();
    if (e instanceof Ref r) return state.get(r.name());
    if (e instanceof Unary u) return -eval(u.operand(), state);
    if (e instanceof Binary b) {
      double x = eval(b.left(), state);
      double y = eval(b.right(), state);
      return switch (b.op()) {
        case ADD -> x + y;
        case SUB -> x - y;
        case MUL -> x * y;
        case DIV -> x / y;
        default -> throw new IllegalArgumentException(b.op().toString());
      };
    }
    throw new IllegalArgumentException(e.toString());
  }

  /** v and I after `steps` steps of the propagators, from v0 and I0. */
  private static double[] propagate(NeuronModel n, double v0, double i0, int steps) {
    Map<String, Double> s = new LinkedHashMap<>(Map.of("v", v0, "I__exp0", i0));
    for (int k = 0; k < steps; k++) {
      Map<String, Double> next = new LinkedHashMap<>();
      for (StepUpdate u : n.steps()) next.put(u.variable(), eval(u.value(), s));
      s = next;
    }
    return new double[] {s.get("v"), s.get("I__exp0")};
  }

  /** The same system by RK4 with a step 1000 times finer. */
  private static double[] reference(double tauM, double tauS, double v0, double i0, double t) {
    int n = (int) Math.round(t / (DT / 1000));
    double h = t / n;
    double v = v0;
    double i = i0;
    for (int k = 0; k < n; k++) {
      double[] y = {v, i};
      double[] k1 = f(y, tauM, tauS);
      double[] k2 = f(new double[] {v + h / 2 * k1[0], i + h / 2 * k1[1]}, tauM, tauS);
      double[] k3 = f(new double[] {v + h / 2 * k2[0], i + h / 2 * k2[1]}, tauM, tauS);
      double[] k4 = f(new double[] {v + h * k3[0], i + h * k3[1]}, tauM, tauS);
      v += h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
      i += h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    }
    return new double[] {v, i};
  }

  private static double[] f(double[] y, double tauM, double tauS) {
    return new double[] {(-0.065 - y[0] + y[1]) / tauM, -y[1] / tauS};
  }

  private static NeuronModel solved(double tauM, double tauS, PassContext cx) {
    IrModule m = compile(lifWithCurrent(tauM, tauS), cx);
    return (NeuronModel) m.find("N@p").orElseThrow();
  }

  @Property(tries = 30)
  void exactPropagatorMatchesFineRk4(@ForAll @DoubleRange(min = 2, max = 50) double tauM,
      @ForAll @DoubleRange(min = 0.5, max = 20) double tauS) {
    NeuronModel n = solved(tauM, tauS, new PassContext());
    double[] got = propagate(n, -0.060, 0.004, 100);
    double[] want = reference(tauM * 1e-3, tauS * 1e-3, -0.060, 0.004, 100 * DT);
    // Stated tolerance: 1e-9 V after 10 ms (the propagator is exact; the reference is RK4 at dt/1000).
    assertEquals(want[0], got[0], 1e-9);
    assertEquals(want[1], got[1], 1e-12);
  }

  @Test
  void singularCaseOfEqualTimeConstantsIsExactToo() {
    NeuronModel n = solved(10, 10, new PassContext());
    double[] got = propagate(n, -0.065, 0.002, 50);
    // Closed form for tau_m == tau_s == tau: v(t) = v_rest + I0 (t / tau) e^(-t/tau).
    double t = 50 * DT;
    double tau = 0.010;
    assertEquals(-0.065 + 0.002 * (t / tau) * Math.exp(-t / tau), got[0], 1e-12);
  }

  @Test
  void eachEquationsMethodIsExplained() {
    PassContext cx = new PassContext();
    solved(20, 5, cx);
    List<String> e = cx.explanations();
    assertTrue(e.stream().anyMatch(x -> x.contains("N@p.v: exact propagator")), e::toString);
  }

  @Test
  void nonlinearEquationsGetRk4AndSelfLinearOnesExponentialEuler() {
    PassContext cx = new PassContext();
    IrModule m = compile("""
        use brain.neurons.Izhikevich
        network Net {
          population p = Izhikevich[2]
        }
        run Net for 10 ms dt 0.1 ms
        """, cx);
    NeuronModel n = (NeuronModel) m.find("brain.neurons.Izhikevich@p").orElseThrow();
    assertTrue(n.odes().isEmpty());
    assertEquals(2, n.steps().size());
    assertTrue(cx.explanations().stream().anyMatch(x -> x.contains("Izhikevich@p.v: RK4")), cx.explanations()::toString);
    // u' = a (b v - u): linear in u with a constant coefficient, so exponential Euler.
    assertTrue(cx.explanations().stream().anyMatch(x -> x.contains("Izhikevich@p.u: exponential Euler")),
        cx.explanations()::toString);
  }

  @Test
  void matrixExponentialOfADiagonalIsTheExponentialOfItsEntries() {
    double[][] e = MatrixExp.expm(new double[][] {{-3, 0}, {0, 2}});
    assertEquals(Math.exp(-3), e[0][0], 1e-14);
    assertEquals(Math.exp(2), e[1][1], 1e-13);
    assertEquals(0, e[0][1], 0);
  }

  /** Synapse traces and equations are solved per projection, with its own parameters, and explained. */
  @Test
  void synapseTracesAndEquationsAreSolvedPerProjection() {
    String src = """
        neuron N {
          state v = 0
          input I
          v' = (I - v) / 20 ms
          spike when v > 1 { v = 0 }
        }
        synapse S {
          param tau = 20 ms
          var w = 0.5
          var e = 0.0
          trace x decays tau on pre += 1
          e' = -e / 200 ms + 1 / 1 s
          on pre { deliver w }
        }
        network Net {
          population p = N[2]
          connect p -> p weight 1 all via S, exp(tau = 5 ms)
          connect p -> p weight 1 all via S { tau = 10 ms }, exp(tau = 5 ms)
        }
        run Net for 10 ms dt 0.1 ms
        """;
    PassContext cx = new PassContext();
    IrModule m = compile(src, cx);
    Network net = (Network) m.find("Net").orElseThrow();
    List<LinearStep> first = net.projections().get(0).steps();
    assertEquals(List.of("x", "e"), first.stream().map(LinearStep::variable).toList());
    assertEquals(Math.exp(-DT / 0.02), first.get(0).factor(), 1e-15);
    assertEquals(0, first.get(0).offset());
    double e = Math.exp(-5 * DT);
    assertEquals(e, first.get(1).factor(), 1e-15);
    assertEquals((e - 1) / -5, first.get(1).offset(), 1e-15);
    assertEquals(Math.exp(-DT / 0.01), net.projections().get(1).step("x").orElseThrow().factor(), 1e-15);
    assertTrue(cx.explanations().stream().anyMatch(x -> x.startsWith("solve-odes: ") && x.contains(".x: exact decay")),
        cx.explanations()::toString);
    assertTrue(cx.explanations().stream().anyMatch(x -> x.contains(".e: exact step")), cx.explanations()::toString);
  }
}
