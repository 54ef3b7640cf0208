package brainc.ir.verify;

import brainc.ir.model.*;
import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.units.Dimension;
import brainc.ir.units.Units;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the invariants of a model IR module that a lowering or a pass could break: unique
 * names, references that resolve to a member of the right kind, equations of state variables
 * with matching dimensions, assignments only to what may change, projections and populations
 * that name existing models and groups, statements that target the right kind of declaration,
 * agents whose matrices name their factors and modalities, and rule bases whose atoms use
 * declared predicates with bound variables.
 *
 * <p>It reports every problem it finds, in module order; an empty list means the module is
 * well formed. For example, a neuron with {@code ode u = ...} and no state {@code u} yields
 * {@code lif.brain:71..100: ode of 'u', which is not a state of neuron LIF}.
 */
public final class IrVerifier {
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Decl> decls = new HashMap<>();

  private IrVerifier() {}

  /** The problems of a module as {@code source:start..end: message} lines; empty when none. */
  public static List<String> verify(IrModule module) {
    List<String> out = new ArrayList<>();
    for (Problem p : check(module)) out.add(p.toString());
    return List.copyOf(out);
  }

  /** The problems of a module with their origins; empty when none. */
  public static List<Problem> check(IrModule module) {
    IrVerifier v = new IrVerifier();
    v.module(module);
    return List.copyOf(v.problems);
  }

  private void report(Origin at, String message) {
    problems.add(new Problem(at, message));
  }

  private void module(IrModule m) {
    for (Decl d : m.decls()) {
      Decl first = decls.putIfAbsent(d.name(), d);
      if (first != null) {
        report(d.origin(), "duplicate declaration '" + d.name() + "' (first at " + first.origin().span() + ")");
      }
    }
    DeclChecker checker = new DeclChecker();
    for (Decl d : m.decls()) d.accept(checker);
  }

  // ---- helpers ----

  /** Reports names that occur twice among the members of one scope. */
  private <T> void unique(String scope, List<T> members, Function<T, String> name, Function<T, Origin> origin,
      Set<String> seen) {
    for (T t : members) {
      if (!seen.add(name.apply(t))) {
        report(origin.apply(t), "duplicate member '" + name.apply(t) + "' in " + scope);
      }
    }
  }

  private <T> void unique(String scope, List<T> members, Function<T, String> name, Function<T, Origin> origin) {
    unique(scope, members, name, origin, new HashSet<>());
  }

  private void refs(Expr e, Scope scope, Origin at) {
    e.accept(new RefChecker(scope, at));
  }

  private void refs(List<Setting> settings, Scope scope, Origin at) {
    for (Setting s : settings) refs(s.value(), scope, at);
  }

  /** Visits every reference in an expression and reports those that do not resolve. */
  private final class RefChecker implements ExprVisitor<Void> {
    private final Scope scope;
    private final Origin at;

    RefChecker(Scope scope, Origin at) {
      this.scope = scope;
      this.at = at;
    }

    @Override
    public Void visit(Const e) {
      return null;
    }

    @Override
    public Void visit(BoolConst e) {
      return null;
    }

    @Override
    public Void visit(StrConst e) {
      return null;
    }

    @Override
    public Void visit(Ref e) {
      if (!scope.allows(e.kind())) {
        String why = (e.kind() == RefKind.PRE || e.kind() == RefKind.POST) ? " (only synapses see pre and post)" : "";
        report(at, e.kind().keyword() + " reference '" + e.name() + "' is not allowed in " + scope.description() + why);
      } else if (!scope.resolves(e.kind(), e.name())) {
        report(at, "unresolved " + e.kind().keyword() + " reference '" + e.name() + "' in " + scope.description());
      }
      return null;
    }

    @Override
    public Void visit(Unary e) {
      return e.operand().accept(this);
    }

    @Override
    public Void visit(Binary e) {
      e.left().accept(this);
      return e.right().accept(this);
    }

    @Override
    public Void visit(Call e) {
      for (Expr a : e.args()) a.accept(this);
      return null;
    }

