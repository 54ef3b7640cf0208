package brainc.compiler.schedule;

import brainc.compiler.passes.FoldConstants;
import brainc.compiler.passes.KernelGroups;
import brainc.compiler.passes.PassContext;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers a run of a network (after specialisation and ODE solving) to the kernel IR: one
 * buffer per state variable of each population, a drive queue per synaptic drive state, a
 * connection per projection, the initialisation loops, and a step in the fixed order — deliver
 * (drain queues), then per population an update loop and a threshold/reset/refractory loop
 * (which {@code fuse-kernels} merges), then event-driven propagation over the neurons that
 * spiked.
 */
public final class ScheduleNetwork {
  private final IrModule module;
  private final Network net;
  private final Scalar real;
  private final double dt;
  private final PassContext cx;
  private final List<KernelProgram.Buffer> buffers = new ArrayList<>();
  private final List<KernelProgram.SpikeSet> spikeSets = new ArrayList<>();
  private final List<KernelProgram.DelayQueue> queues = new ArrayList<>();
  private final List<KernelProgram.Connection> connections = new ArrayList<>();
  private final List<KStmt> init = new ArrayList<>();
  private final List<KStmt> step = new ArrayList<>();
  private final List<KernelProgram.Probe> probes = new ArrayList<>();
  private final List<KernelProgram.Group> groups = new ArrayList<>();
  private long nextStream = 1;

  private ScheduleNetwork(IrModule module, Network net, double dt, PassContext cx) {
    this.module = module;
    this.net = net;
    this.dt = dt;
    this.cx = cx;
    this.real = cx.options().doublePrecision() ? Scalar.F64 : Scalar.F32;
  }

  /** The kernel program of {@code run}, whose target network has been specialised and solved. */
  public static KernelProgram schedule(IrModule module, RunSpec run, double dt, long steps, long seed, PassContext cx) {
    Network net = (Network) module.find(run.target()).orElseThrow();
    ScheduleNetwork s = new ScheduleNetwork(module, net, dt, cx);
    s.build();
    return new KernelProgram(net.name(), dt, steps, seed, s.buffers, s.spikeSets, s.queues, s.connections, s.init,
        s.step, s.probes, s.groups);
  }

  private NeuronModel model(Population p) {
    return (NeuronModel) module.find(p.model()).orElseThrow();
  }

  private static String buf(String population, String var) {
    return population + "." + var;
  }

  private void build() {
    if (!net.inputs().isEmpty()) {
      throw ExprToKernel.unsupported("inputs with encoders (`input " + net.inputs().get(0).name() + "`) in `run`");
    }
    if (!net.signals().isEmpty() || !net.outputs().isEmpty()) {
      cx.explain("schedule", "signals and outputs are computed only in training runs; `run` ignores them");
    }
    for (Population p : net.populations()) declarePopulation(p);
    for (Projection pr : net.projections()) declareProjection(pr);
    // A drive that only ever receives one-step delays needs no queue: propagation runs after
    // this step's update, so adding straight into the drive reaches the next step's update,
    // which is exactly a delay of one step.
    queues.removeIf(q -> q.maxDelay() == 1);
    // Deliver: what is due now enters the drive states.
    for (KernelProgram.DelayQueue q : queues) step.add(new KStmt.Drain(q.name()));
    for (Population p : net.populations()) {
      step.add(updateLoop(p));
      model(p).spike().ifPresent(s -> step.add(thresholdLoop(p, s)));
    }
    propagate();
    monitors();
    for (Population p : net.populations()) {
      groups.add(new KernelProgram.Group(p.name(), p.name(), 0, p.size(), baseName(p.model())));
    }
    for (PopulationView v : net.views()) {
      KernelGroups.Target t = KernelGroups.targetOf(net, v.name());
      Population parent = population(t.population());
      groups.add(new KernelProgram.Group(v.name(), t.population(), t.offset(), v.end() - v.start(),
          baseName(parent.model())));
    }
  }

