package brainc.compiler.passes;

import brainc.ir.builtin.Builtin;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Assign;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Deliver;
import brainc.ir.model.DriveState;
import brainc.ir.model.Expr;
import brainc.ir.model.Handler;
import brainc.ir.model.If;
import brainc.ir.model.InputGroup;
import brainc.ir.model.IrModule;
import brainc.ir.model.Let;
import brainc.ir.model.Modulation;
import brainc.ir.model.Network;
import brainc.ir.model.NeuronModel;
import brainc.ir.model.Ode;
import brainc.ir.model.Origin;
import brainc.ir.model.Population;
import brainc.ir.model.Projection;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.RunSpec;
import brainc.ir.model.Select;
import brainc.ir.model.Setting;
import brainc.ir.model.Signal;
import brainc.ir.model.StateVar;
import brainc.ir.model.StepUpdate;
import brainc.ir.model.Stmt;
import brainc.ir.model.SynVar;
import brainc.ir.model.SynapseModel;
import brainc.ir.model.Trace;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.rewrite.ConstantFolding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scheduler cannot lower yet (W1021 cannot-run-yet), found on the model IR of a run
 * before any lowering: the run's network after the model passes of the kernel pipeline
 * (specialised, folded, its ODEs solved), walked in the scheduler's order — populations (a
 * refractory period, initial values), inputs (encoders), projections (delays, weights, synapse
 * variables' initial values), neuron updates and spike rules, synapse dynamics, handlers, trace
 * increments, signals and {@code modulated by} blocks — so that the first construct it reports
 * is the one {@link ScheduleNetwork} would meet first, at the same source range, with the same
 * message. {@link RunCheck} reports it; the scheduler's own refusals are then compiler bugs.
 *
 * <pre>
 *   connect p -> p  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)
 *   → warning[W1021] at the projection: a value drawn per neuron or synapse (...) cannot run yet
 * </pre>
 *
 * <p>Keep it in step with {@link ScheduleNetwork} and {@link ExprToKernel}: a test lowers every
 * model of the corpus that either refuses and compares the two.
 */
final class RunLegality {
  private final IrModule module;
  private final Network net;
  /** The network's signals, by name: what handlers and other signals may read. */
  private final Set<String> signals = new HashSet<>();
  /** The projection or signal being walked, where what cannot run is reported (as the scheduler's {@code here}). */
  private Origin here;

  private RunLegality(IrModule module, Network net) {
    this.module = module;
    this.net = net;
  }

  /**
   * The first construct of {@code run}'s network that the scheduler cannot lower yet, as a
   * W1021 warning (none when it lowers). The network must pass {@link RunCheck#wrongModels}
   * for the walk to go past a population that sends spikes without a rule to fire them (the
   * scheduler stops there too).
   */
  static List<Diagnostic> check(IrModule module, RunSpec run, Pipeline.RunSettings settings) {
    PassContext cx = new PassContext().target(run.target());
    IrModule solved = PipelineSpec.modelPasses(settings).run(module, cx, (pass, ir) -> {});
    Network net = (Network) solved.find(run.target()).orElseThrow();
    try {
      new RunLegality(solved, net).walk();
      return List.of();
    } catch (Refusal e) {
      return List.of(RunCheck.diagnostic(e, run));
    }
  }

  private void walk() {
    for (Population p : net.populations()) at(p.origin(), () -> population(p));
    for (InputGroup g : net.inputs()) at(g.origin(), () -> input(g));
    for (Signal sg : net.signals()) {
      here = sg.origin();
      signals.add(sg.name());
    }
    for (Projection pr : net.projections()) at(pr.origin(), () -> projection(pr));
    for (Population p : net.populations()) {
      at(p.origin(), () -> {
        update(p);
        model(p).spike().ifPresent(s -> {
          String where = "the spike rule of `" + p.name() + "` (model " + model(p).userName() + ")";
          Set<String> locals = states(model(p));
          expr(s.condition(), locals, where, true);
          for (Stmt st : s.reset()) reset(st, locals, where);
        });
      });
    }
    try {
      synapseDynamics();
      propagation();
    } catch (Refusal e) {
      throw e.at(here != null ? here : net.origin());
    }
  }