    @Override
    public Void visit(Select e) {
      e.condition().accept(this);
      e.then().accept(this);
      return e.otherwise().accept(this);
    }

    @Override
    public Void visit(VecLit e) {
      for (Expr x : e.elements()) x.accept(this);
      return null;
    }

    @Override
    public Void visit(Interval e) {
      e.low().accept(this);
      return e.high().accept(this);
    }
  }

  /**
   * Checks statement bodies: references resolve, assignments target a member of an assignable
   * kind, and {@code deliver} appears only where allowed.
   */
  private void stmts(List<Stmt> body, Scope scope, Map<RefKind, Set<String>> assignable, boolean deliverAllowed,
      String context, Origin at) {
    for (Stmt s : body) {
      s.accept(new StmtVisitor<Void>() {
        @Override
        public Void visit(Assign a) {
          refs(a.value(), scope, at);
          Set<String> targets = assignable.get(a.targetKind());
          if (targets == null) {
            report(at, "assignment to " + a.targetKind().keyword() + " '" + a.target() + "' in " + context
                + "; only " + kinds(assignable) + " can be assigned there");
          } else if (!targets.contains(a.target())) {
            report(at, "assignment to unknown " + a.targetKind().keyword() + " '" + a.target() + "' in " + context);
          }
          return null;
        }

        @Override
        public Void visit(Deliver d) {
          refs(d.amount(), scope, at);
          if (!deliverAllowed) report(at, "deliver outside a presynaptic handler, in " + context);
          return null;
        }

        @Override
        public Void visit(If i) {
          refs(i.condition(), scope, at);
          stmts(i.then(), scope, assignable, deliverAllowed, context, at);
          stmts(i.otherwise(), scope, assignable, deliverAllowed, context, at);
          return null;
        }
      });
    }
  }

  private static String kinds(Map<RefKind, Set<String>> assignable) {
    List<String> ks = new ArrayList<>();
    for (RefKind k : RefKind.values()) if (assignable.containsKey(k)) ks.add(k.keyword());
    return ks.isEmpty() ? "nothing" : String.join(" and ", ks);
  }

  /** Checks that {@code dx/dt = rhs} has the dimension of {@code x} per second. */
  private void odeDimension(Ode o, Type variableType, String where) {
    if (variableType instanceof Real && o.rhs().type() instanceof Real) {
      Dimension expected = ((Real) variableType).dim().over(Dimension.TIME);
      Dimension actual = ((Real) o.rhs().type()).dim();
      if (!expected.equals(actual)) {
        report(o.origin(), "ode of '" + o.variable() + "' in " + where + " has a right side in "
            + Units.display(actual) + " but needs " + Units.display(expected));
      }
    }
  }

  private void properties(List<Property> properties, Scope scope, Set<String> outcomeVariables, String where) {
    unique(where, properties, Property::name, Property::origin);
    for (Property p : properties) {
      p.body().accept(new PropertyBodyVisitor<Void>() {
        @Override
        public Void visit(Invariant i) {
          refs(i.condition(), scope, p.origin());
          return null;
        }

        @Override
        public Void visit(Scenario s) {
          s.window().ifPresent(w -> refs(w, scope, p.origin()));
          refs(s.given(), scope, p.origin());
          if (!outcomeVariables.contains(s.outcome().variable())) {
            report(p.origin(), "property " + p.name() + " expects a change of '" + s.outcome().variable()
                + "', which is not a variable of " + where);
          }
          return null;
        }
      });
    }
  }

  private Decl lookup(String name) {
    return decls.get(name);
  }

  // ---- declarations ----

