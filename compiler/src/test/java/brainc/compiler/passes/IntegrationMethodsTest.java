package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.*;
import brainc.ir.source.SourceFile;
import brainc.ir.text.IrParser;
import brainc.ir.text.IrPrinter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The integration methods a user chooses (`method NAME`): each one's step on a LIF membrane with
 * an exponential current against its textbook formula, their orders of accuracy against the exact
 * propagator, the compiler's own choice untouched when none is written, the kernel states following
 * the model's method, a method per equation, the IR text round trip, and the checks (E0420, W0420).
 */
class IntegrationMethodsTest {
  private static final double DT = 1e-4;

  private static Analysis analyze(String src) {
    return new Frontend().analyze(SourceFile.of("t.brain", src));
  }

  private static IrModule lowered(String src) {
    Analysis a = analyze(src);
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    return Lowering.lower(a);
  }

  private static NeuronModel solved(String src, double dt, PassContext cx) {
    IrModule m = lowered(src);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    cx.target(run.target());
    m = new SpecializePopulations().run(m, cx);
    m = new FoldConstants().run(m, cx);
    m = new SolveOdes(dt).run(m, cx);
    return (NeuronModel) m.find("N@p").orElseThrow();
  }

  /** A LIF membrane (tau_m) with an exponential current (5 ms), the model's method {@code method} ("" for none). */
  private static String lif(double tauM, String method) {
    return """
        neuron N {
          param tau_m = %s ms
          state v = -65 mV
          input I: mV
          v' = (-65 mV - v + I) / tau_m
          spike when v > 1 V { v = -65 mV }
          %s
        }
        network Net {
          population p = N[1]
          connect p -> p weight 1 mV all via exp(tau = 5 ms)
        }
        run Net for 10 ms dt 0.1 ms
        """.formatted(tauM, method.isEmpty() ? "" : "method " + method);
  }

