package brainc.compiler.passes;

import brainc.ir.analysis.LinearInSelf;
import brainc.ir.model.*;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the differential equations of each specialised neuron model into discrete updates for
 * the run's time step. A system that is affine with constant coefficients (LIF with current
 * synapses, coupled or not) gets its exact propagator, the matrix exponential of the augmented
 * system (states, inputs held over the step, the constant); any other gets classical RK4 over
 * the whole coupled system. Where the user chose a method (`method NAME`, recorded on each
 * {@link Ode}), the equations of each method are stepped together by it (exact, Brian2's
 * exponential Euler, forward Euler, midpoint RK2, RK4), the other groups held at the start of
 * the step. The choice is explained per equation. The traces and equations of
 * the synapse model of each projection of the target network are solved here too, with the
 * projection's parameters, and recorded on the projection ({@link Projection#steps()}) for the
 * scheduler.
 *
 * <p>Before: {@code ode v = (-0.065 - v + I__exp0) / 0.02}, {@code ode I__exp0 = -I__exp0 / 0.005};
 * after (dt = 0.1 ms): {@code step v = 0.99501 * v + 0.0049... * I__exp0 - 3.24e-4},
 * {@code step I__exp0 = 0.98020 * I__exp0}.
 */
public final class SolveOdes implements ModelPass {
  private final double dt;

  public SolveOdes(double dt) {
    this.dt = dt;
  }

  @Override
  public String name() {
    return "solve-odes";
  }

  @Override
  public IrModule run(IrModule in, PassContext cx) {
    List<Decl> out = new ArrayList<>();
    boolean changed = false;
    int target = -1;
    for (Decl d : in.decls()) {
      if (d instanceof NeuronModel n && n.specializedFrom().isPresent() && !n.odes().isEmpty()) {
        out.add(NoiseTerms.around(n, dt, m -> solve(m, cx), cx, name()));
        changed = true;
      } else {
        if (d instanceof Network && d.name().equals(cx.target())) target = out.size();
        out.add(d);
      }
    }
    // The synapses after the neurons, so that --explain lists the neurons' equations first.
    if (target >= 0) {
      Network net = (Network) out.get(target);
      Network solved = solveSynapses(in, net, cx);
      out.set(target, solved);
      changed |= solved != net;
    }
    return changed ? new IrModule(in.name(), out) : in;
  }

  /**
   * The traces and equations of the synapse model of each plastic projection, with the
   * projection's parameters: a trace decays exactly (factor exp(-dt / tau)); an equation
   * x' = a x + b with constant a and b gets its exact step. Anything else is left unsolved, and
   * the scheduler refuses it as something that cannot run yet.
   */
  private Network solveSynapses(IrModule module, Network net, PassContext cx) {
    List<Projection> projections = new ArrayList<>();
    boolean changed = false;
    for (Projection pr : net.projections()) {
      Optional<Decl> syn = pr.synapse().flatMap(module::find);
      if (!(syn.orElse(null) instanceof SynapseModel m) || !pr.steps().isEmpty()) {
        projections.add(pr);
        continue;
      }
      SynapseConstants constants = SynapseConstants.of(pr, m);
      String where = pr.name() + " (synapse " + m.name() + ").";
      List<LinearStep> steps = new ArrayList<>();
      for (Trace t : m.traces()) {
        Expr tau = constants.close(t.tau());
        if (tau instanceof Const c && c.value() > 0) {
          steps.add(LinearStep.decay(t.name(), c.value(), dt));
          cx.explain(name(), where + t.name() + ": exact decay (trace, tau = "
              + String.format(java.util.Locale.ROOT, "%.4g", c.value()) + " s)");
        } else {
          cx.explain(name(), where + t.name() + ": not solved (the time constant is not a positive constant)");
        }
      }
      for (Ode o : m.odes()) {
        double[] ab = linearInSelf(constants.close(o.rhs()), o.variable());
        if (ab == null) {
          cx.explain(name(), where + o.variable() + ": not solved (only x' = a x + b with constant a and b runs)");
          continue;
        }
        double a = ab[0];
        steps.add(LinearStep.exact(o.variable(), a, ab[1], dt));
        cx.explain(name(), where + o.variable() + ": exact step (linear in itself, a = "
            + String.format(java.util.Locale.ROOT, "%.4g", a) + " /s)");
      }
      if (steps.isEmpty()) {
        projections.add(pr);
        continue;
      }
      projections.add(new Projection(pr.name(), pr.source(), pr.target(), pr.targetPort(), pr.connectivity(),
          pr.weight(), pr.delay(), pr.synapse(), pr.synapseOverrides(), pr.kernel(), pr.origin(), steps));
      changed = true;
    }
    if (!changed) return net;
    return new Network(net.name(), net.doc(), net.params(), net.lets(), net.populations(), net.views(), net.inputs(),
        projections, net.outputs(), net.signals(), net.monitors(), net.origin());
  }

