package brainc.compiler.passes;


import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.*;
import brainc.ir.rewrite.ConstantFolding;
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
 *
 * <p>What it cannot lower yet ({@link ExprToKernel#unsupported}) {@link RunLegality} reports
 * before lowering, walking the model in this class's order: a change here that refuses more, or
 * in another order, goes there too ({@code RunLegalityTest} compares the two).
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
  private final List<Kernel> step = new ArrayList<>();
  private final List<KernelProgram.Probe> probes = new ArrayList<>();
  private final List<KernelProgram.Group> groups = new ArrayList<>();
  /** The buffers a host reads and writes, by role: hosts never go by these buffers' names. */
  private final List<KernelProgram.Port> ports = new ArrayList<>();
  /** The kernels that compute the outputs at the end of a run (see {@link LowerReadouts}). */
  private final List<Kernel> readouts = new ArrayList<>();
  private long nextStream = 1;
  /**
   * Streams of the draws in neuron updates and spike rules (per neuron and step), from a range
   * of their own so that adding one never renumbers the streams of initial values and inputs.
   */
  private long nextDrawStream = 0x8000_0000L;

  // Names of the buffers behind the ports (what the kernel text shows; no host relies on them).
  private static final String REWARD = "env.reward";
  private static final String TICK = "env.tick";
  private static final String TERMINATED = "env.terminated";
  private static final String LEARNING_RATE = "env.lr";

  private static String inputValues(String input) {
    return input + ".value";
  }

  private static String spikeCounts(String population) {
    return population + ".count";
  }

  private static String forcedSpikes(String population) {
    return population + ".force";
  }

  /** Declares {@code buffer} (a fixed-size one) and exposes it as a port of {@code role}. */
  private void port(KernelProgram.Buffer buffer, KernelProgram.PortRole role, String subject) {
    buffers.add(buffer);
    int size = ((KernelProgram.Extent.Fixed) buffer.extent()).size();
    ports.add(new KernelProgram.Port(buffer.name(), role.direction(), role, subject, buffer.type(), size));
  }
  /** The population whose buffers each delay queue fills, by queue name. */
  private final Map<String, String> queuePopulations = new LinkedHashMap<>();
  /** The projection or signal being scheduled, where what cannot run is reported. */
  private Origin here;

  /** The steps of the run: with dt, the window a {@code rate} readout divides by. */
  private final long steps;

  private ScheduleNetwork(IrModule module, Network net, double dt, long steps, PassContext cx) {
    this.module = module;
    this.net = net;
    this.dt = dt;
    this.steps = steps;
    this.cx = cx;
    this.real = cx.options().doublePrecision() ? Scalar.F64 : Scalar.F32;
  }

  /** The kernel program of {@code run}, whose target network has been specialised and solved. */
  public static KernelProgram schedule(IrModule module, RunSpec run, double dt, long steps, long seed, PassContext cx) {
    Network net = (Network) module.find(run.target()).orElseThrow();
    ScheduleNetwork s = new ScheduleNetwork(module, net, dt, steps, cx);
    s.build();
    return new KernelProgram(net.name(), dt, steps, seed, s.buffers, s.spikeSets, s.queues, s.connections, s.init,
        s.step, s.probes, s.groups, s.readPorts(),
        s.readouts.isEmpty() ? KernelProgram.DriverLoop.STANDARD : KernelProgram.DriverLoop.WITH_READOUTS, s.readouts);
  }

  /**
   * The ports, less the in-ports that no step kernel reads (`terminated` in a model whose
   * signals never mention it): a host, or a harness that copies ports to a device, then moves
   * only what matters. Their buffers stay, so nothing else in the program changes.
   */
  private List<KernelProgram.Port> readPorts() {
    java.util.Set<String> loaded = new java.util.HashSet<>();
    new brainc.ir.kernel.KernelRewriter() {
      @Override
      protected KExpr rewrite(KExpr e) {
        if (e instanceof KExpr.Load l) loaded.add(l.buffer());
        return e;
      }
    }.kernels(step);
    new brainc.ir.kernel.KernelRewriter() {
      @Override
      protected KExpr rewrite(KExpr e) {
        if (e instanceof KExpr.Load l) loaded.add(l.buffer());
        return e;
      }
    }.kernels(readouts);
    return ports.stream().filter(p -> p.direction() == KernelProgram.Direction.OUT || loaded.contains(p.buffer()))
        .toList();
  }

  /**
   * Appends a kernel to the step; a name taken already (two projections with one name differ
   * in their connection's prefix, but be safe) gets a number.
   */
  private void kernel(String name, KernelKind kind, IndexSpace space, KStmt... body) {
    String unique = name;
    for (int n = 2; taken(unique); n++) unique = name + "#" + n;
    step.add(new Kernel(unique, kind, space, List.of(body)));
  }

  private boolean taken(String name) {
    for (Kernel k : step) if (k.name().equals(name)) return true;
    for (Kernel k : inputSpikes) if (k.name().equals(name)) return true;
    for (Kernel k : readouts) if (k.name().equals(name)) return true;
    return false;
  }

  private IndexSpace.Neurons neurons(String population) {
    return new IndexSpace.Neurons(population, sizeOf(population));
  }

  private NeuronModel model(Population p) {
    return (NeuronModel) module.find(p.model()).orElseThrow();
  }

  private static String buf(String population, String var) {
    return population + "." + var;
  }

  private void build() {
    if (!net.outputs().isEmpty()) {
      cx.explain("schedule", "outputs are read only in training runs; `run` ignores them");
    }
    for (Population p : net.populations()) at(p.origin(), () -> declarePopulation(p));
    for (InputGroup g : net.inputs()) at(g.origin(), () -> declareInput(g));
    declareSignals();
    for (Projection pr : net.projections()) at(pr.origin(), () -> declareProjection(pr));
    // A drive that only ever receives one-step delays needs no queue: propagation runs after
    // this step's update, so adding straight into the drive reaches the next step's update,
    // which is exactly a delay of one step.
    queues.removeIf(q -> q.maxDelay() == 1);
    // Deliver: what is due now enters the drive states.
    for (KernelProgram.DelayQueue q : queues) {
      String population = queuePopulations.get(q.name());
      kernel(q.target() + ".deliver", KernelKind.DELIVER, neurons(population), new KStmt.Drain(q.name()));
    }
    step.addAll(inputSpikes);
    for (Population p : net.populations()) {
      at(p.origin(), () -> {
        kernel(p.name() + ".update", KernelKind.UPDATE, neurons(p.name()), updateLoop(p));
        model(p).spike().ifPresent(s -> kernel(p.name() + ".threshold", KernelKind.THRESHOLD, neurons(p.name()),
            thresholdLoop(p, s)));
      });
    }
    try {
      synapseDynamics();
      propagate();
    } catch (Refusal e) {
      throw e.at(here != null ? here : net.origin());
    }
    monitors();
    Map<String, String> modelNames = new LinkedHashMap<>();
    for (Population p : net.populations()) {
      modelNames.put(p.name(), model(p).userName());
      groups.add(new KernelProgram.Group(p.name(), p.name(), 0, p.size(), modelNames.get(p.name())));
    }
    for (PopulationView v : net.views()) {
      // Slices written inline (`monitor v of all[0 .. 10]`) are views too, but not groups of their own.
      if (isInlineSlice(v.name())) continue;
      KernelGroups.Target t = KernelGroups.targetOf(net, v.name());
      if (isInput(t.population())) continue;
      Population parent = population(t.population());
      groups.add(new KernelProgram.Group(v.name(), t.population(), t.offset(), v.end() - v.start(),
          modelNames.get(parent.name())));
    }
    LowerReadouts lower = new LowerReadouts(groups, ports, steps * dt);
    for (Output o : net.outputs()) {
      String name = o.name() + ".readout";
      for (int n = 2; taken(name); n++) name = o.name() + ".readout#" + n;
      Optional<Kernel> k = lower.lower(o, name);
      if (k.isPresent()) {
        readouts.add(k.get());
      } else {
        cx.explain("schedule", "output `" + o.name() + "` is of a form a kernel cannot compute yet; no host can read it");
      }
    }
    buffers.addAll(lower.buffers());
    ports.addAll(lower.ports());
  }

  /**
   * Runs one construct's scheduling; what cannot run is reported at {@code where} (the
   * population, input, projection or monitor of the network), unless a closer place is known.
   */
  private static void at(Origin where, Runnable r) {
    try {
      r.run();
    } catch (Refusal e) {
      throw e.at(where);
    }
  }

  /** Whether a view was written inline as {@code p[a .. b]} (lowering names it so). */
  static boolean isInlineSlice(String view) {
    return view.endsWith("]");
  }

  /**
   * A plain file name for what a monitor records of {@code target}: the name itself, or for an
   * inline slice {@code all[0 .. 10]} the name {@code all_0_10}.
   */
  static String fileName(String target) {
    return target.replace(" .. ", "_").replace("..", "_").replace("[", "_").replace("]", "").replace(" ", "");
  }

  private Population population(String name) {
    return net.populations().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** Whether an output reads this population (or a slice of it). */
  private boolean readByOutputs(String population) {
    for (Output o : net.outputs()) {
      java.util.Set<String> names = new java.util.HashSet<>();
      collectRefs(o.readout(), names);
      for (String n : names) {
        if (n.equals(population)) return true;
        for (PopulationView v : net.views()) {
          if (v.name().equals(n) && KernelGroups.targetOf(net, n).population().equals(population)) return true;
        }
      }
    }
    return false;
  }

  private static void collectRefs(Expr e, java.util.Set<String> out) {
    if (e instanceof Ref r && r.kind() == RefKind.POPULATION) out.add(r.name());
    if (e instanceof Call c) c.args().forEach(a -> collectRefs(a, out));
    if (e instanceof Binary b) {
      collectRefs(b.left(), out);
      collectRefs(b.right(), out);
    }
    if (e instanceof Unary u) collectRefs(u.operand(), out);
  }

  private boolean isInput(String name) {
    return net.inputs().stream().anyMatch(g -> g.name().equals(name));
  }

  private final List<Kernel> inputSpikes = new ArrayList<>();

  /**
   * An input group is a spike source driven by values in [0, 1] that the environment or the
   * dataset writes into `NAME.value`: `rate`/`poisson` spike with probability value * max * dt
   * per step, `bernoulli` with probability value * gain.
   */
  private void declareInput(InputGroup g) {
    String values = inputValues(g.name());
    int sources = spikeSources(g);
    port(new KernelProgram.Buffer(values, Scalar.F64, new KernelProgram.Extent.Fixed(g.size()), g.name() + ".value"),
        KernelProgram.PortRole.OBSERVATION, g.name());
    spikeSets.add(new KernelProgram.SpikeSet(g.name(), sources, g.name()));
    groups.add(new KernelProgram.Group(g.name(), g.name(), 0, sources, "input"));
    Map<String, Double> settings = encoderSettings(g);
    long stream = nextStream++;
    KExpr k = new KExpr.Local("k", Scalar.I32);
    if (g.encoder().kind().equals("fields")) {
      fieldsInput(g, settings, stream);
      return;
    }
    double scale;
    switch (g.encoder().kind()) {
      case "rate", "poisson" -> scale = settings.getOrDefault("max", 100.0) * dt;
      case "bernoulli" -> scale = settings.getOrDefault("gain", 1.0);
      default -> throw ExprToKernel.unsupported("the `" + g.encoder().kind() + "` encoder of `" + g.name() + "`");
    }
    KExpr p = new KExpr.Binary(KExpr.BinaryOp.MUL, new KExpr.Load(values, k, Scalar.F64), KExpr.Const.f64(scale));
    KExpr fires = new KExpr.Binary(KExpr.BinaryOp.LT, new KExpr.Rand(KExpr.Dist.UNIFORM, stream, k), p);
    inputSpikes.add(new Kernel(g.name() + ".input", KernelKind.INPUT, new IndexSpace.Neurons(g.name(), g.size()),
        List.of(new KStmt.ForRange("k", KExpr.Const.i32(0), KExpr.Const.i32(g.size()),
            List.of(new KStmt.If(fires, List.of(new KStmt.Emit(g.name(), k)), List.of()))))));
  }

  private static Map<String, Double> encoderSettings(InputGroup g) {
    Map<String, Double> settings = new LinkedHashMap<>();
    for (Setting st : g.encoder().settings()) {
      Expr v = ConstantFolding.fold(st.value());
      if (v instanceof Const c) settings.put(st.name(), c.value());
    }
    return settings;
  }

  /** Spike sources of an input: one per value, or `count` per value for a `fields` encoder. */
  static int spikeSources(InputGroup g) {
    if (!g.encoder().kind().equals("fields")) return g.size();
    return g.size() * encoderSettings(g).getOrDefault("count", 8.0).intValue();
  }

  /**
   * A `fields` encoder: source k = i * count + j reads value i and fires with probability
   * max * dt * exp(-(value - c_j)^2 / (2 width^2)) per step, c_j = j / (count - 1).
   */
  private void fieldsInput(InputGroup g, Map<String, Double> settings, long stream) {
    int count = settings.getOrDefault("count", 8.0).intValue();
    double width = settings.getOrDefault("width", 0.1);
    double scale = settings.getOrDefault("max", 100.0) * dt;
    KExpr k = new KExpr.Local("k", Scalar.I32);
    KExpr value = new KExpr.Load(inputValues(g.name()), new KExpr.Binary(KExpr.BinaryOp.DIV, k, KExpr.Const.i32(count)),
        Scalar.F64);
    KExpr centre = new KExpr.Binary(KExpr.BinaryOp.DIV,
        new KExpr.Cast(Scalar.F64, new KExpr.Binary(KExpr.BinaryOp.REM, k, KExpr.Const.i32(count))),
        KExpr.Const.f64(count - 1));
    KExpr d = new KExpr.Binary(KExpr.BinaryOp.SUB, value, centre);
    KExpr tuning = new KExpr.Call(KExpr.Fn.EXP, List.of(new KExpr.Binary(KExpr.BinaryOp.MUL,
        new KExpr.Binary(KExpr.BinaryOp.MUL, d, d), KExpr.Const.f64(-1 / (2 * width * width)))));
    KExpr p = new KExpr.Binary(KExpr.BinaryOp.MUL, tuning, KExpr.Const.f64(scale));
    KExpr fires = new KExpr.Binary(KExpr.BinaryOp.LT, new KExpr.Rand(KExpr.Dist.UNIFORM, stream, k), p);
    inputSpikes.add(new Kernel(g.name() + ".input", KernelKind.INPUT,
        new IndexSpace.Neurons(g.name(), g.size() * count),
        List.of(new KStmt.ForRange("k", KExpr.Const.i32(0), KExpr.Const.i32(g.size() * count),
            List.of(new KStmt.If(fires, List.of(new KStmt.Emit(g.name(), k)), List.of()))))));
  }

  // ------------------------------------------------------------------------------------------
  // Populations
  // ------------------------------------------------------------------------------------------

  private int refractorySteps(NeuronModel m) {
    if (m.refractory().isEmpty() || m.refractoryIsCondition()) return 0;
    Expr r = ConstantFolding.fold(m.refractory().get());
    if (!(r instanceof Const c)) throw ExprToKernel.unsupported("a refractory period that is not constant");
    return (int) Math.round(c.value() / dt);
  }

  private void declarePopulation(Population p) {
    NeuronModel m = model(p);
    for (StateVar s : m.states()) {
      buffers.add(new KernelProgram.Buffer(buf(p.name(), s.name()), real, new KernelProgram.Extent.Fixed(p.size()),
          p.name() + "." + s.name()));
    }
    if (m.refractoryIsCondition()) {
      cx.explain("schedule", p.name() + ": refractory while its condition holds at the start of a step"
          + (m.heldWhenRefractory().isEmpty() ? "; every state evolves" : "; held meanwhile: "
          + String.join(", ", m.heldWhenRefractory())));
    } else if (refractorySteps(m) > 0 && !m.heldWhenRefractory().isEmpty()) {
      cx.explain("schedule", p.name() + ": refractory for " + refractorySteps(m) + " steps after a spike; held meanwhile: "
          + String.join(", ", m.heldWhenRefractory()) + " (the other states evolve)");
    }
    // A period counts down in `__ref`; a condition leaves there whether it held at the start of the step.
    if (refractorySteps(m) > 0 || m.refractoryIsCondition()) {
      buffers.add(new KernelProgram.Buffer(buf(p.name(), "__ref"), Scalar.I32, new KernelProgram.Extent.Fixed(p.size()),
          p.name() + ".refractory"));
    }
    // A population whose model has no `spike when` still has a (never filled) spike set: its
    // summary counts no spikes, and nothing can connect from it (E0406 in the checker).
    spikeSets.add(new KernelProgram.SpikeSet(p.name(), p.size(), p.name()));
    if (m.spike().isPresent() && readByOutputs(p.name())) {
      port(new KernelProgram.Buffer(spikeCounts(p.name()), Scalar.I32, new KernelProgram.Extent.Fixed(p.size()),
          p.name() + ".count"), KernelProgram.PortRole.SPIKE_COUNTS, p.name());
      port(new KernelProgram.Buffer(forcedSpikes(p.name()), Scalar.I32, new KernelProgram.Extent.Fixed(p.size()),
          p.name() + ".force"), KernelProgram.PortRole.FORCED_SPIKES, p.name());
    }
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

  /**
   * A value drawn per element: constants, `uniform(a, b)` and `normal(m, s)` draws (one stream
   * each, indexed by the element) and arithmetic on them, computed in double and rounded once
   * (rounding a uniform draw itself to float could give 1.0f).
   */
  private KExpr initValue(Expr e, KExpr index) {
    Expr v = ConstantFolding.fold(e);
    if (v instanceof Const c) return new KExpr.Const(real == Scalar.F32 ? (float) c.value() : c.value(), real);
    KExpr value = random(v, index);
    return real == Scalar.F64 ? value : new KExpr.Cast(real, value);
  }

  private KExpr random(Expr v, KExpr index) {
    if (v instanceof Const c) return KExpr.Const.f64(c.value());
    if (FreeParameters.isFree(v)) return FreeParameters.load(((Ref) v).name());
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
      KExpr k = ExprToKernel.arithmetic(b.op(), random(b.left(), index), random(b.right(), index));
      if (k != null) return k;
    }
    throw ExprToKernel.unsupported("a value drawn per neuron or synapse (an initial value, a weight or a delay) that is"
        + " not a constant, a uniform/normal draw or arithmetic on them");
  }

  /** The largest value a per-element expression can take, for the size of a delay queue. */
  private static double upperBound(Expr v) {
    Expr e = ConstantFolding.fold(v);
    if (e instanceof Const c) return c.value();
    if (e instanceof Call c && c.function().equals("uniform")) return constantValue(c.args().get(1));
    if (e instanceof Binary b && b.op() == BinaryOp.ADD) return upperBound(b.left()) + upperBound(b.right());
    if (e instanceof Binary b && b.op() == BinaryOp.MUL && ConstantFolding.fold(b.left()) instanceof Const k && k.value() >= 0) {
      return k.value() * upperBound(b.right());
    }
    throw ExprToKernel.unsupported("a per-synapse delay without an upper bound (use uniform(a, b))");
  }

  private static double constantValue(Expr e) {
    Expr v = ConstantFolding.fold(e);
    if (v instanceof Const c) return c.value();
    throw ExprToKernel.unsupported("a random initial value whose bounds are not constant");
  }

  private KExpr constant(Expr e) {
    Expr v = ConstantFolding.fold(e);
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
    ExprToKernel lower = new ExprToKernel(real, locals, "the update of `" + p.name() + "` (model " + m.userName() + ")", dt,
        draws(i));
    for (Let l : m.lets()) {
      String local = "l_" + l.name();
      body.add(new KStmt.Let(local, lower.lower(l.value())));
      locals.put(l.name(), new KExpr.Local(local, real));
    }
    int refr = refractorySteps(m);
    KExpr refractory = null;
    if (refr > 0) {
      body.add(new KStmt.Let("r0", new KExpr.Load(buf(p.name(), "__ref"), i, Scalar.I32)));
      refractory = new KExpr.Binary(KExpr.BinaryOp.GT, new KExpr.Local("r0", Scalar.I32), KExpr.Const.i32(0));
    }
    List<KStmt> stores = new ArrayList<>();
    if (m.refractoryIsCondition()) {
      // `refractory while COND`: COND on the state at the start of the step, kept for the threshold.
      body.add(new KStmt.Let("rc", lower.condition(m.refractory().get())));
      refractory = new KExpr.Local("rc", Scalar.BOOL);
      stores.add(new KStmt.Store(buf(p.name(), "__ref"), i, new KExpr.Select(refractory, KExpr.Const.i32(1),
          KExpr.Const.i32(0))));
    }
    List<String> drives = m.drives().stream().flatMap(g -> g.kind() == DriveState.Kind.ALPHA
        ? java.util.stream.Stream.of(g.jumpState(), g.readState()) : java.util.stream.Stream.of(g.readState())).toList();
    for (StepUpdate s : m.steps()) {
      KExpr value = lower.lower(s.value());
      // A refractory neuron holds its own state (or only the variables marked `unless refractory`);
      // synaptic drives keep decaying (and a port's initial value drops when a drive arrives).
      boolean held = m.heldWhenRefractory().isEmpty()
          ? !m.refractoryIsCondition() && !drives.contains(s.variable())
              && !s.variable().endsWith(SpecializePopulations.HELD)
          : m.heldWhenRefractory().contains(s.variable());
      if (refractory != null && held) {
        value = new KExpr.Select(refractory, locals.get(s.variable()), value);
      }
      String local = "n_" + s.variable();
      body.add(new KStmt.Let(local, value));
      stores.add(new KStmt.Store(buf(p.name(), s.variable()), i, new KExpr.Local(local, real)));
    }
    body.addAll(stores);
    // Delta drives hold one step's arrivals: clear them once used.
    for (DriveState g : m.drives()) {
      if (g.kind() == DriveState.Kind.DELTA) body.add(new KStmt.Store(buf(p.name(), g.readState()), i, new KExpr.Const(0, real)));
    }
    return new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(p.size()), body);
  }

  /** Draws of neuron {@code i} in this step, each call site from a new stream. */
  private ExprToKernel.Draws draws(KExpr i) {
    return new ExprToKernel.Draws(() -> nextDrawStream++, i);
  }

  /** Threshold, reset and refractoriness, on the updated state. */
  private KStmt thresholdLoop(Population p, SpikeRule rule) {
    NeuronModel m = model(p);
    List<KStmt> body = new ArrayList<>();
    KExpr i = new KExpr.Local("i", Scalar.I32);
    Map<String, KExpr> locals = loadStates(m, p, body, i);
    ExprToKernel lower = new ExprToKernel(real, locals, "the spike rule of `" + p.name() + "` (model " + m.userName() + ")", dt,
        draws(i));
    int refr = refractorySteps(m);
    KExpr fires = lower.condition(rule.condition());
    KExpr forced = null;
    List<KStmt> onSpike = new ArrayList<>();
    onSpike.add(new KStmt.Emit(p.name(), i));
    if (readByOutputs(p.name())) {
      String counts = spikeCounts(p.name());
      onSpike.add(new KStmt.Store(counts, i, new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Load(counts, i, Scalar.I32),
          KExpr.Const.i32(1))));
      String force = forcedSpikes(p.name());
      body.add(new KStmt.Let("f", new KExpr.Load(force, i, Scalar.I32)));
      forced = new KExpr.Binary(KExpr.BinaryOp.NE, new KExpr.Local("f", Scalar.I32), KExpr.Const.i32(0));
      onSpike.add(new KStmt.Store(force, i, KExpr.Const.i32(0)));
    }
    for (Stmt s : rule.reset()) onSpike.addAll(reset(s, p, lower, i));
    if (refr > 0) {
      String ref = buf(p.name(), "__ref");
      body.add(new KStmt.Let("r", new KExpr.Load(ref, i, Scalar.I32)));
      KExpr r = new KExpr.Local("r", Scalar.I32);
      onSpike.add(new KStmt.Store(ref, i, KExpr.Const.i32(refr)));
      KExpr ready = new KExpr.Binary(KExpr.BinaryOp.LE, r, KExpr.Const.i32(0));
      List<KStmt> countdown = List.of(new KStmt.If(new KExpr.Binary(KExpr.BinaryOp.GT, r, KExpr.Const.i32(0)),
          List.of(new KStmt.Store(ref, i, new KExpr.Binary(KExpr.BinaryOp.SUB, r, KExpr.Const.i32(1)))), List.of()));
      KExpr spikes = new KExpr.Binary(KExpr.BinaryOp.AND, ready, fires);
      if (forced != null) spikes = new KExpr.Binary(KExpr.BinaryOp.OR, spikes, forced);
      body.add(new KStmt.If(spikes, onSpike, countdown));
    } else if (m.refractoryIsCondition()) {
      body.add(new KStmt.Let("r", new KExpr.Load(buf(p.name(), "__ref"), i, Scalar.I32)));
      KExpr ready = new KExpr.Binary(KExpr.BinaryOp.EQ, new KExpr.Local("r", Scalar.I32), KExpr.Const.i32(0));
      KExpr spikes = new KExpr.Binary(KExpr.BinaryOp.AND, ready, fires);
      if (forced != null) spikes = new KExpr.Binary(KExpr.BinaryOp.OR, spikes, forced);
      body.add(new KStmt.If(spikes, onSpike, List.of()));
    } else {
      body.add(new KStmt.If(forced == null ? fires : new KExpr.Binary(KExpr.BinaryOp.OR, fires, forced), onSpike, List.of()));
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
      KernelGroups.Target target, KExpr delay, KExpr weight, Optional<Plastic> plastic) {}

  private final List<Route> routes = new ArrayList<>();

  private int sizeOf(String name) {
    for (Population p : net.populations()) if (p.name().equals(name)) return p.size();
    for (PopulationView v : net.views()) if (v.name().equals(name)) return v.end() - v.start();
    for (InputGroup g : net.inputs()) if (g.name().equals(name)) return spikeSources(g);
    throw new IllegalStateException("unknown population " + name);
  }

  private void declareProjection(Projection pr) {
    KernelGroups.Target src = KernelGroups.targetOf(net, pr.source());
    KernelGroups.Target dst = KernelGroups.targetOf(net, pr.target());
    DriveState g = KernelGroups.driveOf(model(population(dst.population())), pr.targetPort(), pr.kernel());
    String jump = buf(dst.population(), g.jumpState());
    String queue = "q:" + jump;
    int delay = 1;
    Expr delayExpr = null;
    if (pr.delay().isPresent()) {
      Expr d = ConstantFolding.fold(pr.delay().get());
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
    queuePopulations.put(queue, dst.population());
    Expr w = ConstantFolding.fold(pr.weight());
    double scale = g.kind() == DriveState.Kind.ALPHA ? Math.E : 1.0;
    String name = "c:" + pr.name();
    KExpr weight;
    List<KStmt> perSynapse = new ArrayList<>();
    KExpr s = new KExpr.Local("s", Scalar.I32);
    if (w instanceof Const c) {
      weight = new KExpr.Const(real == Scalar.F32 ? (float) (c.value() * scale) : c.value() * scale, real);
    } else if (FreeParameters.isFree(w)) {
      // A weight free per instance: the constant above, computed from the parameter at run time.
      weight = initValue(scale == 1.0 ? w : new Binary(BinaryOp.MUL, w, new Const(scale, brainc.ir.types.Real.DIMENSIONLESS),
          w.type()), KExpr.Const.i32(0));
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
    Optional<Plastic> plastic = pr.synapse().map(sm -> plastic(pr, name, (SynapseModel) module.find(sm).orElseThrow()));
    boolean reverse = plastic.map(x -> x.onPost() != null).orElse(false);
    connections.add(new KernelProgram.Connection(name, sizeOf(pr.source()), sizeOf(pr.target()), rule, format,
        nextStream++, reverse, true));
    plastic.ifPresent(x -> initSynapseVars(pr, name, x));
    routes.add(new Route(pr, name, queue, src, dst, delaySteps, weight, plastic));
  }

  /**
   * Propagation and plasticity, in the order of the semantics: for each spiking population one
   * loop over its spikes running the `on pre` handlers (a static projection just delivers its
   * weight), then the `on post` handlers over the reverse index, then the trace increments of
   * the neurons that spiked (handlers see the traces before the spike's own increment), then
   * the signals and the `modulated by` blocks. A synapse model that pairs same-step spikes moves
   * one side first (`same_step`): with `pre_then_post` its presynaptic trace increments run
   * before its `on post` handlers, which then see this step's pre spike; with `post_then_pre` its
   * `on post` handlers and postsynaptic increments run before the `on pre` handlers.
   */
  private void propagate() {
    for (Route r : routes) {
      if (pairing(r) != Pairing.POST_THEN_PRE) continue;
      here = r.projection().origin();
      onPost(r);
      traceIncrements(r, Side.POST);
    }
    Map<String, List<Route>> bySource = new LinkedHashMap<>();
    for (Route r : routes) bySource.computeIfAbsent(r.source().population(), k -> new ArrayList<>()).add(r);
    for (var e : bySource.entrySet()) {
      String srcName = e.getKey();
      here = e.getValue().get(0).projection().origin();
      int srcSize = sizeOf(srcName);
      if (!isInput(srcName) && model(population(srcName)).spike().isEmpty()) {
        throw new IllegalStateException("unchecked (RunCheck.wrongModels): `" + srcName + "` sends spikes, but its model `"
            + model(population(srcName)).userName() + "` has no `spike when` rule");
      }
      List<KStmt> body = new ArrayList<>();
      for (Route r : e.getValue()) {
        here = r.projection().origin();
        KExpr pre = relative(new KExpr.Local("i", Scalar.I32), r.source().offset());
        List<KStmt> perSynapse = r.plastic().isPresent()
            ? r.plastic().get().onPre() == null ? List.of()
                : handler(r, r.plastic().get().onPre().body(), pre, new KExpr.Local("j", Scalar.I32))
            : List.of(delivery(r, r.weight()));
        if (perSynapse.isEmpty()) continue;
        body.add(inRange(r.source(), sizeOf(r.projection().source()), srcSize,
            new KStmt.ForTargets(r.connection(), pre, "j", "s", perSynapse)));
      }
      if (!body.isEmpty()) {
        kernel(srcName + ".propagate", KernelKind.PROPAGATE, new IndexSpace.Neurons(srcName, srcSize),
            new KStmt.ForSpikes(srcName, "i", body));
      }
    }
    // `on post` handlers, over the synapses onto each neuron that spiked.
    for (Route r : routes) {
      here = r.projection().origin();
      if (pairing(r) == Pairing.PRE_THEN_POST) traceIncrements(r, Side.PRE);
      if (pairing(r) != Pairing.POST_THEN_PRE) onPost(r);
    }
    // Trace increments of the neurons that spiked (those a same-step pairing moved ran above).
    for (Route r : routes) {
      here = r.projection().origin();
      if (pairing(r) == Pairing.UNPAIRED) {
        traceIncrements(r, null);
      } else {
        traceIncrements(r, pairing(r) == Pairing.PRE_THEN_POST ? Side.POST : Side.PRE);
      }
    }
    signalsAndModulation();
  }

  /** How a route's synapse model pairs same-step spikes (a static projection: unpaired). */
  private static Pairing pairing(Route r) {
    return r.plastic().map(pl -> pl.model().sameStep()).orElse(Pairing.UNPAIRED);
  }

  /** The route's `on post` handlers, over the synapses onto each neuron that spiked. */
  private void onPost(Route r) {
    if (r.plastic().isEmpty() || r.plastic().get().onPost() == null) return;
    Population dst = population(r.target().population());
    KExpr post = relative(new KExpr.Local("i", Scalar.I32), r.target().offset());
    KExpr preIndex = new KExpr.Local("p", Scalar.I32);
    List<KStmt> perSynapse = handler(r, r.plastic().get().onPost().body(), preIndex, post);
    kernel(r.connection() + ".on_post", KernelKind.POST_PLASTICITY, new IndexSpace.Neurons(dst.name(), dst.size()),
        new KStmt.ForSpikes(dst.name(), "i", List.of(inRange(r.target(), sizeOf(r.projection().target()),
            dst.size(), new KStmt.ForSources(r.connection(), post, "p", "s", perSynapse)))));
  }

  /** The increments of the route's traces of one side (null: both) at the neurons that spiked. */
  private void traceIncrements(Route r, Side only) {
    if (r.plastic().isEmpty()) return;
    Plastic pl = r.plastic().get();
    for (Trace t : pl.model().traces()) {
      if (only != null && t.side() != only) continue;
      boolean preSide = t.side() == Side.PRE;
      KernelGroups.Target side = preSide ? r.source() : r.target();
      int sideSize = sizeOf(side.population());
      String buffer = pl.traces().get(t.name());
      KExpr k = relative(new KExpr.Local("i", Scalar.I32), side.offset());
      Map<String, KExpr> locals = new LinkedHashMap<>();
      locals.put(t.name(), new KExpr.Load(buffer, k, real));
      KExpr inc = new ExprToKernel(real, locals, "the trace `" + t.name() + "` of synapse model "
          + pl.model().name(), dt).lower(close(pl, t.increment()));
      KStmt store = new KStmt.Store(buffer, k, new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Load(buffer, k, real), inc));
      kernel(buffer + ".increment", KernelKind.SYNAPSE_DYNAMICS, new IndexSpace.Neurons(side.population(), sideSize),
          new KStmt.ForSpikes(side.population(), "i", List.of(inRange(side,
              sizeOf(preSide ? r.projection().source() : r.projection().target()), sideSize, store))));
    }
  }

  private static KExpr relative(KExpr i, int offset) {
    return offset == 0 ? i : new KExpr.Binary(KExpr.BinaryOp.SUB, i, KExpr.Const.i32(offset));
  }

  /** The index of the synapse's target in the target population's buffers (`j` plus the slice offset). */
  private static KExpr postIndex(Route r) {
    KExpr j = new KExpr.Local("j", Scalar.I32);
    return r.target().offset() == 0 ? j : new KExpr.Binary(KExpr.BinaryOp.ADD, j, KExpr.Const.i32(r.target().offset()));
  }

  /** Wraps {@code s} in a range check unless the slice is the whole population. */
  private static KStmt inRange(KernelGroups.Target t, int n, int populationSize, KStmt s) {
    if (t.offset() == 0 && n == populationSize) return s;
    KExpr i = new KExpr.Local("i", Scalar.I32);
    KExpr in = new KExpr.Binary(KExpr.BinaryOp.AND,
        new KExpr.Binary(KExpr.BinaryOp.GE, i, KExpr.Const.i32(t.offset())),
        new KExpr.Binary(KExpr.BinaryOp.LT, i, KExpr.Const.i32(t.offset() + n)));
    return new KStmt.If(in, List.of(s), List.of());
  }

  /** Delivery of {@code amount} to synapse s's target (`j`), after the projection's delay. */
  private KStmt delivery(Route r, KExpr amount) {
    // An excitatory/inhibitory split: the first neurons excite, the rest inhibit with the same weight.
    if (!isInput(r.source().population())) {
      Population src = population(r.source().population());
      if (src.split().isPresent()) {
        int excitatory = (int) Math.round(src.split().get().excitatoryFraction() * src.size());
        KExpr i = new KExpr.Local("i", Scalar.I32);
        amount = new KExpr.Select(new KExpr.Binary(KExpr.BinaryOp.LT, i, KExpr.Const.i32(excitatory)), amount,
            new KExpr.Unary(KExpr.UnaryOp.NEG, amount));
      }
    }
    boolean queued = queues.stream().anyMatch(q -> q.name().equals(r.queue()));
    String drive = r.queue().substring("q:".length());
    KExpr post = postIndex(r);
    if (queued) return new KStmt.Enqueue(r.queue(), r.delay(), post, amount);
    return new KStmt.Store(drive, post, new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Load(drive, post, real), amount));
  }

  // ------------------------------------------------------------------------------------------
  // Plasticity
  // ------------------------------------------------------------------------------------------

  /** A projection's synapse model, specialised: parameter values and the buffers of its vars and traces. */
  private record Plastic(SynapseModel model, Map<String, Expr> params, Map<String, Expr> lets,
      Map<String, Expr> inits, Map<String, String> vars, Map<String, String> traces, Handler onPre, Handler onPost) {}

  private Plastic plastic(Projection pr, String connection, SynapseModel m) {
    SynapseConstants constants = SynapseConstants.of(pr, m);
    Map<String, Expr> params = constants.params();
    Map<String, Expr> inits = new LinkedHashMap<>();
    for (SynVar v : m.vars()) inits.put(v.name(), v.initial());
    for (Setting o : pr.synapseOverrides()) {
      if (!SynapseConstants.isParam(m, params, o.name())) inits.put(o.name(), o.value());
    }
    Map<String, Expr> lets = constants.lets();
    Map<String, String> vars = new LinkedHashMap<>();
    for (SynVar v : m.vars()) {
      String b = pr.name() + "." + v.name();
      vars.put(v.name(), b);
      buffers.add(new KernelProgram.Buffer(b, real, new KernelProgram.Extent.Synapses(connection), pr.name() + "." + v.name()));
    }
    Map<String, String> traces = new LinkedHashMap<>();
    for (Trace t : m.traces()) {
      String b = pr.name() + "." + t.name();
      traces.put(t.name(), b);
      int size = sizeOf(t.side() == Side.PRE ? pr.source() : pr.target());
      buffers.add(new KernelProgram.Buffer(b, real, new KernelProgram.Extent.Fixed(size), pr.name() + "." + t.name()));
    }
    Handler onPre = m.handlers().stream().filter(h -> h.side() == Side.PRE).findFirst().orElse(null);
    Handler onPost = m.handlers().stream().filter(h -> h.side() == Side.POST).findFirst().orElse(null);
    return new Plastic(m, params, lets, inits, vars, traces, onPre, onPost);
  }

  /** An expression of the synapse model with its parameters and named values substituted. */
  private static Expr close(Plastic pl, Expr e) {
    return new SynapseConstants(pl.params(), pl.lets()).close(e);
  }

  private void initSynapseVars(Projection pr, String connection, Plastic pl) {
    List<KStmt> perSynapse = new ArrayList<>();
    KExpr s = new KExpr.Local("s", Scalar.I32);
    for (var e : pl.inits().entrySet()) {
      String buffer = pl.vars().get(e.getKey());
      if (buffer != null) perSynapse.add(new KStmt.Store(buffer, s, initValue(close(pl, e.getValue()), s)));
    }
    if (!perSynapse.isEmpty()) {
      init.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(sizeOf(pr.source())), List.of(
          new KStmt.ForTargets(connection, new KExpr.Local("i", Scalar.I32), "j", "s", perSynapse))));
    }
  }

  /** What a synapse's statements read: its vars at s, its traces at the pre or post neuron, signals. */
  private Map<String, KExpr> synapseLocals(Route r, KExpr pre, KExpr post) {
    Plastic pl = r.plastic().orElseThrow();
    Map<String, KExpr> locals = new LinkedHashMap<>();
    KExpr s = new KExpr.Local("s", Scalar.I32);
    pl.vars().forEach((v, b) -> locals.put(v, new KExpr.Load(b, s, real)));
    for (Trace t : pl.model().traces()) {
      locals.put(t.name(), new KExpr.Load(pl.traces().get(t.name()), t.side() == Side.PRE ? pre : post, real));
    }
    // A third factor reaches the synapses scaled by the training's learning-rate factor.
    signals.forEach((name, b) -> locals.put(name, new KExpr.Binary(KExpr.BinaryOp.MUL,
        new KExpr.Load(b, KExpr.Const.i32(0), real), new KExpr.Load(LEARNING_RATE, KExpr.Const.i32(0), real))));
    return locals;
  }

  private List<KStmt> handler(Route r, List<Stmt> body, KExpr pre, KExpr post) {
    Plastic pl = r.plastic().orElseThrow();
    ExprToKernel lower = new ExprToKernel(real, synapseLocals(r, pre, post), "a handler of synapse model "
        + pl.model().name(), dt);
    return synapseStatements(r, pl, body, lower, pre, post);
  }

  private List<KStmt> synapseStatements(Route r, Plastic pl, List<Stmt> body, ExprToKernel lower, KExpr pre, KExpr post) {
    List<KStmt> out = new ArrayList<>();
    KExpr s = new KExpr.Local("s", Scalar.I32);
    for (Stmt st : body) {
      if (st instanceof Deliver d) {
        out.add(delivery(r, new KExpr.Binary(KExpr.BinaryOp.MUL, r.weight(), lower.lower(close(pl, d.amount())))));
      } else if (st instanceof Assign a) {
        KExpr value = lower.lower(close(pl, a.value()));
        if (pl.vars().containsKey(a.target())) {
          out.add(new KStmt.Store(pl.vars().get(a.target()), s, value));
        } else if (pl.traces().containsKey(a.target())) {
          Trace t = pl.model().traces().stream().filter(x -> x.name().equals(a.target())).findFirst().orElseThrow();
          out.add(new KStmt.Store(pl.traces().get(a.target()), t.side() == Side.PRE ? pre : post, value));
        } else {
          throw ExprToKernel.unsupported("assigning `" + a.target() + "` in a synapse handler");
        }
      } else if (st instanceof If f) {
        out.add(new KStmt.If(lower.lower(close(pl, f.condition())), synapseStatements(r, pl, f.then(), lower, pre, post),
            synapseStatements(r, pl, f.otherwise(), lower, pre, post)));
      }
    }
    return out;
  }

  /**
   * Per-step decay of traces and linear per-synapse dynamics, after the neuron updates, as
   * solve-odes solved them for each projection ({@link Projection#steps()}); what it could not
   * solve cannot run yet.
   */
  private void synapseDynamics() {
    for (Route r : routes) {
      here = r.projection().origin();
      if (r.plastic().isEmpty()) continue;
      Plastic pl = r.plastic().get();
      for (Trace t : pl.model().traces()) {
        LinearStep solved = r.projection().step(t.name()).orElseThrow(() ->
            ExprToKernel.unsupported("a trace time constant that is not a positive constant"));
        String b = pl.traces().get(t.name());
        int size = sizeOf(t.side() == Side.PRE ? r.projection().source() : r.projection().target());
        KExpr k = new KExpr.Local("k", Scalar.I32);
        KExpr factor = constReal(solved.factor());
        KernelGroups.Target side = t.side() == Side.PRE ? r.source() : r.target();
        kernel(b + ".decay", KernelKind.SYNAPSE_DYNAMICS, new IndexSpace.Neurons(side.population(), size),
            new KStmt.ForRange("k", KExpr.Const.i32(0), KExpr.Const.i32(size), List.of(new KStmt.Store(b, k,
                new KExpr.Binary(KExpr.BinaryOp.MUL, new KExpr.Load(b, k, real), factor)))));
      }
      List<KStmt> perSynapse = new ArrayList<>();
      KExpr s = new KExpr.Local("s", Scalar.I32);
      for (Ode o : pl.model().odes()) {
        LinearStep solved = r.projection().step(o.variable()).orElseThrow(() ->
            ExprToKernel.unsupported("the synapse equation `" + o.variable() + "' = ...` (only x' = a x + b runs)"));
        String b = pl.vars().get(o.variable());
        double e = solved.factor();
        double c0 = solved.offset();
        KExpr x = new KExpr.Load(b, s, real);
        KExpr next = new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Binary(KExpr.BinaryOp.MUL, x, constReal(e)), constReal(c0));
        perSynapse.add(new KStmt.Store(b, s, c0 == 0 ? new KExpr.Binary(KExpr.BinaryOp.MUL, x, constReal(e)) : next));
      }
      if (!perSynapse.isEmpty()) {
        kernel(r.connection() + ".dynamics", KernelKind.SYNAPSE_DYNAMICS, new IndexSpace.Synapses(r.connection()),
            new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(sizeOf(r.projection().source())), List.of(
                new KStmt.ForTargets(r.connection(), new KExpr.Local("i", Scalar.I32), "j", "s", perSynapse))));
      }
    }
  }

  private KExpr constReal(double v) {
    return new KExpr.Const(real == Scalar.F32 ? (float) v : v, real);
  }

  /** Network signals by name → their one-element buffer. */
  private final Map<String, String> signals = new LinkedHashMap<>();

  private void declareSignals() {
    if (!net.signals().isEmpty()) {
      port(new KernelProgram.Buffer(REWARD, real, new KernelProgram.Extent.Fixed(1), "reward"),
          KernelProgram.PortRole.REWARD, "");
      port(new KernelProgram.Buffer(TICK, real, new KernelProgram.Extent.Fixed(1), "environment step flag"),
          KernelProgram.PortRole.ENV_TICK, "");
      port(new KernelProgram.Buffer(TERMINATED, real, new KernelProgram.Extent.Fixed(1), "failure flag"),
          KernelProgram.PortRole.TERMINATED, "");
      port(new KernelProgram.Buffer(LEARNING_RATE, real, new KernelProgram.Extent.Fixed(1), "learning rate factor"),
          KernelProgram.PortRole.LEARNING_RATE, "");
      init.add(new KStmt.Store(LEARNING_RATE, KExpr.Const.i32(0), constReal(1)));
    }
    for (Signal sg : net.signals()) {
      here = sg.origin();
      String b = "signal." + sg.name();
      signals.put(sg.name(), b);
      buffers.add(new KernelProgram.Buffer(b, real, new KernelProgram.Extent.Fixed(1), "signal " + sg.name()));
    }
  }

  /**
   * Signals are computed once per step from the environment's reward (0 in a plain run); a
   * `baseline(x, r)` is a running mean of x over environment steps: it is read before it takes
   * this step's x in, and it moves only on the step that carries {@link #TICK}. Then every
   * `modulated by` block runs over all synapses of its projection.
   */
  private void signalsAndModulation() {
    KExpr zero = KExpr.Const.i32(0);
    List<KStmt> signalBody = new ArrayList<>();
    for (Signal sg : net.signals()) {
      here = sg.origin();
      List<KStmt> after = new ArrayList<>();
      spikeSignalSteps = new ArrayList<>();
      KExpr value = signalExpr(sg.value(), after, sg.name());
      signalBody.addAll(spikeSignalSteps);
      signalBody.add(new KStmt.Store(signals.get(sg.name()), zero, value));
      signalBody.addAll(after);
    }
    if (!net.signals().isEmpty()) {
      signalBody.add(new KStmt.Store(TICK, zero, constReal(0)));
      kernel("signals", KernelKind.SIGNALS, new IndexSpace.Single(), signalBody.toArray(KStmt[]::new));
    }
    for (Route r : routes) {
      here = r.projection().origin();
      if (r.plastic().isEmpty()) continue;
      Plastic pl = r.plastic().get();
      for (Modulation mod : pl.model().modulations()) {
        if (!signals.containsKey(mod.signal())) {
          throw ExprToKernel.unsupported("`modulated by " + mod.signal() + "` without a network signal `" + mod.signal() + "`");
        }
        KExpr pre = new KExpr.Local("i", Scalar.I32);
        KExpr post = new KExpr.Local("j", Scalar.I32);
        List<KStmt> body = handler(r, mod.body(), pre, post);
        kernel(r.connection() + ".modulated_by." + mod.signal(), KernelKind.MODULATION,
            new IndexSpace.Synapses(r.connection()),
            new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(sizeOf(r.projection().source())), List.of(
                new KStmt.ForTargets(r.connection(), pre, "j", "s", body))));
      }
    }
  }

  /** What the spike-event functions of the signal being lowered do before its value is stored. */
  private List<KStmt> spikeSignalSteps;
  private LowerSpikeSignals spikeSignals;

  private KExpr signalExpr(Expr e, List<KStmt> after, String signal) {
    Expr v = ConstantFolding.fold(e);
    if (v instanceof Const c) return constReal(c.value());
    if (v instanceof Call c && LowerSpikeSignals.handles(c)) {
      if (spikeSignals == null) {
        spikeSignals = new LowerSpikeSignals(net, real, dt, buffers, init, () -> nextStream++, this::sizeOf);
      }
      KExpr x = c.function().equals("coincidence") ? null : signalExpr(c.args().get(0), after, signal);
      return spikeSignals.lower(c, x, signal, spikeSignalSteps);
    }
    if (v instanceof Ref r && r.kind() == RefKind.SIGNAL) {
      if (r.name().equals("reward")) return new KExpr.Load(REWARD, KExpr.Const.i32(0), real);
      if (r.name().equals("terminated")) return new KExpr.Load(TERMINATED, KExpr.Const.i32(0), real);
      String b = signals.get(r.name());
      if (b != null) return new KExpr.Load(b, KExpr.Const.i32(0), real);
    }
    if (v instanceof Call c && c.function().equals("baseline")) {
      String b = "baseline." + signal + "." + after.size();
      buffers.add(new KernelProgram.Buffer(b, real, new KernelProgram.Extent.Fixed(1), "baseline of " + signal));
      KExpr input = signalExpr(c.args().get(0), after, signal);
      KExpr rate = signalExpr(c.args().get(1), after, signal);
      KExpr old = new KExpr.Load(b, KExpr.Const.i32(0), real);
      KExpr tick = new KExpr.Load(TICK, KExpr.Const.i32(0), real);
      after.add(new KStmt.Store(b, KExpr.Const.i32(0), new KExpr.Binary(KExpr.BinaryOp.ADD, old,
          new KExpr.Binary(KExpr.BinaryOp.MUL, new KExpr.Binary(KExpr.BinaryOp.MUL, tick, rate),
              new KExpr.Binary(KExpr.BinaryOp.SUB, input, old)))));
      return old;
    }
    if (v instanceof Call c && c.function().equals("pulse") && c.args().size() == 1) {
      return new KExpr.Binary(KExpr.BinaryOp.MUL, new KExpr.Load(TICK, KExpr.Const.i32(0), real),
          signalExpr(c.args().get(0), after, signal));
    }
    if (v instanceof Unary u && u.op() == UnaryOp.NEG) return new KExpr.Unary(KExpr.UnaryOp.NEG, signalExpr(u.operand(), after, signal));
    if (v instanceof Binary b) {
      KExpr k = ExprToKernel.arithmetic(b.op(), signalExpr(b.left(), after, signal), signalExpr(b.right(), after, signal));
      if (k != null) return k;
    }
    if (v instanceof Call c && List.of("min", "max", "clip").contains(c.function())) {
      List<KExpr> a = new ArrayList<>();
      for (Expr x : c.args()) a.add(signalExpr(x, after, signal));
      return ExprToKernel.bounds(c.function(), a);
    }
    throw ExprToKernel.unsupported("the signal `" + signal
        + "` (only reward, other signals, baseline, pulse, coincidence, delayed, leaky, clip, min, max and arithmetic run)");
  }

  /**
   * One probe per monitored variable and target, each written to a file named after both
   * ({@code v_exc}, {@code spikes_all_0_10} for an inline slice). Slices record exactly their
   * neurons, with indices relative to the slice. Input groups record spikes and rate.
   */
  private void monitors() {
    Map<String, Monitor> seen = new LinkedHashMap<>();
    java.util.Set<String> files = new java.util.HashSet<>();
    for (Monitor m : net.monitors()) {
      at(m.origin(), () -> {
        int every = m.every().map(ConstantFolding::fold).filter(x -> x instanceof Const).map(x -> ((Const) x).value())
            .map(d -> Math.max(1, (int) Math.round(d / dt))).orElse(1);
        if (m.ofSynapses()) {
          synapseProbe(m, m.atEnd() ? 0 : every, files);
          return;
        }
        for (String t : m.targets()) {
          String shown = isInlineSlice(t) ? t : "`" + t + "`";
          String key = m.variable() + " of " + t;
          Monitor first = seen.putIfAbsent(key, m);
          if (first != null) {
            throw new IllegalStateException("unchecked (RunCheck.wrongModels): `" + m.variable() + "` of "
                + shown + " is already recorded by an earlier monitor, and both would write the same file;"
                + " monitor each variable of a population once");
          }
          KernelGroups.Target target = KernelGroups.targetOf(net, t);
          int n = sizeOf(t);
          String file = uniqueFile(files, m.variable() + "_" + fileName(t));
          boolean input = isInput(target.population());
          boolean spikes = input || model(population(target.population())).spike().isPresent();
          switch (m.variable()) {
            case "spikes", "rate" -> {
              if (!spikes) {
                throw new IllegalStateException("unchecked (RunCheck.wrongModels): cannot monitor `"
                    + m.variable() + "` of " + shown + ": its model `" + model(population(target.population())).userName()
                    + "` has no `spike when` rule, so it never spikes; monitor one of its states instead");
              }
              probes.add(m.variable().equals("spikes")
                  ? new KernelProgram.Probe.Spikes(file, target.population(), target.offset(), n)
                  : new KernelProgram.Probe.Rate(file, target.population(), target.offset(), n));
            }
            default -> {
              if (input) {
                throw new IllegalStateException("unchecked (RunCheck.wrongModels): " + shown
                    + " is an input group: it has no variable `" + m.variable() + "`; monitor its `spikes` or `rate`");
              }
              Population p = population(target.population());
              Optional<StateVar> s = model(p).states().stream().filter(x -> x.name().equals(m.variable())).findFirst();
              if (s.isEmpty()) {
                throw new IllegalStateException("unchecked (RunCheck.wrongModels): `" + m.variable()
                    + "` is not a state of model `" + model(p).userName() + "`; a run records only states, `spikes`"
                    + " and `rate` (an input port or a `let` is not kept between steps)");
              }
              probes.add(new KernelProgram.Probe.State(file, buf(p.name(), m.variable()), target.offset(), n, every));
            }
          }
        }
      });
    }
  }

  /**
   * A monitor of a per-synapse variable: a probe of the variable's buffer in the one connection
   * the monitor reaches, named {@code w_a_b} ({@code w_a_0_10_b} for a slice).
   */
  private void synapseProbe(Monitor m, int every, java.util.Set<String> files) {
    List<SynapseMonitors.Selection> reached = SynapseMonitors.of(module, net, m);
    if (reached.size() != 1) {
      throw new IllegalStateException("unchecked (RunCheck.wrongModels): the monitor of `" + m.variable()
          + "` reaches " + reached.size() + " connections");
    }
    SynapseMonitors.Selection sel = reached.get(0);
    String projection = sel.projection().name();
    String file = uniqueFile(files, m.variable() + "_" + fileName(m.targets().get(0)) + "_" + fileName(m.post().get()));
    probes.add(new KernelProgram.Probe.Synapses(file, projection + "." + m.variable(), "c:" + projection,
        sel.preStart(), sel.preCount(), sel.postStart(), sel.postCount(), sel.preShift(), sel.postShift(), every));
  }

  /** {@code name}, or {@code name_2}, {@code name_3}, ... when a probe of another target took it. */
  private static String uniqueFile(java.util.Set<String> taken, String name) {
    String f = name;
    for (int k = 2; !taken.add(f); k++) f = name + "_" + k;
    return f;
  }
}