  private static String baseName(String model) {
    int at = model.indexOf('@');
    return at < 0 ? model : model.substring(0, at);
  }

  private Population population(String name) {
    return net.populations().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------------------------------
  // Populations
  // ------------------------------------------------------------------------------------------

  private int refractorySteps(NeuronModel m) {
    if (m.refractory().isEmpty()) return 0;
    Expr r = FoldConstants.fold(m.refractory().get());
    if (!(r instanceof Const c)) throw ExprToKernel.unsupported("a refractory period that is not constant");
    return (int) Math.round(c.value() / dt);
  }

  private void declarePopulation(Population p) {
    NeuronModel m = model(p);
    for (StateVar s : m.states()) {
      buffers.add(new KernelProgram.Buffer(buf(p.name(), s.name()), real, new KernelProgram.Extent.Fixed(p.size()),
          p.name() + "." + s.name()));
    }
    if (refractorySteps(m) > 0) {
      buffers.add(new KernelProgram.Buffer(buf(p.name(), "__ref"), Scalar.I32, new KernelProgram.Extent.Fixed(p.size()),
          p.name() + ".refractory"));
    }
    if (m.spike().isPresent()) spikeSets.add(new KernelProgram.SpikeSet(p.name(), p.size(), p.name()));
    // Initial values: the population's initialisers, else the model's.
    Map<String, Expr> inits = new LinkedHashMap<>();
    for (StateVar s : m.states()) inits.put(s.name(), s.initial());
    for (Setting s : p.initializers()) inits.put(s.name(), s.value());
    List<KStmt> body = new ArrayList<>();
    KExpr i = new KExpr.Local("i", Scalar.I32);
    for (var e : inits.entrySet()) {
      body.add(new KStmt.Store(buf(p.name(), e.getKey()), i, initValue(e.getValue(), i)));
    }
    init.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(p.size()), body));
  }

  /** An initial value: a constant, or a draw from `uniform(a, b)` / `normal(m, s)` per neuron. */
  /**
   * A value drawn per element: constants, `uniform(a, b)` and `normal(m, s)` draws (one stream
   * each, indexed by the element) and arithmetic on them, computed in double and rounded once
   * (rounding a uniform draw itself to float could give 1.0f).
   */
  private KExpr initValue(Expr e, KExpr index) {
    Expr v = FoldConstants.fold(e);
    if (v instanceof Const c) return new KExpr.Const(real == Scalar.F32 ? (float) c.value() : c.value(), real);
    KExpr value = random(v, index);
    return real == Scalar.F64 ? value : new KExpr.Cast(real, value);
  }

  private KExpr random(Expr v, KExpr index) {
    if (v instanceof Const c) return KExpr.Const.f64(c.value());
    if (v instanceof Call c && (c.function().equals("uniform") || c.function().equals("normal"))) {
      long stream = nextStream++;
      KExpr a = KExpr.Const.f64(constantValue(c.args().get(0)));
      KExpr b = KExpr.Const.f64(constantValue(c.args().get(1)));
      KExpr.Dist dist = c.function().equals("uniform") ? KExpr.Dist.UNIFORM : KExpr.Dist.NORMAL;
      KExpr draw = new KExpr.Rand(dist, stream, index);
      return dist == KExpr.Dist.UNIFORM
          ? new KExpr.Binary(KExpr.BinaryOp.ADD, a, new KExpr.Binary(KExpr.BinaryOp.MUL,
              new KExpr.Binary(KExpr.BinaryOp.SUB, b, a), draw))
          : new KExpr.Binary(KExpr.BinaryOp.ADD, a, new KExpr.Binary(KExpr.BinaryOp.MUL, b, draw));
    }
    if (v instanceof Unary u && u.op() == UnaryOp.NEG) return new KExpr.Unary(KExpr.UnaryOp.NEG, random(u.operand(), index));
    if (v instanceof Binary b) {
      KExpr.BinaryOp op = switch (b.op()) {
        case ADD -> KExpr.BinaryOp.ADD;
        case SUB -> KExpr.BinaryOp.SUB;
        case MUL -> KExpr.BinaryOp.MUL;
        case DIV -> KExpr.BinaryOp.DIV;
        default -> null;
      };
      if (op != null) return new KExpr.Binary(op, random(b.left(), index), random(b.right(), index));
    }
    throw ExprToKernel.unsupported("an initial value that is not constant, a uniform/normal draw or arithmetic on them");
  }

  /** The largest value a per-element expression can take, for the size of a delay queue. */
  private static double upperBound(Expr v) {
    Expr e = FoldConstants.fold(v);
    if (e instanceof Const c) return c.value();
    if (e instanceof Call c && c.function().equals("uniform")) return constantValue(c.args().get(1));
    if (e instanceof Binary b && b.op() == BinaryOp.ADD) return upperBound(b.left()) + upperBound(b.right());
    if (e instanceof Binary b && b.op() == BinaryOp.MUL && FoldConstants.fold(b.left()) instanceof Const k && k.value() >= 0) {
      return k.value() * upperBound(b.right());
    }
    throw ExprToKernel.unsupported("a per-synapse delay without an upper bound (use uniform(a, b))");
  }

  private static double constantValue(Expr e) {
    Expr v = FoldConstants.fold(e);
    if (v instanceof Const c) return c.value();
    throw ExprToKernel.unsupported("a random initial value whose bounds are not constant");
  }

  private KExpr constant(Expr e) {
    Expr v = FoldConstants.fold(e);
    if (v instanceof Const c) return new KExpr.Const(real == Scalar.F32 ? (float) c.value() : c.value(), real);
    throw ExprToKernel.unsupported("an initial value that is not constant or a uniform/normal draw");
  }

  private Map<String, KExpr> loadStates(NeuronModel m, Population p, List<KStmt> body, KExpr i) {
    Map<String, KExpr> locals = new LinkedHashMap<>();
    for (StateVar s : m.states()) {
      String local = "s_" + s.name();
      body.add(new KStmt.Let(local, new KExpr.Load(buf(p.name(), s.name()), i, real)));
      locals.put(s.name(), new KExpr.Local(local, real));
    }
    return locals;
  }

  /** State update: all step updates are computed from the values at the start of the step. */
  private KStmt updateLoop(Population p) {
    NeuronModel m = model(p);
    List<KStmt> body = new ArrayList<>();
    KExpr i = new KExpr.Local("i", Scalar.I32);
    Map<String, KExpr> locals = loadStates(m, p, body, i);
    ExprToKernel lower = new ExprToKernel(real, locals);
    for (Let l : m.lets()) {
      String local = "l_" + l.name();
      body.add(new KStmt.Let(local, lower.lower(l.value())));
      locals.put(l.name(), new KExpr.Local(local, real));
    }
    int refr = refractorySteps(m);
    KExpr refractory = refr > 0
        ? new KExpr.Binary(KExpr.BinaryOp.GT, new KExpr.Load(buf(p.name(), "__ref"), i, Scalar.I32), KExpr.Const.i32(0))
        : null;
    List<String> drives = KernelGroups.of(net, p.name()).stream().flatMap(g -> g.kind().equals("alpha")
        ? java.util.stream.Stream.of(g.jumpState(), g.readState()) : java.util.stream.Stream.of(g.readState())).toList();
    List<KStmt> stores = new ArrayList<>();
    for (StepUpdate s : m.steps()) {
      KExpr value = lower.lower(s.value());
      // A refractory neuron holds its own state; synaptic drives keep decaying.
      if (refractory != null && !drives.contains(s.variable())) {
        value = new KExpr.Select(refractory, locals.get(s.variable()), value);
      }
      String local = "n_" + s.variable();
      body.add(new KStmt.Let(local, value));
      stores.add(new KStmt.Store(buf(p.name(), s.variable()), i, new KExpr.Local(local, real)));
    }
    body.addAll(stores);
    // Delta drives hold one step's arrivals: clear them once used.
    for (KernelGroups.Group g : KernelGroups.of(net, p.name())) {
      if (g.kind().equals("delta")) body.add(new KStmt.Store(buf(p.name(), g.readState()), i, new KExpr.Const(0, real)));
    }
    return new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(p.size()), body);
  }

  /** Threshold, reset and refractoriness, on the updated state. */
  private KStmt thresholdLoop(Population p, SpikeRule rule) {
    NeuronModel m = model(p);
    List<KStmt> body = new ArrayList<>();
    KExpr i = new KExpr.Local("i", Scalar.I32);
    Map<String, KExpr> locals = loadStates(m, p, body, i);
    ExprToKernel lower = new ExprToKernel(real, locals);
    int refr = refractorySteps(m);
    KExpr fires = lower.lower(rule.condition());
    List<KStmt> onSpike = new ArrayList<>();
    onSpike.add(new KStmt.Emit(p.name(), i));
    for (Stmt s : rule.reset()) onSpike.addAll(reset(s, p, lower, i));
    if (refr > 0) {
      String ref = buf(p.name(), "__ref");
      body.add(new KStmt.Let("r", new KExpr.Load(ref, i, Scalar.I32)));
      KExpr r = new KExpr.Local("r", Scalar.I32);
      onSpike.add(new KStmt.Store(ref, i, KExpr.Const.i32(refr)));
      KExpr ready = new KExpr.Binary(KExpr.BinaryOp.LE, r, KExpr.Const.i32(0));
      List<KStmt> countdown = List.of(new KStmt.If(new KExpr.Binary(KExpr.BinaryOp.GT, r, KExpr.Const.i32(0)),
          List.of(new KStmt.Store(ref, i, new KExpr.Binary(KExpr.BinaryOp.SUB, r, KExpr.Const.i32(1)))), List.of()));
      body.add(new KStmt.If(new KExpr.Binary(KExpr.BinaryOp.AND, ready, fires), onSpike, countdown));
    } else {
      body.add(new KStmt.If(fires, onSpike, List.of()));
    }
    return new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(p.size()), body);
  }

  private List<KStmt> reset(Stmt s, Population p, ExprToKernel lower, KExpr i) {
    if (s instanceof Assign a) return List.of(new KStmt.Store(buf(p.name(), a.target()), i, lower.lower(a.value())));
    if (s instanceof If f) {
      List<KStmt> t = new ArrayList<>();
      for (Stmt x : f.then()) t.addAll(reset(x, p, lower, i));
      List<KStmt> o = new ArrayList<>();
      for (Stmt x : f.otherwise()) o.addAll(reset(x, p, lower, i));
      return List.of(new KStmt.If(lower.lower(f.condition()), t, o));
    }
    throw ExprToKernel.unsupported("`deliver` in a reset");
  }

  // ------------------------------------------------------------------------------------------
  // Projections
  // ------------------------------------------------------------------------------------------

  private record Route(Projection projection, String connection, String queue, KernelGroups.Target source,
      KernelGroups.Target target, KExpr delay, KExpr weight) {}

  private final List<Route> routes = new ArrayList<>();

  private int sizeOf(String name) {
    for (Population p : net.populations()) if (p.name().equals(name)) return p.size();
    for (PopulationView v : net.views()) if (v.name().equals(name)) return v.end() - v.start();
    for (InputGroup g : net.inputs()) if (g.name().equals(name)) return g.size();
    throw new IllegalStateException("unknown population " + name);
  }

  private void declareProjection(Projection pr) {
    if (pr.synapse().isPresent()) {
      throw ExprToKernel.unsupported("synapse models (`via " + pr.synapse().get() + "`) in `run`");
    }
    KernelGroups.Target src = KernelGroups.targetOf(net, pr.source());
    KernelGroups.Target dst = KernelGroups.targetOf(net, pr.target());
    KernelGroups.Group g = KernelGroups.of(net, pr);
    String jump = buf(dst.population(), g.jumpState());
    String queue = "q:" + jump;
    int delay = 1;
    Expr delayExpr = null;
    if (pr.delay().isPresent()) {
      Expr d = FoldConstants.fold(pr.delay().get());
      if (d instanceof Const c) {
        delay = Math.max(1, (int) Math.round(c.value() / dt));
      } else {
        delayExpr = d;
        delay = Math.max(1, (int) Math.round(upperBound(d) / dt));
      }
    }
    int maxDelay = delay;
    for (int k = 0; k < queues.size(); k++) {
      if (queues.get(k).name().equals(queue)) {
        maxDelay = Math.max(maxDelay, queues.get(k).maxDelay());
        queues.set(k, new KernelProgram.DelayQueue(queue, jump, maxDelay));
        maxDelay = -1;
        break;
      }
    }
    if (maxDelay > 0) queues.add(new KernelProgram.DelayQueue(queue, jump, maxDelay));
    Expr w = FoldConstants.fold(pr.weight());
    double scale = g.kind().equals("alpha") ? Math.E : 1.0;
    String name = "c:" + pr.name();
    KExpr weight;
    List<KStmt> perSynapse = new ArrayList<>();
    KExpr s = new KExpr.Local("s", Scalar.I32);
    if (w instanceof Const c) {
      weight = new KExpr.Const(real == Scalar.F32 ? (float) (c.value() * scale) : c.value() * scale, real);
    } else {
      // A weight drawn per synapse: a buffer filled once, in CSR order.
      String wb = "w:" + pr.name();
      buffers.add(new KernelProgram.Buffer(wb, real, new KernelProgram.Extent.Synapses(name), pr.name() + ".weight"));
      Expr scaled = scale == 1.0 ? w : new Binary(BinaryOp.MUL, w, new Const(scale, brainc.ir.types.Real.DIMENSIONLESS),
          w.type());
      perSynapse.add(new KStmt.Store(wb, s, initValue(scaled, s)));
      weight = new KExpr.Load(wb, s, real);
    }
    KExpr delaySteps = KExpr.Const.i32(delay);
    if (delayExpr != null) {
      // Delays drawn per synapse, in whole steps of at least one.
      String db = "d:" + pr.name();
      buffers.add(new KernelProgram.Buffer(db, Scalar.I32, new KernelProgram.Extent.Synapses(name), pr.name() + ".delay"));
      KExpr steps = new KExpr.Cast(Scalar.I32, new KExpr.Call(KExpr.Fn.RINT, List.of(new KExpr.Binary(
          KExpr.BinaryOp.DIV, random(delayExpr, s), KExpr.Const.f64(dt)))));
      perSynapse.add(new KStmt.Store(db, s, new KExpr.Binary(KExpr.BinaryOp.MAX, KExpr.Const.i32(1), steps)));
      delaySteps = new KExpr.Load(db, s, Scalar.I32);
    }
    if (!perSynapse.isEmpty()) {
      init.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(sizeOf(pr.source())), List.of(
          new KStmt.ForTargets(name, new KExpr.Local("i", Scalar.I32), "j", "s", perSynapse))));
    }
    KernelProgram.Rule rule;
    Connectivity conn = pr.connectivity();
    if (conn instanceof Probability p) rule = new KernelProgram.Rule.Bernoulli(p.p());
    else if (conn instanceof FixedFanIn f) rule = new KernelProgram.Rule.FixedFanIn(f.k());
    else if (conn instanceof FixedFanOut f) rule = new KernelProgram.Rule.FixedFanOut(f.k());
    else if (conn instanceof OneToOne) rule = new KernelProgram.Rule.OneToOne();
    else rule = new KernelProgram.Rule.AllToAll();
    KernelProgram.Format format = conn instanceof Dense ? KernelProgram.Format.DENSE : KernelProgram.Format.CSR;
    connections.add(new KernelProgram.Connection(name, sizeOf(pr.source()), sizeOf(pr.target()), rule, format,
        nextStream++, false, true));
    routes.add(new Route(pr, name, queue, src, dst, delaySteps, weight));
  }

  /** For each spiking population, one loop over its spikes feeding every projection it sends. */
  private void propagate() {
    Map<String, List<Route>> bySource = new LinkedHashMap<>();
    for (Route r : routes) bySource.computeIfAbsent(r.source().population(), k -> new ArrayList<>()).add(r);
    for (var e : bySource.entrySet()) {
      Population src = population(e.getKey());
      if (model(src).spike().isEmpty()) {
        throw ExprToKernel.unsupported("projections from `" + src.name() + "`, whose model never spikes");
      }
      KExpr i = new KExpr.Local("i", Scalar.I32);
      List<KStmt> body = new ArrayList<>();
      for (Route r : e.getValue()) {
        int lo = r.source().offset();
        int n = sizeOf(r.projection().source());
        KExpr pre = lo == 0 ? i : new KExpr.Binary(KExpr.BinaryOp.SUB, i, KExpr.Const.i32(lo));
        KExpr post = r.target().offset() == 0 ? new KExpr.Local("j", Scalar.I32)
            : new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Local("j", Scalar.I32), KExpr.Const.i32(r.target().offset()));
        boolean queued = queues.stream().anyMatch(q -> q.name().equals(r.queue()));
        String drive = r.queue().substring("q:".length());
        KStmt delivery = queued
            ? new KStmt.Enqueue(r.queue(), r.delay(), post, r.weight())
            : new KStmt.Store(drive, post, new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Load(drive, post, real),
                r.weight()));
        KStmt deliver = new KStmt.ForTargets(r.connection(), pre, "j", "s", List.of(delivery));
        boolean whole = lo == 0 && n == src.size();
        if (whole) {
          body.add(deliver);
        } else {
          KExpr inRange = new KExpr.Binary(KExpr.BinaryOp.AND,
              new KExpr.Binary(KExpr.BinaryOp.GE, i, KExpr.Const.i32(lo)),
              new KExpr.Binary(KExpr.BinaryOp.LT, i, KExpr.Const.i32(lo + n)));
          body.add(new KStmt.If(inRange, List.of(deliver), List.of()));
        }
      }
      step.add(new KStmt.ForSpikes(src.name(), "i", body));
    }
  }

  private void monitors() {
    for (Monitor m : net.monitors()) {
      int every = m.every().map(FoldConstants::fold).filter(x -> x instanceof Const).map(x -> ((Const) x).value())
          .map(d -> Math.max(1, (int) Math.round(d / dt))).orElse(1);
      for (String t : m.targets()) {
        KernelGroups.Target target = KernelGroups.targetOf(net, t);
        Population p = population(target.population());
        int n = sizeOf(t);
        switch (m.variable()) {
          case "spikes" -> probes.add(new KernelProgram.Probe.Spikes("spikes_" + t, p.name(), target.offset(), n));
          case "rate" -> probes.add(new KernelProgram.Probe.Rate("rate_" + t, p.name(), target.offset(), n));
          default -> {
            Optional<StateVar> s = model(p).states().stream().filter(x -> x.name().equals(m.variable())).findFirst();
            if (s.isEmpty()) throw ExprToKernel.unsupported("monitoring `" + m.variable() + "` (not a state)");
            probes.add(new KernelProgram.Probe.State(m.variable() + "_" + t, buf(p.name(), m.variable()),
                target.offset(), n, every));
          }
        }
      }
    }
  }
}