  private final class DeclChecker implements DeclVisitor<Void> {
    @Override
    public Void visit(NeuronModel n) {
      String where = "neuron " + n.name();
      Set<String> seen = new HashSet<>();
      unique(where, n.params(), Param::name, Param::origin, seen);
      unique(where, n.states(), StateVar::name, StateVar::origin, seen);
      unique(where, n.inputs(), InputPort::name, InputPort::origin, seen);
      unique(where, n.lets(), Let::name, Let::origin, seen);

      Scope scope = new Scope(where);
      scope.allow(RefKind.PARAM).allow(RefKind.STATE).allow(RefKind.INPUT).allow(RefKind.LET);
      Map<String, Type> states = new HashMap<>();
      for (Param p : n.params()) scope.add(RefKind.PARAM, p.name());
      for (StateVar s : n.states()) {
        scope.add(RefKind.STATE, s.name());
        states.put(s.name(), s.type());
      }
      for (InputPort i : n.inputs()) scope.add(RefKind.INPUT, i.name());
      for (Let l : n.lets()) scope.add(RefKind.LET, l.name());

      for (Param p : n.params()) {
        p.value().ifPresent(v -> refs(v, scope, p.origin()));
        p.range().ifPresent(r -> refs(r, scope, p.origin()));
      }
      for (StateVar s : n.states()) refs(s.initial(), scope, s.origin());
      for (InputPort i : n.inputs()) kernel(i.kernel(), scope, i.origin());
      for (Let l : n.lets()) refs(l.value(), scope, l.origin());
      Set<String> defined = new HashSet<>();
      for (Ode o : n.odes()) {
        refs(o.rhs(), scope, o.origin());
        if (!states.containsKey(o.variable())) {
          report(o.origin(), "ode of '" + o.variable() + "', which is not a state of " + where);
        } else {
          odeDimension(o, states.get(o.variable()), where);
        }
        if (!defined.add(o.variable())) report(o.origin(), "second equation for '" + o.variable() + "' in " + where);
      }
      for (StepUpdate s : n.steps()) {
        refs(s.value(), scope, s.origin());
        if (!states.containsKey(s.variable())) {
          report(s.origin(), "step update of '" + s.variable() + "', which is not a state of " + where);
        }
        if (!defined.add(s.variable())) report(s.origin(), "second equation for '" + s.variable() + "' in " + where);
      }
      n.spike().ifPresent(sp -> {
        refs(sp.condition(), scope, sp.origin());
        sp.surrogate().ifPresent(g -> refs(g.settings(), scope, sp.origin()));
        stmts(sp.reset(), scope, Map.of(RefKind.STATE, states.keySet()), false, "the reset of " + where, sp.origin());
      });
      n.refractory().ifPresent(r -> refs(r, scope, n.origin()));
      properties(n.properties(), scope, states.keySet(), where);
      drives(n, states, where);
      return null;
    }

    /** Solved steps: at most one per trace or equation of the projection's synapse model. */
    private void solvedSteps(Projection p) {
      Decl syn = p.synapse().map(IrVerifier.this::lookup).orElse(null);
      // A synapse that is not a synapse model is reported once, above; no cascade.
      if (p.synapse().isPresent() && !(syn instanceof SynapseModel)) return;
      Set<String> seen = new HashSet<>();
      for (LinearStep s : p.steps()) {
        boolean known = syn instanceof SynapseModel m && (m.traces().stream().anyMatch(t -> t.name().equals(s.variable()))
            || m.odes().stream().anyMatch(o -> o.variable().equals(s.variable())));
        if (!known) {
          report(p.origin(), "projection " + p.name() + " has a solved step of '" + s.variable()
              + "', which is not a trace or equation of its synapse model");
        }
        if (!seen.add(s.variable())) report(p.origin(), "projection " + p.name() + " solves '" + s.variable() + "' twice");
      }
    }