  /** As {@link ScheduleNetwork}: a refusal without a place of its own is reported at {@code where}. */
  private static void at(Origin where, Runnable r) {
    try {
      r.run();
    } catch (Refusal e) {
      throw e.at(where);
    }
  }

  private static Refusal cannot(String what) {
    return ExprToKernel.unsupported(what);
  }

  private NeuronModel model(Population p) {
    return (NeuronModel) module.find(p.model()).orElseThrow();
  }

  private Population population(String name) {
    return net.populations().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private boolean isInput(String name) {
    return net.inputs().stream().anyMatch(g -> g.name().equals(name));
  }

  private static Set<String> states(NeuronModel m) {
    Set<String> out = new HashSet<>();
    for (StateVar s : m.states()) out.add(s.name());
    return out;
  }

  // ---- populations and inputs ----

  private void population(Population p) {
    NeuronModel m = model(p);
    if (m.refractory().isPresent() && !m.refractoryIsCondition()
        && !(ConstantFolding.fold(m.refractory().get()) instanceof Const)) {
      throw cannot("a refractory period that is not constant");
    }
    Map<String, Expr> inits = new LinkedHashMap<>();
    for (StateVar s : m.states()) inits.put(s.name(), s.initial());
    for (Setting s : p.initializers()) inits.put(s.name(), s.value());
    for (Expr e : inits.values()) initValue(e);
  }

  private void input(InputGroup g) {
    switch (g.encoder().kind()) {
      case "fields", "rate", "poisson", "bernoulli" -> { }
      default -> throw cannot("the `" + g.encoder().kind() + "` encoder of `" + g.name() + "`");
    }
  }

  /** A value drawn per element: a constant, or what {@link #random} takes. */
  private static void initValue(Expr e) {
    Expr v = ConstantFolding.fold(e);
    if (!(v instanceof Const)) random(v);
  }

  /** Constants, `uniform(a, b)` and `normal(m, s)` draws with constant arguments, negation and arithmetic on them. */
  private static void random(Expr v) {
    if (v instanceof Const) return;
    if (v instanceof Call c && (c.function().equals("uniform") || c.function().equals("normal"))) {
      constantValue(c.args().get(0));
      constantValue(c.args().get(1));
      return;
    }
    if (v instanceof Unary u && u.op() == UnaryOp.NEG) {
      random(u.operand());
      return;
    }
    if (v instanceof Binary b) {
      random(b.left());
      random(b.right());
      if (arithmetic(b.op())) return;
    }
    throw cannot("a value drawn per neuron or synapse (an initial value, a weight or a delay) that is"
        + " not a constant, a uniform/normal draw or arithmetic on them");
  }

  private static boolean arithmetic(BinaryOp op) {
    return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
  }

  private static void constantValue(Expr e) {
    if (!(ConstantFolding.fold(e) instanceof Const)) throw cannot("a random initial value whose bounds are not constant");
  }

  /** A per-synapse delay needs a largest value, for the size of its queue. */
  private static void upperBound(Expr v) {
    Expr e = ConstantFolding.fold(v);
    if (e instanceof Const) return;
    if (e instanceof Call c && c.function().equals("uniform")) {
      constantValue(c.args().get(1));
      return;
    }
    if (e instanceof Binary b && b.op() == BinaryOp.ADD) {
      upperBound(b.left());
      upperBound(b.right());
      return;
    }
    if (e instanceof Binary b && b.op() == BinaryOp.MUL && ConstantFolding.fold(b.left()) instanceof Const k && k.value() >= 0) {
      upperBound(b.right());
      return;
    }
    throw cannot("a per-synapse delay without an upper bound (use uniform(a, b))");
  }

  // ---- projections ----

  private void projection(Projection pr) {
    KernelGroups.Target dst = KernelGroups.targetOf(net, pr.target());
    DriveState g = KernelGroups.driveOf(model(population(dst.population())), pr.targetPort(), pr.kernel());
    Expr delay = null;
    if (pr.delay().isPresent()) {
      Expr d = ConstantFolding.fold(pr.delay().get());
      if (!(d instanceof Const)) {
        delay = d;
        upperBound(d);
      }
    }
    Expr w = ConstantFolding.fold(pr.weight());
    if (!(w instanceof Const)) {
      // An alpha drive scales the weight by e, as the scheduler does before drawing it.
      initValue(g.kind() == DriveState.Kind.ALPHA
          ? new Binary(BinaryOp.MUL, w, new Const(Math.E, brainc.ir.types.Real.DIMENSIONLESS), w.type()) : w);
    }
    if (delay != null) random(delay);
    if (pr.synapse().isPresent()) {
      SynapseModel m = synapse(pr);
      SynapseConstants constants = SynapseConstants.of(pr, m);
      Map<String, Expr> inits = new LinkedHashMap<>();
      for (SynVar v : m.vars()) inits.put(v.name(), v.initial());
      for (Setting o : pr.synapseOverrides()) {
        if (!SynapseConstants.isParam(m, constants.params(), o.name())) inits.put(o.name(), o.value());
      }
      Set<String> vars = new HashSet<>();
      for (SynVar v : m.vars()) vars.add(v.name());
      for (var e : inits.entrySet()) {
        if (vars.contains(e.getKey())) initValue(constants.close(e.getValue()));
      }
    }
  }

  private SynapseModel synapse(Projection pr) {
    return (SynapseModel) module.find(pr.synapse().orElseThrow()).orElseThrow();
  }

  // ---- neuron updates and spike rules ----

  private void update(Population p) {
    NeuronModel m = model(p);
    String where = "the update of `" + p.name() + "` (model " + m.userName() + ")";
    Set<String> locals = states(m);
    for (Let l : m.lets()) {
      expr(l.value(), locals, where, true);
      locals.add(l.name());
    }
    if (m.refractoryIsCondition()) expr(m.refractory().get(), locals, where, true);
    for (StepUpdate s : m.steps()) expr(s.value(), locals, where, true);
  }

  /** A reset lowers its branches before its condition, as the scheduler builds it. */
  private void reset(Stmt s, Set<String> locals, String where) {
    if (s instanceof Assign a) {
      expr(a.value(), locals, where, true);
    } else if (s instanceof If f) {
      for (Stmt x : f.then()) reset(x, locals, where);
      for (Stmt x : f.otherwise()) reset(x, locals, where);
      expr(f.condition(), locals, where, true);
    } else {
      throw cannot("`deliver` in a reset");
    }
  }

  /**
   * What {@link ExprToKernel#lower} takes: constants, the {@code locals} (states, named values,
   * a synapse's variables and traces, signals; never a parameter left unspecialised), `dt`, `t`,
   * `pi`, operators, `select` and the built-in functions that lower to kernels.
   */
  private static void expr(Expr e, Set<String> locals, String where) {
    expr(e, locals, where, false);
  }

  private static boolean isDraw(Call c) {
    return Builtin.named(c.function()).filter(b -> b.kind() == Builtin.Kind.RANDOM).isPresent();
  }

  /** As above; {@code draws}: random draws lower too (a neuron's update, spike rule and reset). */
  private static void expr(Expr e, Set<String> locals, String where, boolean draws) {
    if (e instanceof Const || e instanceof BoolConst) return;
    if (e instanceof Ref r) {
      if (locals.contains(r.name()) && r.kind() != RefKind.PARAM) return;
      if (r.kind() == RefKind.BUILTIN && (r.name().equals("dt") || r.name().equals("t"))) return;
      if (r.kind() == RefKind.CONSTANT && r.name().equals("pi")) return;
      throw cannot("`" + r.name() + "` (" + r.kind().name().toLowerCase(java.util.Locale.ROOT) + ") in " + where);
    }
    if (e instanceof Unary u) {
      expr(u.operand(), locals, where, draws);
    } else if (e instanceof Binary b) {
      expr(b.left(), locals, where, draws);
      expr(b.right(), locals, where, draws);
    } else if (e instanceof Select s) {
      expr(s.condition(), locals, where, draws);
      expr(s.then(), locals, where, draws);
      expr(s.otherwise(), locals, where, draws);
    } else if (e instanceof Call c) {
      for (Expr a : c.args()) expr(a, locals, where, draws);
      // Draws lower where the walk reaches: neuron updates and spike rules (see `update`).
      if (Builtin.named(c.function()).filter(Builtin::lowersToKernel).isEmpty() && !(draws && isDraw(c))) {
        throw cannot("`" + c.function() + "` in " + where);
      }
    } else {
      throw cannot(e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " expressions in " + where);
    }
  }

  // ---- synapses, propagation, signals ----

  private void synapseDynamics() {
    for (Projection pr : net.projections()) {
      here = pr.origin();
      if (pr.synapse().isEmpty()) continue;
      SynapseModel m = synapse(pr);
      for (Trace t : m.traces()) {
        if (pr.step(t.name()).isEmpty()) throw cannot("a trace time constant that is not a positive constant");
      }
      for (Ode o : m.odes()) {
        if (pr.step(o.variable()).isEmpty()) {
          throw cannot("the synapse equation `" + o.variable() + "' = ...` (only x' = a x + b runs)");
        }
      }
    }
  }

  /**
   * The `on pre` handlers, by sending population; then the `on post` handlers, the trace
   * increments, the signals and the {@code modulated by} blocks.
   */
  private void propagation() {
    Map<String, List<Projection>> bySource = new LinkedHashMap<>();
    for (Projection pr : net.projections()) {
      bySource.computeIfAbsent(KernelGroups.targetOf(net, pr.source()).population(), k -> new ArrayList<>()).add(pr);
    }
    for (var e : bySource.entrySet()) {
      here = e.getValue().get(0).origin();
      // A sender without a spike rule stops the scheduler (RunCheck.wrongModels reports it): nothing after it is met.
      if (!isInput(e.getKey()) && model(population(e.getKey())).spike().isEmpty()) return;
      for (Projection pr : e.getValue()) {
        here = pr.origin();
        Handler onPre = pr.synapse().isPresent() ? handler(synapse(pr), brainc.ir.model.Side.PRE) : null;
        if (onPre != null) handler(pr, onPre.body());
      }
    }
    for (Projection pr : net.projections()) {
      here = pr.origin();
      Handler onPost = pr.synapse().isPresent() ? handler(synapse(pr), brainc.ir.model.Side.POST) : null;
      if (onPost != null) handler(pr, onPost.body());
    }
    for (Projection pr : net.projections()) {
      here = pr.origin();
      if (pr.synapse().isEmpty()) continue;
      SynapseModel m = synapse(pr);
      SynapseConstants constants = SynapseConstants.of(pr, m);
      for (Trace t : m.traces()) {
        expr(constants.close(t.increment()), Set.of(t.name()), "the trace `" + t.name() + "` of synapse model " + m.name());
      }
    }
    for (Signal sg : net.signals()) {
      here = sg.origin();
      signal(sg.value(), sg.name());
    }
    for (Projection pr : net.projections()) {
      here = pr.origin();
      if (pr.synapse().isEmpty()) continue;
      for (Modulation mod : synapse(pr).modulations()) {
        if (!signals.contains(mod.signal())) {
          throw cannot("`modulated by " + mod.signal() + "` without a network signal `" + mod.signal() + "`");
        }
        handler(pr, mod.body());
      }
    }
  }

  private static Handler handler(SynapseModel m, brainc.ir.model.Side side) {
    return m.handlers().stream().filter(h -> h.side() == side).findFirst().orElse(null);
  }

  /** A synapse's statements read its variables, its traces and the network's signals. */
  private void handler(Projection pr, List<Stmt> body) {
    SynapseModel m = synapse(pr);
    SynapseConstants constants = SynapseConstants.of(pr, m);
    Set<String> vars = new HashSet<>();
    for (SynVar v : m.vars()) vars.add(v.name());
    Set<String> traces = new HashSet<>();
    for (Trace t : m.traces()) traces.add(t.name());
    Set<String> locals = new HashSet<>(vars);
    locals.addAll(traces);
    locals.addAll(signals);
    synapseStatements(body, constants, vars, traces, locals, "a handler of synapse model " + m.name());
  }

  private void synapseStatements(List<Stmt> body, SynapseConstants constants, Set<String> vars, Set<String> traces,
      Set<String> locals, String where) {
    for (Stmt st : body) {
      if (st instanceof Deliver d) {
        expr(constants.close(d.amount()), locals, where);
      } else if (st instanceof Assign a) {
        expr(constants.close(a.value()), locals, where);
        if (!vars.contains(a.target()) && !traces.contains(a.target())) {
          throw cannot("assigning `" + a.target() + "` in a synapse handler");
        }
      } else if (st instanceof If f) {
        expr(constants.close(f.condition()), locals, where);
        synapseStatements(f.then(), constants, vars, traces, locals, where);
        synapseStatements(f.otherwise(), constants, vars, traces, locals, where);
      }
    }
  }

  /** A signal: reward, terminated, other signals, `baseline`, `pulse`, `min`, `max`, `clip` and arithmetic. */
  private void signal(Expr e, String signal) {
    Expr v = ConstantFolding.fold(e);
    if (v instanceof Const) return;
    if (v instanceof Ref r && r.kind() == RefKind.SIGNAL
        && (r.name().equals("reward") || r.name().equals("terminated") || signals.contains(r.name()))) {
      return;
    }
    if (v instanceof Call c && c.function().equals("baseline")) {
      signal(c.args().get(0), signal);
      signal(c.args().get(1), signal);
      return;
    }
    if (v instanceof Call c && c.function().equals("pulse") && c.args().size() == 1) {
      signal(c.args().get(0), signal);
      return;
    }
    if (v instanceof Call c && c.function().equals("coincidence")) {
      for (Expr side : c.args().subList(0, 2)) {
        String name = side instanceof Ref r && r.kind() == RefKind.POPULATION ? r.name() : null;
        if (name == null) throw cannot("`coincidence` of something other than a population in the signal `" + signal + "`");
        String pop = KernelGroups.targetOf(net, name).population();
        if (model(population(pop)).spike().isEmpty()) {
          throw cannot("`coincidence` of `" + name + "`, whose model `" + model(population(pop)).userName()
              + "` has no `spike when` rule, in the signal `" + signal + "`");
        }
      }
      return;
    }
    if (v instanceof Call c && (c.function().equals("delayed") || c.function().equals("leaky"))) {
      signal(c.args().get(0), signal);
      return;
    }
    if (v instanceof Unary u && u.op() == UnaryOp.NEG) {
      signal(u.operand(), signal);
      return;
    }
    if (v instanceof Binary b) {
      signal(b.left(), signal);
      signal(b.right(), signal);
      if (arithmetic(b.op())) return;
    }
    if (v instanceof Call c && List.of("min", "max", "clip").contains(c.function())) {
      for (Expr x : c.args()) signal(x, signal);
      return;
    }
    throw cannot("the signal `" + signal + "` (only reward, other signals, baseline, pulse, coincidence, delayed, leaky, "
        + "clip, min, max and arithmetic run)");
  }
}