  /** {a, b} when rhs = a * x + b with constants a and b, else null (the decomposition every target shares). */
  static double[] linearInSelf(Expr rhs, String x) {
    return LinearInSelf.of(rhs, x, LinearInSelf.NUMBERS).map(f -> new double[] {f.rate(), f.drive()}).orElse(null);
  }

  /** An affine form: coefficients of state variables, and a constant. */
  private record Affine(Map<String, Double> coeffs, double constant) {
    Affine scale(double k) {
      Map<String, Double> c = new LinkedHashMap<>();
      coeffs.forEach((n, v) -> c.put(n, v * k));
      return new Affine(c, constant * k);
    }

    Affine plus(Affine o, double sign) {
      Map<String, Double> c = new LinkedHashMap<>(coeffs);
      o.coeffs.forEach((n, v) -> c.merge(n, sign * v, Double::sum));
      return new Affine(c, constant + sign * o.constant);
    }

    boolean isConstant() {
      return coeffs.values().stream().allMatch(v -> v == 0);
    }
  }

  private static Optional<Affine> affine(Expr e) {
    if (e instanceof Const c) return Optional.of(new Affine(Map.of(), c.value()));
    if (e instanceof Ref r && r.kind() == RefKind.STATE) return Optional.of(new Affine(Map.of(r.name(), 1.0), 0));
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) return affine(u.operand()).map(a -> a.scale(-1));
    if (e instanceof Binary b) {
      Optional<Affine> l = affine(b.left());
      Optional<Affine> r = affine(b.right());
      if (l.isEmpty() || r.isEmpty()) return Optional.empty();
      Affine x = l.get();
      Affine y = r.get();
      return switch (b.op()) {
        case ADD -> Optional.of(x.plus(y, 1));
        case SUB -> Optional.of(x.plus(y, -1));
        case MUL -> y.isConstant() ? Optional.of(x.scale(y.constant())) : x.isConstant()
            ? Optional.of(y.scale(x.constant())) : Optional.empty();
        case DIV -> y.isConstant() && y.constant() != 0 ? Optional.of(x.scale(1 / y.constant())) : Optional.empty();
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  private NeuronModel solve(NeuronModel n, PassContext cx) {
    Map<String, Type> types = new LinkedHashMap<>();
    for (StateVar s : n.states()) types.put(s.name(), s.type());
    List<StepUpdate> steps = new ArrayList<>();
    List<Let> lets = new ArrayList<>(n.lets());
    // The equations grouped by the method chosen for them (none: the compiler's choice), in the
    // order they first appear. Each group is integrated as one system over the step, reading the
    // variables of the other groups at their values from the start of the step.
    // The kernel states of input ports (which the user did not write) take the method of the
    // model's own equations when those all share one, as if written beside them.
    Set<String> drives = new LinkedHashSet<>();
    for (DriveState g : n.drives()) {
      drives.add(g.readState());
      if (g.jumpState() != null) drives.add(g.jumpState());
    }
    Set<Optional<IntegrationMethod>> own = new LinkedHashSet<>();
    for (Ode o : n.odes()) if (!drives.contains(o.variable())) own.add(o.method().map(IntegrationMethod.Choice::method));
    Optional<IntegrationMethod> shared = own.size() == 1 ? own.iterator().next() : Optional.empty();
    Map<Optional<IntegrationMethod>, List<Ode>> groups = new LinkedHashMap<>();
    for (Ode o : n.odes()) {
      Optional<IntegrationMethod> m = o.method().map(IntegrationMethod.Choice::method);
      if (m.isEmpty() && drives.contains(o.variable())) m = shared;
      groups.computeIfAbsent(m, k -> new ArrayList<>()).add(o);
    }
    for (var g : groups.entrySet()) {
      if (g.getKey().isEmpty()) {
        solveChosenByCompiler(n, g.getValue(), types, lets, steps, cx);
      } else {
        solveWith(g.getKey().get(), n, g.getValue(), types, lets, steps, cx);
      }
    }
    if (groups.keySet().stream().anyMatch(Optional::isPresent)) {
      // Only where the user chose a method, so that the compiler's own choice keeps its output.
      int named = ShareSubexpressions.share(lets, steps);
      if (named > 0) cx.explain(name(), n.name() + ": " + named + " repeated subexpression(s) computed once per step");
    }
    steps.addAll(n.steps());
    return new NeuronModel(n.name(), n.doc(), n.params(), n.states(), n.inputs(), lets, List.of(), steps, n.spike(),
        n.refractory(), n.properties(), n.origin(), n.specializedFrom(), n.drives(), n.heldWhenRefractory());
  }

  /** The equations {@code odes} by the method the user chose for them. */
  private void solveWith(IntegrationMethod method, NeuronModel n, List<Ode> odes, Map<String, Type> types,
      List<Let> lets, List<StepUpdate> steps, PassContext cx) {
    switch (method) {
      case EXACT -> {
        List<Affine> forms = new ArrayList<>();
        for (Ode o : odes) {
          // MethodCheck refuses `exact` on an equation that is not affine before any pass runs.
          forms.add(affine(o.rhs()).orElseThrow(() -> new IllegalStateException(
              "`method exact` on a nonlinear equation of " + n.userName() + "." + o.variable() + " reached solve-odes")));
        }
        double[][] p = propagator(forms, odes.stream().map(Ode::variable).toList(), dt);
        if (!MatrixExp.finite(p)) {
          cx.explain(name(), n.name() + ": the exact propagator is not finite; RK4 instead");
          rk4(n, odes, types, lets, steps, cx, "method exact, whose propagator is not finite");
          return;
        }
        exact(n, odes, forms, p, types, steps, cx, " (method exact)");
      }
      case EXPONENTIAL_EULER -> {
        for (Ode o : odes) exponentialEuler(n, o, types, lets, steps, cx);
      }
      case EULER -> euler(n, odes, types, steps, cx);
      case RK2 -> rk2(n, odes, types, lets, steps, cx);
      case RK4 -> rk4(n, odes, types, lets, steps, cx, "method rk4");
    }
  }

  /**
   * The compiler's own choice: the exact propagator when the system is linear with constant
   * coefficients; otherwise, per equation, exponential Euler with a constant rate where an equation
   * is linear in itself with a constant coefficient, and RK4 over the others.
   */
  private void solveChosenByCompiler(NeuronModel n, List<Ode> odes, Map<String, Type> types, List<Let> lets,
      List<StepUpdate> steps, PassContext cx) {
    List<String> vars = odes.stream().map(Ode::variable).toList();
    List<Affine> forms = new ArrayList<>();
    for (Ode o : odes) {
      Optional<Affine> a = affine(o.rhs());
      if (a.isEmpty()) {
        forms = null;
        break;
      }
      forms.add(a.get());
    }
    double[][] propagator = forms == null ? null : propagator(forms, vars, dt);
    if (propagator != null && !MatrixExp.finite(propagator)) {
      // Constants beyond what a double holds (the checker reports those it can see): no exact
      // propagator exists; the per-equation integrators below carry the values as they are.
      cx.explain(name(), n.name() + ": the exact propagator is not finite; per-equation integration instead");
      forms = null;
    }
    if (forms != null) {
      exact(n, odes, forms, propagator, types, steps, cx, "");
    } else {
      // Per equation: exponential Euler where an equation is linear in its own variable with a
      // constant coefficient (x' = a x + g(others)); RK4 for the others, over which the
      // exponential-Euler variables keep their values from the start of the step.
      List<Ode> rk = new ArrayList<>();
      for (Ode o : odes) {
        Optional<Double> a = selfCoefficient(o.rhs(), o.variable());
        if (a.isPresent() && a.get() != 0) {
          Type t = types.getOrDefault(o.variable(), Real.DIMENSIONLESS);
          double factor = Math.expm1(a.get() * dt) / a.get();
          Expr next = new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, o.variable(), t),
              new Binary(BinaryOp.MUL, new Const(factor, new Real(Dimension.TIME)), o.rhs(), t), t);
          steps.add(new StepUpdate(o.variable(), next, o.origin()));
          cx.explain(name(), n.name() + "." + o.variable() + ": exponential Euler (linear in itself, a = "
              + String.format(java.util.Locale.ROOT, "%.4g", a.get()) + " /s)");
        } else {
          rk.add(o);
        }
      }
      if (!rk.isEmpty()) rk4(n, rk, types, lets, steps, cx, "the system is not linear with constant coefficients");
    }
  }