    /** Drive states: only on a specialised model, each on a port and states of its own. */
    private void drives(NeuronModel n, Map<String, Type> states, String where) {
      n.specializedFrom().ifPresent(f -> {
        if (!(lookup(f) instanceof NeuronModel)) report(n.origin(), where + " is specialised from '" + f
            + "', which is not a neuron model of the module");
      });
      if (n.specializedFrom().isEmpty() && !n.drives().isEmpty()) {
        report(n.origin(), where + " has drive states but is not specialised from a model");
      }
      Set<String> used = new HashSet<>();
      Set<String> keys = new HashSet<>();
      for (DriveState d : n.drives()) {
        if (n.inputs().stream().noneMatch(i -> i.name().equals(d.port()))) {
          report(n.origin(), "drive state of '" + d.port() + "', which is not an input of " + where);
        }
        if (!keys.add(d.port() + "/" + d.kind() + "/" + d.tau())) {
          report(n.origin(), "second drive state of '" + d.port() + "' for the same kernel in " + where);
        }
        boolean alpha = d.kind() == DriveState.Kind.ALPHA;
        if (alpha == d.jumpState().equals(d.readState())) {
          report(n.origin(), "drive state '" + d.readState() + "' of " + where + (alpha
              ? " needs a rising state of its own" : " must receive the weights in the state it is read from"));
        }
        if ((d.kind() == DriveState.Kind.DELTA && d.tau() != 0) || !(d.tau() >= 0) || Double.isInfinite(d.tau())) {
          report(n.origin(), "drive state '" + d.readState() + "' of " + where + " has time constant " + d.tau()
              + " for a " + d.kind().keyword() + " kernel");
        }
        for (String s : alpha ? List.of(d.jumpState(), d.readState()) : List.of(d.readState())) {
          if (!states.containsKey(s)) report(n.origin(), "drive state '" + s + "' is not a state of " + where);
          if (!used.add(s)) report(n.origin(), "drive state '" + s + "' is shared by two drives of " + where);
        }
      }
    }

    private void kernel(Kernel k, Scope scope, Origin at) {
      k.accept(new KernelVisitor<Void>() {
        @Override
        public Void visit(DeltaKernel k) {
          return null;
        }

        @Override
        public Void visit(ExpKernel k) {
          refs(k.tau(), scope, at);
          return null;
        }

        @Override
        public Void visit(AlphaKernel k) {
          refs(k.tau(), scope, at);
          return null;
        }
      });
    }

    @Override
    public Void visit(SynapseModel s) {
      String where = "synapse " + s.name();
      s.base().ifPresent(b -> {
        if (!(lookup(b) instanceof SynapseModel)) report(s.origin(), where + " extends '" + b + "', which is not a synapse model");
      });
      Set<String> seen = new HashSet<>();
      unique(where, s.params(), Param::name, Param::origin, seen);
      unique(where, s.vars(), SynVar::name, SynVar::origin, seen);
      unique(where, s.traces(), Trace::name, Trace::origin, seen);
      unique(where, s.lets(), Let::name, Let::origin, seen);

      Scope scope = new Scope(where).open(RefKind.PRE).open(RefKind.POST);
      scope.allow(RefKind.PARAM).allow(RefKind.VAR).allow(RefKind.TRACE).allow(RefKind.LET).allow(RefKind.SIGNAL);
      Map<String, Type> vars = new HashMap<>();
      Set<String> traces = new HashSet<>();
      for (Param p : s.params()) scope.add(RefKind.PARAM, p.name());
      for (SynVar v : s.vars()) {
        scope.add(RefKind.VAR, v.name());
        vars.put(v.name(), v.type());
      }
      for (Trace t : s.traces()) {
        scope.add(RefKind.TRACE, t.name());
        traces.add(t.name());
      }
      for (Let l : s.lets()) scope.add(RefKind.LET, l.name());
      for (Modulation m : s.modulations()) scope.add(RefKind.SIGNAL, m.signal());

      for (Param p : s.params()) {
        p.value().ifPresent(v -> refs(v, scope, p.origin()));
        p.range().ifPresent(r -> refs(r, scope, p.origin()));
      }
      for (SynVar v : s.vars()) refs(v.initial(), scope, v.origin());
      for (Trace t : s.traces()) {
        refs(t.tau(), scope, t.origin());
        refs(t.increment(), scope, t.origin());
      }
      for (Let l : s.lets()) refs(l.value(), scope, l.origin());
      Set<String> defined = new HashSet<>();
      for (Ode o : s.odes()) {
        refs(o.rhs(), scope, o.origin());
        if (!vars.containsKey(o.variable())) {
          report(o.origin(), "ode of '" + o.variable() + "', which is not a per-synapse variable of " + where);
        } else {
          odeDimension(o, vars.get(o.variable()), where);
        }
        if (!defined.add(o.variable())) report(o.origin(), "second equation for '" + o.variable() + "' in " + where);
      }
      Map<RefKind, Set<String>> assignable = Map.of(RefKind.VAR, vars.keySet(), RefKind.TRACE, traces);
      for (Handler h : s.handlers()) {
        stmts(h.body(), scope, assignable, h.side() == Side.PRE,
            "the " + h.side().name().toLowerCase(java.util.Locale.ROOT) + " handler of " + where, h.origin());
      }
      for (Modulation m : s.modulations()) {
        stmts(m.body(), scope, assignable, false, "the modulation by " + m.signal() + " of " + where, m.origin());
      }
      Set<String> outcome = new HashSet<>(vars.keySet());
      outcome.addAll(traces);
      properties(s.properties(), scope, outcome, where);
      return null;
    }

