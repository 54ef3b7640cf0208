package brainc.compiler.passes;

import brainc.ir.model.*;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import brainc.ir.types.Real;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every population of the target network a neuron model of its own in which the
 * parameters are constants (its overrides, else the model's defaults), named values are
 * inlined, and each input port reads the drive states of the projections that reach it
 * ({@link KernelGroups}), which become state variables with their own equations. The specialised
 * model records the model it was made from and those drive states, so that later passes read them.
 *
 * <p>Before: {@code population all = LIF[4000] { v_th = -50 mV }}, {@code ode v = (v_rest - v + I) / tau_m};
 * after: {@code population all = LIF@all[4000]} with
 * {@code ode v = (-0.049 - v + (I__exp0 + I__exp1)) / 0.02} and {@code ode I__exp0 = -I__exp0 / 0.005}.
 */
public final class SpecializePopulations implements ModelPass {
  @Override
  public String name() {
    return "specialize-params";
  }

  @Override
  public IrModule run(IrModule in, PassContext cx) {
    Network net = in.decls().stream().filter(d -> d instanceof Network && d.name().equals(cx.target()))
        .map(d -> (Network) d).findFirst().orElse(null);
    if (net == null) return in;
    net = withNetworkConstants(net);
    net = withFreeWeights(net, cx);
    List<Decl> out = new ArrayList<>(in.decls());
    List<Population> pops = new ArrayList<>();
    boolean changed = false;
    for (Population p : net.populations()) {
      NeuronModel model = (NeuronModel) in.find(p.model()).orElseThrow();
      if (model.specializedFrom().isPresent()) {
        pops.add(p);
        continue;
      }
      List<DriveState> drives = KernelGroups.of(net, p.name());
      Map<String, Expr> params = paramValues(model, p, freeRefs(model, p, cx));
      java.util.Set<String> held = new java.util.LinkedHashSet<>();
      for (Setting s : p.initializers()) {
        if (model.inputs().stream().anyMatch(port -> port.name().equals(s.name()))) held.add(s.name());
      }
      NeuronModel special = specialize(model, p, drives, params, held);
      out.add(special);
      // Parameters now live in the model; initial values may still refer to them. An input
      // port's initial value is that of the state holding it.
      List<Setting> inits = p.initializers().stream()
          .map(s -> new Setting(held.contains(s.name()) ? heldState(s.name()) : s.name(),
              ConstantFolding.fold(Rewrite.substitute(s.value(), RefKind.PARAM, params))))
          .toList();
      pops.add(new Population(p.name(), special.name(), p.size(), p.layer(), List.of(), inits, p.split(), p.origin()));
      changed = true;
      cx.explain(name(), p.name() + ": " + model.name() + " specialised with " + params.size() + " constant parameters"
          + (drives.isEmpty() ? "" : " and " + drives.size() + " synaptic drive state(s)"));
    }
    Network updated = new Network(net.name(), net.doc(), net.params(), net.lets(), pops, net.views(), net.inputs(),
        net.projections(), net.outputs(), net.signals(), net.monitors(), net.origin());
    int at = 0;
    for (int k = 0; k < out.size(); k++) if (out.get(k).name().equals(net.name())) at = k;
    out.set(at, updated);
    if (!changed && updated.equals(in.find(net.name()).orElse(null))) return in;
    return new IrModule(in.name(), out);
  }

  /** The network with its own parameters and named values substituted into every expression. */
  private static Network withNetworkConstants(Network n) {
    Map<String, Expr> values = new LinkedHashMap<>();
    for (Param q : n.params()) q.value().ifPresent(v -> values.put(q.name(), v));
    Map<String, Expr> lets = new LinkedHashMap<>();
    for (Let l : n.lets()) lets.put(l.name(), l.value());
    java.util.function.UnaryOperator<Expr> close = e -> {
      Expr x = e;
      for (int i = 0; i <= values.size() + lets.size(); i++) {
        x = Rewrite.substitute(Rewrite.substitute(x, RefKind.LET, lets), RefKind.PARAM, values);
      }
      return ConstantFolding.fold(x);
    };
    IrModule one = ModelPass.mapExprs(new IrModule("n", List.of(n)), close);
    return (Network) one.decls().get(0);
  }

  /** Parameter values of a population: overrides, else defaults, folded to constants where possible. */
  public static Map<String, Expr> paramValues(NeuronModel m, Population p) {
    return paramValues(m, p, Map.of());
  }

  /**
   * As above, with the parameters of {@code free} replaced by their references: the others'
   * values refer to them where they derive from them, as the source would.
   */
  private static Map<String, Expr> paramValues(NeuronModel m, Population p, Map<String, Expr> free) {
    Map<String, Expr> values = new LinkedHashMap<>();
    for (Param q : m.params()) q.value().ifPresent(v -> values.put(q.name(), v));
    for (Setting s : p.overrides()) values.put(s.name(), s.value());
    values.putAll(free);
    // Defaults may refer to other parameters: substitute until stable (the checker ruled out cycles).
    for (int round = 0; round < values.size() + 1; round++) {
      boolean changed = false;
      for (var e : values.entrySet()) {
        Expr v = ConstantFolding.fold(Rewrite.substitute(e.getValue(), RefKind.PARAM, values));
        if (!v.equals(e.getValue())) {
          e.setValue(v);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return values;
  }

  /**
   * The references that stand for {@code p}'s free parameters (see {@link FreeParameters}), by
   * parameter name; their folded values are recorded as the defaults of the instances.
   */
  private static Map<String, Expr> freeRefs(NeuronModel m, Population p, PassContext cx) {
    Map<String, Expr> refs = new LinkedHashMap<>();
    if (cx.freeParameters().isEmpty()) return refs;
    Map<String, Expr> folded = paramValues(m, p);
    for (Param q : m.params()) {
      String name = p.name() + "." + q.name();
      if (!cx.freeParameters().contains(name)) continue;
      if (!(folded.get(q.name()) instanceof Const c)) {
        throw new FreeParameters.Refused("`" + name + "` cannot vary per instance: its value is not a constant");
      }
      cx.parameterDefault(name, c.value());
      refs.put(q.name(), new Ref(RefKind.PARAM, name, q.type()));
    }
    return refs;
  }

  /** The network with the weights asked to be free read from parameters of that name (see {@link FreeParameters}). */
  private static Network withFreeWeights(Network n, PassContext cx) {
    if (cx.freeParameters().isEmpty()) return n;
    List<Param> params = new ArrayList<>(n.params());
    List<Projection> projections = new ArrayList<>();
    for (Projection pr : n.projections()) {
      String name = pr.name() + ".weight";
      if (!cx.freeParameters().contains(name)) {
        projections.add(pr);
        continue;
      }
      if (pr.synapse().isPresent() || !(ConstantFolding.fold(pr.weight()) instanceof Const c)) {
        throw new FreeParameters.Refused("`" + name + "` cannot vary per instance: only the constant weight of a"
            + " projection without a synapse model can");
      }
      cx.parameterDefault(name, c.value());
      params.add(new Param(name, c.type(), java.util.Optional.of(c), java.util.Optional.empty(),
          "free per instance", pr.origin()));
      projections.add(new Projection(pr.name(), pr.source(), pr.target(), pr.targetPort(), pr.connectivity(),
          new Ref(RefKind.PARAM, name, c.type()), pr.delay(), pr.synapse(), pr.synapseOverrides(), pr.kernel(),
          pr.origin(), pr.steps()));
    }
    return new Network(n.name(), n.doc(), params, n.lets(), n.populations(), n.views(), n.inputs(), projections,
        n.outputs(), n.signals(), n.monitors(), n.origin());
  }

  /** What marks the state that holds an input port's initial value ({@code I__held}). */
  static final String HELD = "__held";

  /** The state that holds input port {@code port}'s initial value. */
  static String heldState(String port) {
    return port + HELD;
  }

  /**
   * A population's model with its parameters' values and drive states. An input port given an
   * initial value by the population ({@code held}) also reads a state holding that value, which
   * drops to 0 in the first step a spike's drive reaches the neuron's port (the port then reads
   * both, once), so an unconnected port keeps its value for the whole run:
   * {@code I = 20 mV} → {@code I__held = 20 mV; step I__held = select(I__d != 0, 0, I__held)}.
   */
  private static NeuronModel specialize(NeuronModel m, Population p, List<DriveState> groups, Map<String, Expr> params,
      java.util.Set<String> held) {
    List<StepUpdate> heldSteps = new ArrayList<>();
    Map<String, Expr> lets = new LinkedHashMap<>();
    for (Let l : m.lets()) lets.put(l.name(), l.value());
    Map<String, Expr> inputs = new LinkedHashMap<>();
    List<StateVar> states = new ArrayList<>(m.states());
    List<Ode> odes = new ArrayList<>();
    for (InputPort port : m.inputs()) {
      Real t = port.type() instanceof Real r ? r : Real.DIMENSIONLESS;
      Expr sum = null;
      for (DriveState g : groups) {
        if (!g.port().equals(port.name())) continue;
        Ref read = new Ref(RefKind.STATE, g.readState(), t);
        sum = sum == null ? read : new Binary(BinaryOp.ADD, sum, read, t);
        Const tau = new Const(g.tau(), new Real(Dimension.TIME));
        Real rate = new Real(t.dim().over(Dimension.TIME));
        states.add(new StateVar(g.readState(), t, new Const(0, t), "drive of " + port.name(), port.origin()));
        if (g.kind() == DriveState.Kind.EXP) {
          odes.add(new Ode(g.readState(), new Binary(BinaryOp.DIV, new Unary(UnaryOp.NEG, read, t), tau, rate),
              port.origin()));
        } else if (g.kind() == DriveState.Kind.ALPHA) {
          Ref rise = new Ref(RefKind.STATE, g.jumpState(), t);
          states.add(new StateVar(g.jumpState(), t, new Const(0, t), "rising drive of " + port.name(), port.origin()));
          odes.add(new Ode(g.jumpState(), new Binary(BinaryOp.DIV, new Unary(UnaryOp.NEG, rise, t), tau, rate),
              port.origin()));
          odes.add(new Ode(g.readState(), new Binary(BinaryOp.DIV, new Binary(BinaryOp.SUB, rise, read, t), tau, rate),
              port.origin()));
        }
        // A delta drive has no equation: it holds what arrived this step and is cleared after the update.
      }
      if (held.contains(port.name())) {
        Ref hold = new Ref(RefKind.STATE, heldState(port.name()), t);
        states.add(new StateVar(hold.name(), t, new Const(0, t), "initial value of " + port.name(), port.origin()));
        Expr arrived = null;
        for (DriveState g : groups) {
          if (!g.port().equals(port.name())) continue;
          String first = g.kind() == DriveState.Kind.ALPHA ? g.jumpState() : g.readState();
          Expr nonzero = new Binary(BinaryOp.NE, new Ref(RefKind.STATE, first, t), new Const(0, t), new brainc.ir.types.Bool());
          arrived = arrived == null ? nonzero : new Binary(BinaryOp.OR, arrived, nonzero, new brainc.ir.types.Bool());
        }
        if (arrived != null) heldSteps.add(new StepUpdate(hold.name(), new Select(arrived, new Const(0, t), hold, t), port.origin()));
        sum = sum == null ? hold : new Binary(BinaryOp.ADD, hold, sum, t);
      }
      inputs.put(port.name(), sum == null ? new Const(0, t) : sum);
    }
    java.util.function.UnaryOperator<Expr> close = e -> {
      Expr x = e;
      for (int i = 0; i <= lets.size(); i++) x = Rewrite.substitute(x, RefKind.LET, lets);
      x = Rewrite.substitute(x, RefKind.PARAM, params);
      x = Rewrite.substitute(x, RefKind.INPUT, inputs);
      return ConstantFolding.fold(x);
    };
    // A free parameter is declared under its full name (which no parameter of the source can have),
    // holding the value it was folded to; the specialised model's expressions refer to it.
    List<Param> ps = m.params().stream().map(q -> params.get(q.name()) instanceof Ref r && FreeParameters.isFree(r)
        ? new Param(r.name(), q.type(), java.util.Optional.of(ConstantFolding.fold(paramValues(m, p).get(q.name()))),
            q.range(), q.doc(), q.origin())
        : new Param(q.name(), q.type(), java.util.Optional.ofNullable(params.get(q.name())).map(close), q.range(),
            q.doc(), q.origin())).toList();
    List<Ode> own = new ArrayList<>();
    for (Ode o : m.odes()) {
      Ode solved = o.withRhs(close.apply(o.rhs()));
      refuseFree(solved.rhs(), "the equation of `" + o.variable() + "` is solved with its value at compile time");
      own.add(solved);
    }
    own.addAll(odes);
    m.refractory().map(close).ifPresent(r -> refuseFree(r, "the refractory period is counted in whole steps at compile time"));
    List<StateVar> st = states.stream().map(s -> new StateVar(s.name(), s.type(), close.apply(s.initial()), s.doc(),
        s.origin())).toList();
    List<StepUpdate> steps = new ArrayList<>(
        m.steps().stream().map(s -> new StepUpdate(s.variable(), close.apply(s.value()), s.origin())).toList());
    steps.addAll(heldSteps);
    return new NeuronModel(m.name() + "@" + p.name(), m.doc(), ps, st, m.inputs(), List.of(), own, steps,
        m.spike().map(s -> new SpikeRule(close.apply(s.condition()), s.surrogate(), ModelPass.stmts(s.reset(), close),
            s.origin())),
        m.refractory().map(close), m.properties(), m.origin(), java.util.Optional.of(m.name()), groups,
        m.heldWhenRefractory());
  }

  private static void refuseFree(Expr e, String why) {
    List<String> names = FreeParameters.mentioned(e);
    if (!names.isEmpty()) {
      throw new FreeParameters.Refused("`" + names.get(0) + "` cannot vary per instance: " + why
          + " (free parameters can be read by thresholds, resets, discrete steps, initial values and weights)");
    }
  }
}