  private static double eval(Expr e, Map<String, Double> state, Map<String, Double> lets) {
    if (e instanceof Const c) return c.value();
    if (e instanceof Ref r) return r.kind() == RefKind.LET ? lets.get(r.name()) : state.get(r.name());
    if (e instanceof Unary u) return -eval(u.operand(), state, lets);
    if (e instanceof Call c && c.function().equals("exp")) return Math.exp(eval(c.args().get(0), state, lets));
    if (e instanceof Binary b) {
      double x = eval(b.left(), state, lets);
      double y = eval(b.right(), state, lets);
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

  /** v and I after {@code steps} steps of the solved model, in double. */
  private static double[] run(NeuronModel n, double v0, double i0, int steps) {
    Map<String, Double> s = new LinkedHashMap<>(Map.of("v", v0, "I__exp0", i0));
    for (int k = 0; k < steps; k++) {
      Map<String, Double> lets = new LinkedHashMap<>();
      for (Let l : n.lets()) lets.put(l.name(), eval(l.value(), s, lets));
      Map<String, Double> next = new LinkedHashMap<>();
      for (StepUpdate u : n.steps()) next.put(u.variable(), eval(u.value(), s, lets));
      s = next;
    }
    return new double[] {s.get("v"), s.get("I__exp0")};
  }

  private static double[] f(double v, double i, double tauM) {
    return new double[] {(-0.065 - v + i) / tauM, -i / 0.005};
  }

  @Test
  void eachMethodTakesItsTextbookStep() {
    double tau = 0.02;
    double v = -0.06;
    double i = 0.004;
    double[] k1 = f(v, i, tau);
    // Forward Euler, kernel state included (it follows the model's method).
    double[] euler = run(solved(lif(20, "euler"), DT, new PassContext()), v, i, 1);
    assertEquals(v + DT * k1[0], euler[0], 1e-15);
    assertEquals(i + DT * k1[1], euler[1], 1e-15);
    // The midpoint rule.
    double[] k2 = f(v + DT / 2 * k1[0], i + DT / 2 * k1[1], tau);
    double[] rk2 = run(solved(lif(20, "rk2"), DT, new PassContext()), v, i, 1);
    assertEquals(v + DT * k2[0], rk2[0], 1e-15);
    assertEquals(i + DT * k2[1], rk2[1], 1e-15);
    // Brian2's exponential Euler: A = -1/tau, B = (E + I)/tau, I held over the step.
    double a = -1 / tau;
    double b = (-0.065 + i) / tau;
    double[] ee = run(solved(lif(20, "exponential_euler"), DT, new PassContext()), v, i, 1);
    assertEquals(-b / a + (v + b / a) * Math.exp(a * DT), ee[0], 1e-15);
    assertEquals(i * Math.exp(-DT / 0.005), ee[1], 1e-15);
  }

  @Test
  void exactIsTheCompilersOwnChoiceForALinearSystem() {
    NeuronModel chosen = solved(lif(20, "exact"), DT, new PassContext());
    NeuronModel own = solved(lif(20, ""), DT, new PassContext());
    assertEquals(own.steps().stream().map(s -> s.value()).toList(), chosen.steps().stream().map(s -> s.value()).toList());
    assertTrue(own.lets().isEmpty());
  }

  @Property(tries = 20)
  void higherOrderMethodsAreCloserToTheExactSolution(@ForAll @DoubleRange(min = 2, max = 50) double tauM) {
    double dt = 5e-4;
    int steps = 40;
    NeuronModel exact = solved(lif(tauM, ""), dt, new PassContext());
    // The largest error of v along the trajectory: at a single time it can cross zero
    // (the current's error and the membrane's own cancel), which says nothing about the order.
    double euler = largestError(solved(lif(tauM, "euler"), dt, new PassContext()), exact, steps);
    double rk2 = largestError(solved(lif(tauM, "rk2"), dt, new PassContext()), exact, steps);
    double rk4 = largestError(solved(lif(tauM, "rk4"), dt, new PassContext()), exact, steps);
    assertTrue(rk4 < rk2 && rk2 < euler, "errors: euler " + euler + ", rk2 " + rk2 + ", rk4 " + rk4);
    assertTrue(euler < 1e-3, "euler error " + euler);
  }

  private static double largestError(NeuronModel method, NeuronModel exact, int steps) {
    double worst = 0;
    for (int k = 1; k <= steps; k++) {
      double[] m = run(method, -0.07, 0.01, k);
      double[] e = run(exact, -0.07, 0.01, k);
      worst = Math.max(worst, Math.abs(m[0] - e[0]));
    }
    return worst;
  }

  @Test
  void anEquationsOwnMethodOverridesTheModels() {
    PassContext cx = new PassContext();
    solved("""
        neuron N {
          state v = -65 mV
          state w = 0 mV
          v' = (-65 mV - v - w) / (20 ms)
          w' = (v + 65 mV - w) / (100 ms) method euler
          method rk4
        }
        network Net { population p = N[1] }
        run Net for 10 ms dt 0.1 ms
        """, DT, cx);
    List<String> e = cx.explanations();
    assertTrue(e.stream().anyMatch(x -> x.contains("N@p.v: RK4 (method rk4)")), e::toString);
    assertTrue(e.stream().anyMatch(x -> x.contains("N@p.w: forward Euler (method euler)")), e::toString);
  }

  @Test
  void withoutAMethodNothingChanges() {
    // The compiler's choice for Izhikevich: RK4 for v, exponential Euler for u, as before methods existed.
    PassContext cx = new PassContext();
    IrModule m = lowered("""
        use brain.neurons.Izhikevich
        network Net { population p = Izhikevich[2] }
        run Net for 10 ms dt 0.1 ms
        """);
    cx.target("Net");
    m = new SolveOdes(DT).run(new FoldConstants().run(new SpecializePopulations().run(m, cx), cx), cx);
    assertTrue(cx.explanations().stream().noneMatch(x -> x.contains("method")), cx.explanations()::toString);
    assertTrue(cx.explanations().stream().noneMatch(x -> x.contains("subexpression")), cx.explanations()::toString);
  }

  @Test
  void theMethodPrintsAndParsesBack() {
    IrModule m = lowered(lif(20, "exponential_euler"));
    String text = IrPrinter.print(m);
    assertTrue(text.contains(" method exponential_euler @"), text);
    assertEquals(m, IrParser.parse(text));
  }

  @Test
  void aMethodThatCannotApplyIsAnErrorAtItsClause() {
    String text = """
        neuron N {
          state v = 1 mV
          state w = 1 mV
          v' = -v * w / (1 mV * ms) method exponential_euler
          w' = -v * w / (1 mV * ms) method exact
        }
        network Net { population p = N[1] }
        run Net for 1 ms
        """;
    List<Diagnostic> d = RunCheck.statements(lowered(text));
    assertEquals(List.of(Code.E0420), d.stream().map(Diagnostic::code).distinct().toList(), d::toString);
    // exponential_euler applies to v (linear in v, the rate -w/(1 mV ms) reads another state); exact to nothing.
    assertEquals(1, d.size(), d::toString);
    assertTrue(d.get(0).message().startsWith("`method exact` cannot integrate the equation of `w`"), d.get(0).message());
    // At the clause: the method's name after the equation of w.
    assertEquals("exact", text.substring(d.get(0).span().start(), d.get(0).span().end()));
    assertTrue(text.substring(0, d.get(0).span().start()).endsWith("w' = -v * w / (1 mV * ms) method "));
  }

  @Test
  void anUnstableExplicitMethodIsWarnedOfAtTheRunsDt() {
    String src = lif(1, "euler").replace("dt 0.1 ms", "dt 2.5 ms").replace("for 10 ms", "for 50 ms");
    IrModule m = lowered(src);
    List<Diagnostic> d = RunCheck.statements(m);
    assertEquals(List.of(Code.W0420), d.stream().map(Diagnostic::code).toList(), d::toString);
    assertTrue(d.get(0).message().contains("dt·|λ| = 2.50 > 2.0"), d.get(0).message());
    // Stable at a step under 2 tau_m.
    assertTrue(RunCheck.statements(lowered(src.replace("dt 2.5 ms", "dt 1.5 ms"))).isEmpty());
  }
}