    @Override
    public Void visit(Network n) {
      String where = "network " + n.name();
      Set<String> seen = new HashSet<>();
      unique(where, n.params(), Param::name, Param::origin, seen);
      unique(where, n.lets(), Let::name, Let::origin, seen);
      unique(where, n.populations(), Population::name, Population::origin, seen);
      unique(where, n.views(), PopulationView::name, PopulationView::origin, seen);
      unique(where, n.inputs(), InputGroup::name, InputGroup::origin, seen);
      unique(where, n.outputs(), Output::name, Output::origin, seen);
      unique(where, n.signals(), Signal::name, Signal::origin, seen);
      unique(where, n.projections(), Projection::name, Projection::origin);

      Scope scope = new Scope(where);
      for (RefKind k : List.of(RefKind.PARAM, RefKind.LET, RefKind.POPULATION, RefKind.INPUT_GROUP, RefKind.OUTPUT, RefKind.SIGNAL)) {
        scope.allow(k);
      }
      Map<String, Integer> groups = new HashMap<>();
      Map<String, String> modelOf = new HashMap<>();
      for (Param p : n.params()) scope.add(RefKind.PARAM, p.name());
      for (Let l : n.lets()) scope.add(RefKind.LET, l.name());
      for (Population p : n.populations()) {
        scope.add(RefKind.POPULATION, p.name());
        groups.put(p.name(), p.size());
        modelOf.put(p.name(), p.model());
      }
      for (PopulationView v : n.views()) {
        scope.add(RefKind.POPULATION, v.name());
        groups.put(v.name(), v.end() - v.start());
      }
      for (InputGroup i : n.inputs()) scope.add(RefKind.INPUT_GROUP, i.name());
      for (Output o : n.outputs()) scope.add(RefKind.OUTPUT, o.name());
      for (Signal s : n.signals()) scope.add(RefKind.SIGNAL, s.name());
      scope.add(RefKind.SIGNAL, "reward");  // the environment's reward, built into every network
      scope.add(RefKind.SIGNAL, "terminated");  // 1 after a failing environment step

      for (Param p : n.params()) {
        p.value().ifPresent(v -> refs(v, scope, p.origin()));
        p.range().ifPresent(r -> refs(r, scope, p.origin()));
      }
      for (Let l : n.lets()) refs(l.value(), scope, l.origin());
      for (Population p : n.populations()) {
        Decl model = lookup(p.model());
        if (!(model instanceof NeuronModel)) {
          report(p.origin(), "population " + p.name() + " instantiates '" + p.model() + "', which is not a neuron model");
        }
        refs(p.overrides(), scope, p.origin());
        refs(p.initializers(), scope, p.origin());
      }
      for (PopulationView v : n.views()) {
        Integer parentSize = groups.get(v.parent());
        // A slice of an input group (`connect x[0 .. 4] -> p`) counts its spike sources, which
        // an encoder such as `fields` multiplies; the checker has bounded it.
        if (parentSize == null && scope.resolves(RefKind.INPUT_GROUP, v.parent())) {
          groups.put(v.name(), v.end() - v.start());
          continue;
        }
        if (parentSize == null || !scope.resolves(RefKind.POPULATION, v.parent())) {
          report(v.origin(), "view " + v.name() + " slices '" + v.parent() + "', which is not a population of " + where);
        } else if (v.end() > parentSize) {
          report(v.origin(), "view " + v.name() + " [" + v.start() + " .. " + v.end() + ") lies outside "
              + v.parent() + " of size " + parentSize);
        }
        // Views of views resolve their model through the parent chain.
        modelOf.putIfAbsent(v.name(), modelOf.get(v.parent()));
      }
      for (InputGroup i : n.inputs()) refs(i.encoder().settings(), scope, i.origin());
      for (Projection p : n.projections()) {
        boolean sourceOk = groups.containsKey(p.source()) || scope.resolves(RefKind.INPUT_GROUP, p.source());
        if (!sourceOk) {
          report(p.origin(), "projection " + p.name() + " comes from '" + p.source() + "', which is not a population, view or input of " + where);
        }
        if (!groups.containsKey(p.target())) {
          report(p.origin(), "projection " + p.name() + " goes to '" + p.target() + "', which is not a population or view of " + where);
        } else {
          Decl model = modelOf.get(p.target()) == null ? null : lookup(modelOf.get(p.target()));
          if (model instanceof NeuronModel
              && ((NeuronModel) model).inputs().stream().noneMatch(i -> i.name().equals(p.targetPort()))) {
            report(p.origin(), "projection " + p.name() + " targets port '" + p.targetPort() + "', which neuron "
                + model.name() + " does not have");
          }
        }
        p.synapse().ifPresent(syn -> {
          if (!(lookup(syn) instanceof SynapseModel)) {
            report(p.origin(), "projection " + p.name() + " uses '" + syn + "', which is not a synapse model");
          }
        });
        if (p.synapse().isEmpty() && !p.synapseOverrides().isEmpty()) {
          report(p.origin(), "projection " + p.name() + " overrides synapse parameters but has no synapse model");
        }
        solvedSteps(p);
        refs(p.weight(), scope, p.origin());
        p.delay().ifPresent(d -> refs(d, scope, p.origin()));
        refs(p.synapseOverrides(), scope, p.origin());
        kernel(p.kernel(), scope, p.origin());
      }
      for (Output o : n.outputs()) refs(o.readout(), scope, o.origin());
      for (Signal s : n.signals()) refs(s.value(), scope, s.origin());
      for (Monitor m : n.monitors()) {
        for (String t : m.targets()) {
          if (!groups.containsKey(t) && !scope.resolves(RefKind.INPUT_GROUP, t)) {
            report(m.origin(), "monitor of '" + t + "', which is not a population, view or input of " + where);
          }
        }
        m.post().ifPresent(t -> {
          if (!groups.containsKey(t)) {
            report(m.origin(), "monitor of synapses onto '" + t + "', which is not a population or view of " + where);
          }
        });
        m.every().ifPresent(e -> refs(e, scope, m.origin()));
      }
      return null;
    }

