package brainc.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.model.Assign;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Decl;
import brainc.ir.model.Deliver;
import brainc.ir.model.Expr;
import brainc.ir.model.Handler;
import brainc.ir.model.Interval;
import brainc.ir.model.Invariant;
import brainc.ir.model.IrModule;
import brainc.ir.model.Modulation;
import brainc.ir.model.Ode;
import brainc.ir.model.Origin;
import brainc.ir.model.Outcome;
import brainc.ir.model.Param;
import brainc.ir.model.Property;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Scenario;
import brainc.ir.model.ScenarioEvent;
import brainc.ir.model.Side;
import brainc.ir.model.SynVar;
import brainc.ir.model.SynapseModel;
import brainc.ir.model.Trace;
import brainc.ir.model.Trend;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.source.SourceId;
import brainc.ir.source.Span;
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The generated one-synapse simulator, compiled and run: exact trace decay, handlers that see
 * traces before the spike's own increment, simultaneous spikes, exact linear var equations and
 * modulation steps; and the generated property tests, run through the JUnit Platform.
 */
class JavaSimulatorTest {
  private static final Origin O = new Origin(new Span(new SourceId("test.brain"), 0, 0));
  private static final Real NONE = Real.DIMENSIONLESS;
  private static final Real TIME = new Real(Dimension.TIME);

  private static Ref param(String n, Real t) {
    return new Ref(RefKind.PARAM, n, t);
  }

  private static Ref var(String n) {
    return new Ref(RefKind.VAR, n, NONE);
  }

  private static Ref trace(String n) {
    return new Ref(RefKind.TRACE, n, NONE);
  }

  private static Expr bin(BinaryOp op, Expr a, Expr b) {
    return new Binary(op, a, b, op.isComparison() || op.isLogical() ? new brainc.ir.types.Bool() : NONE);
  }

  private static Param ranged(String n, double v, double lo, double hi, Real t) {
    return new Param(n, t, Optional.of(new Const(v, t)), Optional.of(new Interval(new Const(lo, t), new Const(hi, t), t)), "", O);
  }

  private static Expr clip(Expr x) {
    return new Call("clip", List.of(x, Const.of(0), param("w_max", NONE)), NONE);
  }

  /** Pair STDP as in the standard library, with {@code sign} in front of the potentiation. */
  static SynapseModel stdp(String name, double sign) {
    List<Param> params = List.of(ranged("A_plus", 0.005, 0.001, 0.1, NONE), ranged("A_minus", 0.00525, 0.001, 0.1, NONE),
        ranged("tau_plus", 0.02, 0.01, 0.1, TIME), ranged("tau_minus", 0.02, 0.01, 0.1, TIME),
        ranged("w_max", 1.0, 0.6, 10, NONE));
    List<Handler> handlers = List.of(
        new Handler(Side.PRE, List.of(new Deliver(var("w")), new Assign("w", RefKind.VAR,
            clip(bin(BinaryOp.SUB, var("w"), bin(BinaryOp.MUL, param("A_minus", NONE), trace("x_post")))))), O),
        new Handler(Side.POST, List.of(new Assign("w", RefKind.VAR, clip(bin(BinaryOp.ADD, var("w"),
            bin(BinaryOp.MUL, Const.of(sign), bin(BinaryOp.MUL, param("A_plus", NONE), trace("x_pre"))))))), O));
    List<Property> props = List.of(
        new Property("bounded", new Invariant(bin(BinaryOp.AND, bin(BinaryOp.LE, Const.of(0), var("w")),
            bin(BinaryOp.LE, var("w"), param("w_max", NONE)))), O),
        new Property("potentiates", new Scenario(List.of(ScenarioEvent.PRE, ScenarioEvent.POST),
            Optional.of(new Interval(new Const(0.001, TIME), new Const(0.05, TIME), TIME)), List.of(),
            new Outcome("w", Trend.INCREASES)), O),
        new Property("quiet", new Scenario(List.of(ScenarioEvent.NO_SPIKES), Optional.empty(), List.of(),
            new Outcome("w", Trend.UNCHANGED)), O));
    return new SynapseModel(name, "Pair STDP.", Optional.empty(), params,
        List.of(new SynVar("w", NONE, Const.of(0.5), "", O)),
        List.of(new Trace("x_pre", Side.PRE, param("tau_plus", TIME), Const.of(1), O),
            new Trace("x_post", Side.POST, param("tau_minus", TIME), Const.of(1), O)),
        List.of(), List.of(), handlers, List.of(), props, O);
  }

