package brainc.compiler.passes;

import brainc.ir.builtin.Builtin;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Ode;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.StepUpdate;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * White noise in a neuron's equations, by Euler–Maruyama: each {@code x' = f + g * xi(T)} is
 * solved as {@code x' = f} by the deterministic solver, and the step of {@code x} then gains
 * {@code g * sqrt(T * dt) * normal(0, 1)}, with {@code g} at the start of the step (Itô). Each
 * {@code xi} of the model is an independent source; the scheduler draws each {@code normal} per
 * neuron and step from a stream of its own. The checker guarantees the additive form (E0421).
 *
 * <p>Before: {@code ode v = (mu - v + sigma * xi(tau)) / tau}; the solver sees
 * {@code ode v = (mu - v) / tau} and the step becomes
 * {@code step v = <exact step of v> + sigma / tau * sqrt(tau * dt) * normal(0, 1)}.
 */
final class NoiseTerms {
  /** One noise term {@code g * xi(T)} of an equation. */
  private record Term(Expr coefficient, Expr timeScale) {}

  /** A right side split into its deterministic part (empty: zero) and its noise terms. */
  private record Split(Optional<Expr> drift, List<Term> terms) {}

  private NoiseTerms() {}

  /** Whether any equation of {@code n} has white noise. */
  static boolean any(NeuronModel n) {
    return n.odes().stream().anyMatch(o -> hasNoise(o.rhs()));
  }

  /**
   * Solves {@code n} with {@code solver} on its noise-free equations and adds each variable's
   * Euler–Maruyama increment to its step; a model without noise goes to the solver as it is.
   */
  static NeuronModel around(NeuronModel n, double dt, UnaryOperator<NeuronModel> solver, PassContext cx, String pass) {
    if (!any(n)) return solver.apply(n);
    List<Ode> drift = new ArrayList<>();
    Map<String, Expr> increments = new LinkedHashMap<>();
    for (Ode o : n.odes()) {
      Split s = split(o.rhs());
      drift.add(o.withRhs(s.drift().orElse(new Const(0, real(o.rhs().type())))));
      if (s.terms().isEmpty()) continue;
      Expr inc = null;
      // The increment has the variable's unit: the right side's times a time.
      Real unit = new Real(real(o.rhs().type()).dim().times(Dimension.TIME));
      for (Term t : s.terms()) {
        Real time = new Real(Dimension.TIME);
        Expr scale = new Call("sqrt", List.of(new Binary(BinaryOp.MUL, t.timeScale(), new Const(dt, time),
            new Real(Dimension.TIME.pow(2)))), time);
        Expr draw = new Call("normal", List.of(new Const(0, Real.DIMENSIONLESS), new Const(1, Real.DIMENSIONLESS)),
            Real.DIMENSIONLESS);
        // The amplitude is folded to one constant where it is one (computed in double, rounded once).
        Expr amplitude = ConstantFolding.fold(new Binary(BinaryOp.MUL, t.coefficient(), scale, unit));
        Expr term = new Binary(BinaryOp.MUL, amplitude, draw, unit);
        inc = inc == null ? term : new Binary(BinaryOp.ADD, inc, term, unit);
      }
      increments.put(o.variable(), inc);
      cx.explain(pass, n.name() + "." + o.variable() + ": white noise by Euler-Maruyama (" + s.terms().size()
          + " source" + (s.terms().size() == 1 ? "" : "s") + ", added to the step of the deterministic part)");
    }
    NeuronModel solved = solver.apply(new NeuronModel(n.name(), n.doc(), n.params(), n.states(), n.inputs(), n.lets(),
        drift, n.steps(), n.spike(), n.refractory(), n.properties(), n.origin(), n.specializedFrom(), n.drives(),
        n.heldWhenRefractory()));
    List<StepUpdate> steps = new ArrayList<>();
    for (StepUpdate s : solved.steps()) {
      Expr inc = increments.remove(s.variable());
      steps.add(inc == null ? s : new StepUpdate(s.variable(), new Binary(BinaryOp.ADD, s.value(), inc,
          s.value().type()), s.origin()));
    }
    if (!increments.isEmpty()) throw new IllegalStateException("no step for the noisy equations " + increments.keySet());
    return new NeuronModel(solved.name(), solved.doc(), solved.params(), solved.states(), solved.inputs(), solved.lets(),
        solved.odes(), steps, solved.spike(), solved.refractory(), solved.properties(), solved.origin(),
        solved.specializedFrom(), solved.drives(), solved.heldWhenRefractory());
  }

  private static Real real(Type t) {
    return t instanceof Real r ? r : Real.DIMENSIONLESS;
  }

  static boolean isNoise(Expr e) {
    return e instanceof Call c && Builtin.named(c.function()).map(b -> b.kind() == Builtin.Kind.NOISE).orElse(false);
  }

  static boolean hasNoise(Expr e) {
    if (isNoise(e)) return true;
    if (e instanceof Call c) return c.args().stream().anyMatch(NoiseTerms::hasNoise);
    if (e instanceof Unary u) return hasNoise(u.operand());
    if (e instanceof Binary b) return hasNoise(b.left()) || hasNoise(b.right());
    if (e instanceof brainc.ir.model.Select s) return hasNoise(s.condition()) || hasNoise(s.then()) || hasNoise(s.otherwise());
    return false;
  }

  /** {@code e} as drift + Σ g·xi(T); the drift keeps the written expression where no noise was removed. */
  private static Split split(Expr e) {
    if (!hasNoise(e)) return new Split(Optional.of(e), List.of());
    if (isNoise(e)) {
      return new Split(Optional.empty(), List.of(new Term(new Const(1, Real.DIMENSIONLESS), ((Call) e).args().get(0))));
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      Split s = split(u.operand());
      return new Split(s.drift().map(d -> (Expr) new Unary(UnaryOp.NEG, d, u.type())),
          s.terms().stream().map(t -> new Term(new Unary(UnaryOp.NEG, t.coefficient(), u.type()), t.timeScale())).toList());
    }
    if (e instanceof Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      Split l = split(b.left());
      Split r = split(b.right());
      Optional<Expr> drift;
      if (l.drift().isPresent() && r.drift().isPresent()) {
        drift = Optional.of(new Binary(b.op(), l.drift().get(), r.drift().get(), b.type()));
      } else if (r.drift().isPresent()) {
        drift = Optional.of(b.op() == BinaryOp.ADD ? r.drift().get() : new Unary(UnaryOp.NEG, r.drift().get(), b.type()));
      } else {
        drift = l.drift();
      }
      List<Term> terms = new ArrayList<>(l.terms());
      for (Term t : r.terms()) {
        terms.add(b.op() == BinaryOp.ADD ? t : new Term(new Unary(UnaryOp.NEG, t.coefficient(), b.type()), t.timeScale()));
      }
      return new Split(drift, terms);
    }
    if (e instanceof Binary b && b.op() == BinaryOp.MUL) {
      boolean leftNoisy = hasNoise(b.left());
      Split s = split(leftNoisy ? b.left() : b.right());
      Expr k = leftNoisy ? b.right() : b.left();
      return new Split(s.drift().map(d -> (Expr) (leftNoisy ? new Binary(BinaryOp.MUL, d, k, b.type())
          : new Binary(BinaryOp.MUL, k, d, b.type()))),
          s.terms().stream().map(t -> new Term(leftNoisy ? new Binary(BinaryOp.MUL, t.coefficient(), k, b.type())
              : new Binary(BinaryOp.MUL, k, t.coefficient(), b.type()), t.timeScale())).toList());
    }
    if (e instanceof Binary b && b.op() == BinaryOp.DIV) {
      Split s = split(b.left());
      return new Split(s.drift().map(d -> (Expr) new Binary(BinaryOp.DIV, d, b.right(), b.type())),
          s.terms().stream().map(t -> new Term(new Binary(BinaryOp.DIV, t.coefficient(), b.right(), b.type()),
              t.timeScale())).toList());
    }
    throw new IllegalStateException("unchecked (E0421): white noise that is not an additive term: " + e);
  }
}