    @Override
    public Void visit(HtmRegion r) {
      String where = "region " + r.name();
      unique(where, r.encoders(), HtmEncoder::field, HtmEncoder::origin);
      Scope scope = new Scope(where);
      refs(r.settings(), scope, r.origin());
      for (HtmEncoder e : r.encoders()) refs(e.settings(), scope, e.origin());
      refs(r.spatialPooler(), scope, r.origin());
      refs(r.temporalMemory(), scope, r.origin());
      refs(r.anomaly().settings(), scope, r.origin());
      return null;
    }

    @Override
    public Void visit(Workspace w) {
      String where = "workspace " + w.name();
      unique(where, w.modules(), WorkspaceModule::name, WorkspaceModule::origin);
      unique(where, w.outputs(), Output::name, Output::origin);
      Scope scope = new Scope(where).open(RefKind.MEMORY);
      scope.allow(RefKind.MODULE).allow(RefKind.OUTPUT);
      for (WorkspaceModule m : w.modules()) scope.add(RefKind.MODULE, m.name());
      for (Output o : w.outputs()) scope.add(RefKind.OUTPUT, o.name());
      if (w.capacity() > w.modules().size() && !w.modules().isEmpty()) {
        report(w.origin(), where + " has capacity " + w.capacity() + " but only " + w.modules().size() + " modules");
      }
      for (String b : w.broadcastTo()) {
        if (!b.equals("all") && !scope.resolves(RefKind.MODULE, b)) {
          report(w.origin(), where + " broadcasts to '" + b + "', which is not one of its modules");
        }
      }
      refs(w.memory().settings(), scope, w.origin());
      for (Output o : w.outputs()) refs(o.readout(), scope, o.origin());
      return null;
    }

