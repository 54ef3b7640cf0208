package brainc.compiler.passes;

import brainc.ir.analysis.LinearInSelf;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Binary;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Decl;
import brainc.ir.model.Expr;
import brainc.ir.model.IntegrationMethod;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Ode;
import brainc.ir.model.Population;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.RunSpec;
import brainc.ir.model.StateVar;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import brainc.ir.types.Real;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the integration methods users chose can apply, on the model IR: `exact` needs an
 * equation affine in the states with constant coefficients, `exponential_euler` one linear in its
 * own variable ({@link ConditionallyLinear}); either otherwise is E0420 at the method clause. And,
 * per `run` with its dt, whether an explicit method (euler, rk2, rk4) is stable for an equation:
 * W0420 when dt·|λ| exceeds the method's bound, λ the equation's derivative in its own variable
 * at the population's initial state (random draws at their means) and with the model's
 * dimensionless states (gates) all at 0 or all at 1, where a Hodgkin-Huxley membrane is stiffest.
 *
 * <pre>
 *   neuron N { state v = 0 mV  v' = -v * v / (1 mV * ms)  method exact }
 *   → error[E0420] at `method exact`: `exact` needs equations linear in the states ...
 * </pre>
 */
public final class MethodCheck {
  private MethodCheck() {}

  /** E0420 for every neuron model of {@code module} whose chosen method cannot apply to one of its equations. */
  public static List<Diagnostic> applicability(IrModule module) {
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (Decl d : module.decls()) {
      if (d instanceof NeuronModel m && m.specializedFrom().isEmpty()) out.addAll(applicability(m));
    }
    return new ArrayList<>(out);
  }

  /** E0420 for each equation of {@code m} that its method cannot integrate. */
  static List<Diagnostic> applicability(NeuronModel m) {
    Map<String, Expr> lets = new LinkedHashMap<>();
    m.lets().forEach(l -> lets.put(l.name(), l.value()));
    List<Diagnostic> out = new ArrayList<>();
    for (Ode o : m.odes()) {
      if (o.method().isEmpty()) continue;
      IntegrationMethod.Choice c = o.method().get();
      Expr rhs = o.rhs();
      for (int round = 0; round <= lets.size(); round++) rhs = Rewrite.substitute(rhs, RefKind.LET, lets);
      if (c.method() == IntegrationMethod.EXACT && !affine(rhs)) {
        out.add(Diagnostic.error(Code.E0420, c.origin().span(), "`method exact` cannot integrate the equation of `"
            + o.variable() + "` in `" + m.name() + "`: it needs equations linear in the states with constant"
            + " coefficients (no product of two states, no function of a state); use `exponential_euler` or `rk4`"));
      } else if (c.method() == IntegrationMethod.EXPONENTIAL_EULER && ConditionallyLinear.of(rhs, o.variable()).isEmpty()) {
        out.add(Diagnostic.error(Code.E0420, c.origin().span(), "`method exponential_euler` cannot integrate the equation"
            + " of `" + o.variable() + "` in `" + m.name() + "`: it is not linear in `" + o.variable() + "` (x' = A x + B"
            + " with A and B free of x); use `rk4` or `euler`, or give that equation its own method"));
      }
    }
    return out;
  }

  /** Whether {@code e} is affine in the states and inputs, with coefficients constant during a run. */
  private static boolean affine(Expr e) {
    if (LinearInSelf.runConstant(e)) return true;
    if (e instanceof Ref r) return r.kind() == RefKind.STATE || r.kind() == RefKind.INPUT;
    if (e instanceof Unary u) return u.op() == UnaryOp.NEG && affine(u.operand());
    if (e instanceof Binary b) {
      return switch (b.op()) {
        case ADD, SUB -> affine(b.left()) && affine(b.right());
        case MUL -> LinearInSelf.runConstant(b.left()) ? affine(b.right())
            : LinearInSelf.runConstant(b.right()) && affine(b.left());
        case DIV -> LinearInSelf.runConstant(b.right()) && affine(b.left());
        default -> false;
      };
    }
    return false;
  }

  /**
   * W0420 for each equation of a population of {@code run}'s network whose explicit method is
   * unstable at {@code dt}. Reads the models as the run specialises them (constant parameters).
   */
  static List<Diagnostic> stability(IrModule module, RunSpec run, double dt) {
    boolean any = module.decls().stream().anyMatch(d -> d instanceof NeuronModel m
        && m.odes().stream().anyMatch(o -> o.method().map(c -> c.method().explicit()).orElse(false)));
    if (!any) return List.of();
    PassContext cx = new PassContext().target(run.target());
    IrModule specialised = PassManager.<IrModule>start().then(new SpecializePopulations()).then(new FoldConstants())
        .run(module, cx, (pass, ir) -> {});
    if (!(specialised.find(run.target()).orElse(null) instanceof Network net)) return List.of();
    Set<Diagnostic> out = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Population p : net.populations()) {
      if (!seen.add(p.model()) || !(specialised.find(p.model()).orElse(null) instanceof NeuronModel m)) continue;
      for (Ode o : m.odes()) {
        if (o.method().isEmpty() || !o.method().get().method().explicit()) continue;
        IntegrationMethod method = o.method().get().method();
        double rate = stiffestRate(m, o);
        if (Double.isFinite(rate) && dt * rate > method.stabilityBound()) {
          out.add(Diagnostic.warning(Code.W0420, o.method().get().origin().span(), "`method " + method.spelling()
              + "` is unstable for the equation of `" + o.variable() + "` in `" + m.userName() + "` at dt = "
              + String.format(Locale.ROOT, "%.4g", dt * 1e3) + " ms: its linearised rate reaches |λ| = "
              + String.format(Locale.ROOT, "%.4g", rate / 1e3) + " /ms, so dt·|λ| = "
              + String.format(Locale.ROOT, "%.3g", dt * rate) + " > " + method.stabilityBound() + "; use a dt under "
              + String.format(Locale.ROOT, "%.3g", method.stabilityBound() / rate * 1e3) + " ms, `exponential_euler` or `exact`"));
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * max |∂f/∂x| over the initial state and the initial state with every other dimensionless state at
   * 0 and at 1; NaN when it cannot be evaluated (a value that is not constant).
   */
  private static double stiffestRate(NeuronModel m, Ode o) {
    Map<String, Expr> initial = new LinkedHashMap<>();
    for (StateVar s : m.states()) initial.put(s.name(), ConstantFolding.fold(Rewrite.bottomUp(s.initial(), MethodCheck::mean)));
    double worst = Double.NaN;
    for (int corner = 0; corner < 3; corner++) {
      Map<String, Expr> at = new LinkedHashMap<>(initial);
      if (corner > 0) {
        for (StateVar s : m.states()) {
          if (!s.name().equals(o.variable()) && s.type() instanceof Real r && r.dim().isNone()) {
            at.put(s.name(), new Const(corner - 1, Real.DIMENSIONLESS));
          }
        }
      }
      double rate = Math.abs(derivative(o, at));
      if (Double.isFinite(rate) && !(rate <= worst)) worst = rate;
    }
    return worst;
  }

  /** ∂f/∂x at {@code at}: A of the conditionally linear form where there is one, else a central difference. */
  private static double derivative(Ode o, Map<String, Expr> at) {
    Optional<ConditionallyLinear.Form> f = ConditionallyLinear.of(o.rhs(), o.variable());
    if (f.isPresent()) return value(f.get().rate(), at);
    double x = value(new Ref(RefKind.STATE, o.variable(), Real.DIMENSIONLESS), at);
    double h = Math.max(Math.abs(x) * 1e-6, 1e-12);
    Map<String, Expr> up = new LinkedHashMap<>(at);
    Map<String, Expr> down = new LinkedHashMap<>(at);
    up.put(o.variable(), new Const(x + h, Real.DIMENSIONLESS));
    down.put(o.variable(), new Const(x - h, Real.DIMENSIONLESS));
    return (value(o.rhs(), up) - value(o.rhs(), down)) / (2 * h);
  }

  private static double value(Expr e, Map<String, Expr> states) {
    Expr v = ConstantFolding.fold(Rewrite.substitute(e, RefKind.STATE, states));
    return v instanceof Const c ? c.value() : Double.NaN;
  }

  /** A random draw replaced by its mean: the typical initial state. */
  private static Expr mean(Expr e) {
    if (!(e instanceof Call c) || !LinearInSelf.RANDOM.contains(c.function())) return e;
    return switch (c.function()) {
      case "uniform" -> new Binary(brainc.ir.model.BinaryOp.DIV, new Binary(brainc.ir.model.BinaryOp.ADD, c.args().get(0),
          c.args().get(1), c.type()), new Const(2, Real.DIMENSIONLESS), c.type());
      case "normal" -> c.args().get(0);
      case "bernoulli" -> c.args().get(0);
      default -> e;
    };
  }
}