  /** The steps of the exact propagator {@code p} of the affine system {@code forms} of {@code odes}. */
  private void exact(NeuronModel n, List<Ode> odes, List<Affine> forms, double[][] p, Map<String, Type> types,
      List<StepUpdate> steps, PassContext cx, String chosen) {
    List<String> vars = odes.stream().map(Ode::variable).toList();
    // Inputs: states without an equation that the equations read, held constant over a step.
    Set<String> inputs = new LinkedHashSet<>();
    for (Affine a : forms) for (String v : a.coeffs().keySet()) if (!vars.contains(v)) inputs.add(v);
    List<String> cols = new ArrayList<>(vars);
    cols.addAll(inputs);
    int size = cols.size() + 1;
    for (int i = 0; i < vars.size(); i++) {
      Type t = types.getOrDefault(vars.get(i), Real.DIMENSIONLESS);
      Expr sum = null;
      for (int j = 0; j < cols.size(); j++) {
        if (p[i][j] == 0) continue;
        Type tj = types.getOrDefault(cols.get(j), Real.DIMENSIONLESS);
        Expr term = new Binary(BinaryOp.MUL, new Const(p[i][j], ratio(t, tj)), new Ref(RefKind.STATE, cols.get(j), tj), t);
        sum = sum == null ? term : new Binary(BinaryOp.ADD, sum, term, t);
      }
      if (p[i][size - 1] != 0) {
        Expr c = new Const(p[i][size - 1], t instanceof Real r ? r : Real.DIMENSIONLESS);
        sum = sum == null ? c : new Binary(BinaryOp.ADD, sum, c, t);
      }
      steps.add(new StepUpdate(vars.get(i), sum == null ? new Const(0, (Real) t) : sum, odes.get(i).origin()));
      cx.explain(name(), n.name() + "." + vars.get(i) + ": exact propagator (linear system of " + vars.size()
          + " state" + (vars.size() == 1 ? "" : "s") + (inputs.isEmpty() ? "" : ", inputs " + inputs) + ")" + chosen);
    }
  }