    @Override
    public Void visit(Agent a) {
      String where = "agent " + a.name();
      Set<String> seen = new HashSet<>();
      unique(where, a.factors(), Factor::name, Factor::origin, seen);
      unique(where, a.modalities(), Modality::name, Modality::origin, seen);
      unique(where, a.controls(), Control::name, Control::origin, seen);
      Scope scope = new Scope(where);
      scope.allow(RefKind.FACTOR).allow(RefKind.MODALITY).allow(RefKind.CONTROL).allow(RefKind.LEVEL);
      Set<String> factors = new HashSet<>();
      Set<String> modalities = new HashSet<>();
      for (Factor f : a.factors()) {
        factors.add(f.name());
        scope.add(RefKind.FACTOR, f.name());
        f.levels().forEach(l -> scope.add(RefKind.LEVEL, l));
      }
      for (Modality m : a.modalities()) {
        modalities.add(m.name());
        scope.add(RefKind.MODALITY, m.name());
        m.levels().forEach(l -> scope.add(RefKind.LEVEL, l));
      }
      for (Control c : a.controls()) {
        scope.add(RefKind.CONTROL, c.name());
        c.actions().forEach(l -> scope.add(RefKind.LEVEL, l));
      }
      for (Modality m : a.modalities()) {
        for (String d : m.dependsOn()) {
          if (!factors.contains(d)) report(m.origin(), "modality " + m.name() + " depends on '" + d + "', which is not a factor of " + where);
        }
        refs(m.likelihood(), scope, m.origin());
      }
      for (Control c : a.controls()) {
        if (!factors.contains(c.factor())) report(c.origin(), "control " + c.name() + " drives '" + c.factor() + "', which is not a factor of " + where);
        refs(c.transition(), scope, c.origin());
      }
      for (Preference p : a.preferences()) {
        if (!modalities.contains(p.modality())) report(p.origin(), "preference over '" + p.modality() + "', which is not a modality of " + where);
        refs(p.values(), scope, p.origin());
      }
      for (Prior p : a.priors()) {
        if (!factors.contains(p.factor())) report(p.origin(), "prior over '" + p.factor() + "', which is not a factor of " + where);
        refs(p.values(), scope, p.origin());
      }
      refs(a.planning().settings(), scope, a.origin());
      return null;
    }

    @Override
    public Void visit(RuleBase r) {
      String where = "rules " + r.name();
      unique(where, r.predicates(), Predicate::name, Predicate::origin);
      unique(where, r.rules(), Rule::name, Rule::origin);
      Map<String, Integer> arity = new HashMap<>();
      for (Predicate p : r.predicates()) arity.putIfAbsent(p.name(), p.arity());
      for (Rule rule : r.rules()) formula(rule.formula(), Set.of(), arity, rule.origin(), where, true);
      for (Fact f : r.facts()) formula(f.atom(), Set.of(), arity, f.origin(), where, false);
      for (Atom q : r.queries()) formula(q, Set.of(), arity, r.origin(), where, false);
      refs(r.settings(), new Scope(where), r.origin());
      return null;
    }