  /** An eligibility {@code e' = -e / tau_e} that a modulation turns into weight. */
  static SynapseModel eligibility() {
    Expr rhs = bin(BinaryOp.DIV, new Unary(UnaryOp.NEG, var("e"), NONE), param("tau_e", TIME));
    return new SynapseModel("Elig", "", Optional.empty(),
        List.of(ranged("tau_e", 0.1, 0.01, 1, TIME), ranged("w_max", 1, 0.6, 10, NONE)),
        List.of(new SynVar("w", NONE, Const.of(0.5), "", O), new SynVar("e", NONE, Const.of(0), "", O)),
        List.of(), List.of(), List.of(new Ode("e", rhs, O)),
        List.of(new Handler(Side.POST, List.of(new Assign("e", RefKind.VAR, bin(BinaryOp.ADD, var("e"), Const.of(1)))), O)),
        List.of(new Modulation("dopamine", List.of(new Assign("w", RefKind.VAR, clip(bin(BinaryOp.ADD, var("w"),
            bin(BinaryOp.MUL, new Ref(RefKind.SIGNAL, "dopamine", NONE), var("e")))))), O)),
        List.of(), O);
  }

  private static Object simulator(SynapseModel m) throws Exception {
    JavaTarget.Output out = JavaTarget.generate(new IrModule("t", List.<Decl>of(m)), "t.gen", d -> true, 10);
    ClassLoader loader = PropertyRunner.compile(out.files());
    return loader.loadClass("t.gen." + m.name() + "Synapse").getConstructor().newInstance();
  }

  private static double get(Object sim, String name) throws Exception {
    return (double) sim.getClass().getMethod("get", String.class).invoke(sim, name);
  }

  private static void call(Object sim, String method, double at) throws Exception {
    sim.getClass().getMethod(method, double.class).invoke(sim, at);
  }

  @Test
  void aCausalPairPotentiatesByTheDecayedPresynapticTrace() throws Exception {
    Object s = simulator(stdp("STDP", 1));
    call(s, "pre", 0.0);
    assertEquals(1.0, get(s, "x_pre"));
    call(s, "post", 0.010);
    // The post handler sees x_pre = exp(-10 ms / 20 ms), then x_post becomes 1.
    assertEquals(0.5 + 0.005 * Math.exp(-0.5), get(s, "w"), 1e-15);
    assertEquals(1.0, get(s, "x_post"));
    assertEquals(Math.exp(-0.5), get(s, "x_pre"), 1e-15);
    assertEquals(0.5, (double) s.getClass().getMethod("lastDelivered").invoke(s));
  }

  @Test
  void simultaneousSpikesSeeTheTracesBeforeEitherIncrement() throws Exception {
    Object s = simulator(stdp("STDP", 1));
    s.getClass().getMethod("spikes", double.class, boolean.class, boolean.class).invoke(s, 0.005, true, true);
    assertEquals(0.5, get(s, "w"));
    assertEquals(1.0, get(s, "x_pre"));
    assertEquals(1.0, get(s, "x_post"));
  }

  @Test
  void linearVarEquationsDecayExactlyAndModulationActsPerStep() throws Exception {
    Object s = simulator(eligibility());
    call(s, "post", 0.0);
    assertEquals(1.0, get(s, "e"));
    call(s, "advance", 0.05);
    assertEquals(Math.exp(-0.5), get(s, "e"), 1e-15);
    s.getClass().getMethod("modulate", String.class, double.class).invoke(s, "dopamine", 0.2);
    assertEquals(0.5 + 0.2 * Math.exp(-0.5), get(s, "w"), 1e-15);
  }

  @Test
  void theGeneratedSourcesReadLikeJava() {
    JavaTarget.Output out = JavaTarget.generate(new IrModule("t", List.<Decl>of(stdp("STDP", 1))), "t.gen", d -> true, 1000);
    String sim = out.files().get(0).toString();
    assertTrue(sim.contains("public final class STDPSynapse"), sim);
    assertTrue(sim.contains("x_pre *= Math.exp(-h / tau_plus);"), sim);
    assertTrue(sim.contains("w = clip((w - (A_minus * x_post)), 0.0, w_max);"), sim);
    String tests = out.files().get(1).toString();
    assertTrue(tests.contains("tries = 1000"), tests);
    assertTrue(tests.contains("@Label(\"STDP.potentiates\")"), tests);
    assertTrue(tests.contains("shrinkTowards(0.005)"), tests);
    assertEquals(List.of("STDP.bounded", "STDP.potentiates", "STDP.quiet"), out.suites().get(0).labels());
  }

  @Test
  void theGeneratedPropertiesRunOnTheJunitPlatform() throws Exception {
    IrModule module = new IrModule("t", List.<Decl>of(stdp("Good", 1), stdp("Flipped", -1)));
    List<PropertyRunner.Result> results = PropertyRunner.run(JavaTarget.generate(module, "t.gen", d -> true, 50));
    assertEquals(6, results.size());
    for (PropertyRunner.Result r : results) {
      boolean shouldFail = r.label().equals("Flipped.potentiates");
      assertEquals(!shouldFail, r.passed(), r.label() + ": " + r.message());
      if (!shouldFail) assertEquals(50, r.tries(), r.label());
    }
    String message = results.get(4).message();
    assertTrue(message.startsWith("spikes: pre at 0 ms, post at 1 ms\n"), message);
    assertTrue(message.contains("tau_plus = 20 ms"), message);
    assertFalse(message.contains("Exception"), message);
  }
}