  /** The matrix exponential of the augmented linear system (states, inputs, constant) over dt. */
  private static double[][] propagator(List<Affine> forms, List<String> vars, double dt) {
    Set<String> inputs = new LinkedHashSet<>();
    for (Affine a : forms) for (String v : a.coeffs().keySet()) if (!vars.contains(v)) inputs.add(v);
    List<String> cols = new ArrayList<>(vars);
    cols.addAll(inputs);
    int size = cols.size() + 1;
    double[][] m = new double[size][size];
    for (int i = 0; i < vars.size(); i++) {
      Affine a = forms.get(i);
      for (var e : a.coeffs().entrySet()) m[i][cols.indexOf(e.getKey())] = e.getValue() * dt;
      m[i][size - 1] = a.constant() * dt;
    }
    return MatrixExp.expm(m);
  }

  private static Real ratio(Type t, Type tj) {
    Dimension a = t instanceof Real r ? r.dim() : Dimension.NONE;
    Dimension b = tj instanceof Real r ? r.dim() : Dimension.NONE;
    return new Real(a.over(b));
  }

  /** Classical RK4 over the coupled system; stages are named values so no expression is duplicated. */
  private void rk4(NeuronModel n, List<Ode> odes, Map<String, Type> types, List<Let> lets, List<StepUpdate> steps,
      PassContext cx, String why) {
    List<String> vars = odes.stream().map(Ode::variable).toList();
    Real time = new Real(Dimension.TIME);
    Map<String, Expr> at = new LinkedHashMap<>();
    double[] weights = {0, 0.5, 0.5, 1};
    List<List<String>> k = new ArrayList<>();
    for (int stage = 0; stage < 4; stage++) {
      List<String> ks = new ArrayList<>();
      for (Ode o : odes) {
        Expr rhs = Rewrite.substitute(o.rhs(), RefKind.STATE, at);
        String name = "rk4_k" + (stage + 1) + "_" + o.variable();
        lets.add(new Let(name, rhs, o.origin()));
        ks.add(name);
      }
      k.add(ks);
      if (stage == 3) break;
      at = new LinkedHashMap<>();
      for (int i = 0; i < vars.size(); i++) {
        Type t = types.getOrDefault(vars.get(i), Real.DIMENSIONLESS);
        Type rate = rate(t);
        Expr x = new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, vars.get(i), t), new Binary(BinaryOp.MUL,
            new Const(weights[stage + 1] * dt, time), new Ref(RefKind.LET, ks.get(i), rate), t), t);
        String name = "rk4_x" + (stage + 2) + "_" + vars.get(i);
        lets.add(new Let(name, x, odes.get(i).origin()));
        at.put(vars.get(i), new Ref(RefKind.LET, name, t));
      }
    }
    for (int i = 0; i < vars.size(); i++) {
      Type t = types.getOrDefault(vars.get(i), Real.DIMENSIONLESS);
      Type rate = rate(t);
      Expr sum = new Ref(RefKind.LET, k.get(0).get(i), rate);
      sum = new Binary(BinaryOp.ADD, sum, new Binary(BinaryOp.MUL, new Const(2, Real.DIMENSIONLESS),
          new Ref(RefKind.LET, k.get(1).get(i), rate), rate), rate);
      sum = new Binary(BinaryOp.ADD, sum, new Binary(BinaryOp.MUL, new Const(2, Real.DIMENSIONLESS),
          new Ref(RefKind.LET, k.get(2).get(i), rate), rate), rate);
      sum = new Binary(BinaryOp.ADD, sum, new Ref(RefKind.LET, k.get(3).get(i), rate), rate);
      Expr next = new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, vars.get(i), t),
          new Binary(BinaryOp.MUL, new Const(dt / 6, time), sum, t), t);
      steps.add(new StepUpdate(vars.get(i), next, odes.get(i).origin()));
      cx.explain(name(), n.name() + "." + vars.get(i) + ": RK4 (" + why + ")");
    }
  }

  /**
   * Brian2's exponential Euler for one equation {@code x' = A x + B} (A and B free of x, read at the
   * start of the step): {@code x <- -B/A + (x + B/A) exp(A dt)}, the exact solution when A and B
   * are held over the step. Where A is zero, forward Euler, which is then exact too.
   */
  private void exponentialEuler(NeuronModel n, Ode o, Map<String, Type> types, List<Let> lets, List<StepUpdate> steps,
      PassContext cx) {
    ConditionallyLinear.Form f = ConditionallyLinear.of(o.rhs(), o.variable()).orElseThrow(() -> new IllegalStateException(
        "`method exponential_euler` on an equation not linear in itself reached solve-odes: " + o.variable()));
    Type t = types.getOrDefault(o.variable(), Real.DIMENSIONLESS);
    Ref x = new Ref(RefKind.STATE, o.variable(), t);
    if (f.rate() instanceof Const a && a.value() == 0) {
      steps.add(new StepUpdate(o.variable(), new Binary(BinaryOp.ADD, x,
          new Binary(BinaryOp.MUL, new Const(dt, new Real(Dimension.TIME)), f.drive(), t), t), o.origin()));
      cx.explain(name(), n.name() + "." + o.variable() + ": exponential Euler (method exponential_euler; the rate is 0, so Euler)");
      return;
    }
    Real rate = new Real(Dimension.TIME.inverse());
    String ba = "ee_BA_" + o.variable();
    Expr aRef = f.rate();
    if (!(f.rate() instanceof Const)) {
      String a = "ee_A_" + o.variable();
      lets.add(new Let(a, f.rate(), o.origin()));
      aRef = new Ref(RefKind.LET, a, rate);
    }
    Expr quotient = ConstantFolding.fold(new Binary(BinaryOp.DIV, f.drive(), aRef, t));
    // A constant rate (a kernel's decay) folds exp(A dt) at compile time, and B = 0 drops B/A.
    Expr decay = ConstantFolding.fold(new Call("exp", List.of(new Binary(BinaryOp.MUL, aRef,
        new Const(dt, new Real(Dimension.TIME)), Real.DIMENSIONLESS)), Real.DIMENSIONLESS));
    Expr next;
    if (quotient instanceof Const q && q.value() == 0) {
      next = new Binary(BinaryOp.MUL, x, decay, t);
    } else {
      lets.add(new Let(ba, quotient, o.origin()));
      Ref baRef = new Ref(RefKind.LET, ba, t);
      next = new Binary(BinaryOp.ADD, new Unary(UnaryOp.NEG, baRef, t),
          new Binary(BinaryOp.MUL, new Binary(BinaryOp.ADD, x, baRef, t), decay, t), t);
    }
    steps.add(new StepUpdate(o.variable(), next, o.origin()));
    cx.explain(name(), n.name() + "." + o.variable() + ": exponential Euler (method exponential_euler, "
        + (f.rate() instanceof Const k ? "a = " + String.format(java.util.Locale.ROOT, "%.4g", k.value()) + " /s"
            : "the rate depends on other states") + ")");
  }

  /** Forward Euler over the group: {@code x <- x + dt f(x)}, every right side read at the start of the step. */
  private void euler(NeuronModel n, List<Ode> odes, Map<String, Type> types, List<StepUpdate> steps, PassContext cx) {
    for (Ode o : odes) {
      Type t = types.getOrDefault(o.variable(), Real.DIMENSIONLESS);
      steps.add(new StepUpdate(o.variable(), new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, o.variable(), t),
          new Binary(BinaryOp.MUL, new Const(dt, new Real(Dimension.TIME)), o.rhs(), t), t), o.origin()));
      cx.explain(name(), n.name() + "." + o.variable() + ": forward Euler (method euler)");
    }
  }

  /**
   * The explicit midpoint rule over the group (Brian2's {@code rk2}): {@code k1 = f(x)},
   * {@code x <- x + dt f(x + dt/2 k1)}; stages are named values so no expression is duplicated.
   */
  private void rk2(NeuronModel n, List<Ode> odes, Map<String, Type> types, List<Let> lets, List<StepUpdate> steps,
      PassContext cx) {
    Real time = new Real(Dimension.TIME);
    Map<String, Expr> mid = new LinkedHashMap<>();
    List<String> k1 = new ArrayList<>();
    for (Ode o : odes) {
      String name = "rk2_k1_" + o.variable();
      lets.add(new Let(name, o.rhs(), o.origin()));
      k1.add(name);
    }
    for (int i = 0; i < odes.size(); i++) {
      Ode o = odes.get(i);
      Type t = types.getOrDefault(o.variable(), Real.DIMENSIONLESS);
      String name = "rk2_x2_" + o.variable();
      lets.add(new Let(name, new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, o.variable(), t), new Binary(BinaryOp.MUL,
          new Const(dt / 2, time), new Ref(RefKind.LET, k1.get(i), rate(t)), t), t), o.origin()));
      mid.put(o.variable(), new Ref(RefKind.LET, name, t));
    }
    for (Ode o : odes) {
      Type t = types.getOrDefault(o.variable(), Real.DIMENSIONLESS);
      String name = "rk2_k2_" + o.variable();
      lets.add(new Let(name, Rewrite.substitute(o.rhs(), RefKind.STATE, mid), o.origin()));
      steps.add(new StepUpdate(o.variable(), new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, o.variable(), t),
          new Binary(BinaryOp.MUL, new Const(dt, time), new Ref(RefKind.LET, name, rate(t)), t), t), o.origin()));
      cx.explain(name(), n.name() + "." + o.variable() + ": midpoint RK2 (method rk2)");
    }
  }

  /** a when {@code rhs} = a x + g with a constant and g free of x; empty otherwise. */
  static Optional<Double> selfCoefficient(Expr rhs, String x) {
    if (!mentions(rhs, x)) return Optional.of(0.0);
    if (rhs instanceof Ref r && r.kind() == RefKind.STATE && r.name().equals(x)) return Optional.of(1.0);
    if (rhs instanceof Unary u && u.op() == UnaryOp.NEG) return selfCoefficient(u.operand(), x).map(a -> -a);
    if (rhs instanceof Binary b) {
      switch (b.op()) {
        case ADD, SUB -> {
          Optional<Double> l = selfCoefficient(b.left(), x);
          Optional<Double> r = selfCoefficient(b.right(), x);
          if (l.isEmpty() || r.isEmpty()) return Optional.empty();
          return Optional.of(b.op() == BinaryOp.ADD ? l.get() + r.get() : l.get() - r.get());
        }
        case MUL -> {
          if (b.left() instanceof Const c) return selfCoefficient(b.right(), x).map(a -> a * c.value());
          if (b.right() instanceof Const c) return selfCoefficient(b.left(), x).map(a -> a * c.value());
          return Optional.empty();
        }
        case DIV -> {
          if (b.right() instanceof Const c && c.value() != 0) return selfCoefficient(b.left(), x).map(a -> a / c.value());
          return Optional.empty();
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static boolean mentions(Expr e, String x) {
    if (e instanceof Ref r) return r.kind() == RefKind.STATE && r.name().equals(x);
    if (e instanceof Unary u) return mentions(u.operand(), x);
    if (e instanceof Binary b) return mentions(b.left(), x) || mentions(b.right(), x);
    if (e instanceof Call c) return c.args().stream().anyMatch(a -> mentions(a, x));
    if (e instanceof Select s) return mentions(s.condition(), x) || mentions(s.then(), x) || mentions(s.otherwise(), x);
    return false;
  }

  private static Type rate(Type t) {
    Dimension d = t instanceof Real r ? r.dim() : Dimension.NONE;
    return new Real(d.over(Dimension.TIME));
  }
}