    /** Checks atoms against declared predicates and, in rules, that every term is bound. */
    private void formula(Formula f, Set<String> bound, Map<String, Integer> arity, Origin at, String where,
        boolean needsBinding) {
      f.accept(new FormulaVisitor<Void>() {
        @Override
        public Void visit(Atom a) {
          Integer n = arity.get(a.predicate());
          if (n == null) {
            report(at, "undeclared predicate '" + a.predicate() + "' in " + where);
          } else if (n != a.terms().size()) {
            report(at, "predicate " + a.predicate() + " takes " + n + " arguments but is used with " + a.terms().size());
          }
          if (needsBinding) {
            for (String t : a.terms()) {
              if (!bound.contains(t)) report(at, "variable '" + t + "' is not bound by forall or exists in " + where);
            }
          }
          return null;
        }

        @Override
        public Void visit(Not n) {
          return n.operand().accept(this);
        }

        @Override
        public Void visit(And n) {
          n.left().accept(this);
          return n.right().accept(this);
        }

        @Override
        public Void visit(Or n) {
          n.left().accept(this);
          return n.right().accept(this);
        }

        @Override
        public Void visit(Implies n) {
          n.left().accept(this);
          return n.right().accept(this);
        }

        @Override
        public Void visit(Equiv n) {
          n.left().accept(this);
          return n.right().accept(this);
        }

        @Override
        public Void visit(ForAll n) {
          formula(n.body(), with(bound, n.vars()), arity, at, where, needsBinding);
          return null;
        }

        @Override
        public Void visit(Exists n) {
          formula(n.body(), with(bound, n.vars()), arity, at, where, needsBinding);
          return null;
        }
      });
    }

    private Set<String> with(Set<String> bound, List<String> vars) {
      Set<String> out = new HashSet<>(bound);
      out.addAll(vars);
      return out;
    }

    @Override
    public Void visit(MetaLoop m) {
      Scope scope = new Scope("meta " + m.name()).open(RefKind.LOOP);
      for (Expr e : m.model().arguments()) refs(e, scope, m.origin());
      refs(m.model().settings(), scope, m.origin());
      refs(m.tasks().settings(), scope, m.origin());
      refs(m.inner(), scope, m.origin());
      refs(m.outer(), scope, m.origin());
      return null;
    }

    private Decl target(Decl statement, String target, String what, Class<?>... kinds) {
      Decl d = lookup(target);
      boolean ok = false;
      for (Class<?> k : kinds) ok |= k.isInstance(d);
      if (!ok) {
        report(statement.origin(), statement.name() + " " + what + " '" + target + "', which is "
            + (d == null ? "not declared" : "not " + kindList(kinds)));
      }
      return ok ? d : null;
    }

    private String kindList(Class<?>... kinds) {
      List<String> ks = new ArrayList<>();
      for (Class<?> k : kinds) ks.add(article(k));
      return String.join(" or ", ks);
    }

    private String article(Class<?> k) {
      String n = k.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
      return ("aeiou".indexOf(n.charAt(0)) >= 0 ? "an " : "a ") + n;
    }

    /** A scope for statements: outputs of the target network are visible, as in {@code loss(logits)}. */
    private Scope statementScope(Decl statement, Decl target) {
      Scope scope = new Scope(statement.name()).allow(RefKind.OUTPUT);
      if (target instanceof Network) ((Network) target).outputs().forEach(o -> scope.add(RefKind.OUTPUT, o.name()));
      if (target instanceof Workspace) ((Workspace) target).outputs().forEach(o -> scope.add(RefKind.OUTPUT, o.name()));
      return scope;
    }

    @Override
    public Void visit(RunSpec r) {
      Decl t = target(r, r.target(), "runs", Network.class, Workspace.class, Agent.class);
      Scope scope = statementScope(r, t);
      refs(r.duration(), scope, r.origin());
      refs(r.dt(), scope, r.origin());
      refs(r.settings(), scope, r.origin());
      return null;
    }

    @Override
    public Void visit(TrainSpec t) {
      Decl target = target(t, t.target(), "trains", Network.class, MetaLoop.class, Agent.class, Workspace.class);
      Scope scope = statementScope(t, target);
      unique(t.name(), t.curriculum(), CurriculumPhase::name, CurriculumPhase::origin);
      refs(t.sourceSettings(), scope, t.origin());
      refs(t.settings(), scope, t.origin());
      for (CurriculumPhase p : t.curriculum()) p.until().ifPresent(u -> refs(u, scope, p.origin()));
      return null;
    }

    @Override
    public Void visit(DetectSpec d) {
      target(d, d.target(), "detects with", HtmRegion.class);
      return null;
    }
  }
}
