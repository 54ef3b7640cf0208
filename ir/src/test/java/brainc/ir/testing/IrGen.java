package brainc.ir.testing;

import brainc.ir.model.*;
import brainc.ir.source.SourceId;
import brainc.ir.source.Span;
import brainc.ir.types.Bool;
import brainc.ir.types.Entity;
import brainc.ir.types.Real;
import brainc.ir.types.Str;
import brainc.ir.types.Type;
import brainc.ir.types.Vec;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Builds random, structurally valid (though not necessarily well-typed) IR modules from a seed.
 * It reaches every record kind of the model IR, including awkward names, non-finite numbers and
 * types that differ from the derived ones, so that the text form is exercised at its edges.
 */
public final class IrGen {
  private static final String[] NAMES = {
    "v", "w", "tau_m", "x_pre", "I", "run#1", "brain.neurons.LIF", "param", "if", "true", "NaN",
    "weird name", "q\"uote", "back\\slash", "tab\tnew\nline", "µ", "a..b", "7up", "_", "exp"
  };
  private static final String[] SOURCES = {"lif.brain", "stdlib:brain/neurons.brain", "dir/a b.brain", "x"};

  private final Random r;

  public IrGen(long seed) {
    this.r = new Random(seed);
  }

  // ---- leaves ----

  private boolean chance(double p) {
    return r.nextDouble() < p;
  }

  private int between(int lo, int hi) {
    return lo + r.nextInt(hi - lo + 1);
  }

  private <T> T pick(T[] xs) {
    return xs[r.nextInt(xs.length)];
  }

  public String name() {
    return chance(0.6) ? "n" + r.nextInt(20) : pick(NAMES);
  }

  private String doc() {
    return chance(0.5) ? "" : pick(new String[] {"Leaky integrate-and-fire.", "a \"quoted\" doc", "x\ny"});
  }

  private <T> List<T> list(int max, Supplier<T> make) {
    int n = r.nextInt(max + 1);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(make.get());
    return out;
  }

  private <T> List<T> list1(int max, Supplier<T> make) {
    List<T> out = new ArrayList<>(list(max - 1, make));
    out.add(make.get());
    return out;
  }

  private <T> Optional<T> opt(Supplier<T> make) {
    return chance(0.5) ? Optional.of(make.get()) : Optional.empty();
  }

  public Origin origin() {
    int start = r.nextInt(1000);
    return new Origin(new Span(new SourceId(pick(SOURCES)), start, start + r.nextInt(100)));
  }

  public double number() {
    switch (r.nextInt(10)) {
      case 0: return Double.NaN;
      case 1: return chance(0.5) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2: return -0.0;
      case 3: return r.nextInt(100) - 50;
      case 4: return Double.MIN_VALUE * r.nextInt(5);
      case 5: return 1e-3 * r.nextInt(100);
      default: return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
    }
  }

  private double fraction() {
    return chance(0.2) ? (chance(0.5) ? 0.0 : 1.0) : r.nextDouble();
  }

  public Dimension dimension() {
    if (chance(0.3)) return Dimension.NONE;
    return new Dimension(between(-3, 3), between(-1, 1), between(-4, 4), between(-2, 2), between(-1, 1),
        between(-1, 1), between(-1, 1));
  }

  public Type type(int depth) {
    switch (r.nextInt(depth > 0 ? 6 : 5)) {
      case 0: return new Bool();
      case 1: return new Str();
      case 2: return new brainc.ir.types.Enum(name(), List.of("up", "down", "a b"));
      case 3: return new Entity(pick(new String[] {"population", "input", "module", "factor", "control"}));
      case 5: return new Vec(type(depth - 1), between(1, 5));
      default: return new Real(dimension());
    }
  }

  private Real real() {
    return new Real(dimension());
  }

  /** The derived type most of the time, and an arbitrary one otherwise. */
  private Type typeOr(Type derived) {
    return chance(0.75) ? derived : type(1);
  }

  // ---- expressions ----

  public Expr expr(int depth) {
    int kinds = depth > 0 ? 10 : 4;
    switch (r.nextInt(kinds)) {
      case 0: return new Const(number(), real());
      case 1: return chance(0.5) ? new BoolConst(r.nextBoolean()) : new StrConst(pick(NAMES));
      case 2: return new Ref(pick(RefKind.values()), name(), type(1));
      case 3: return new Const(r.nextInt(10), Real.DIMENSIONLESS);
      case 4: {
        UnaryOp op = pick(UnaryOp.values());
        Expr a = expr(depth - 1);
        return new Unary(op, a, typeOr(op == UnaryOp.NOT ? new Bool() : a.type()));
      }
      case 5: {
        BinaryOp op = pick(BinaryOp.values());
        Expr a = expr(depth - 1);
        Expr b = expr(depth - 1);
        return new Binary(op, a, b, typeOr(derivedBinary(op, a, b)));
      }
      case 6: {
        String fn = pick(new String[] {"exp", "clip", "uniform", "argmax", "pools", "param", "if", "odd fn"});
        return new Call(fn, list(3, () -> expr(depth - 1)), type(1));
      }
      case 7: {
        Expr a = expr(depth - 1);
        return new Select(expr(depth - 1), a, expr(depth - 1), typeOr(a.type()));
      }
      case 8: {
        List<Expr> es = list1(3, () -> expr(depth - 1));
        return new VecLit(es, typeOr(new Vec(es.get(0).type(), es.size())));
      }
      default: {
        Expr a = expr(depth - 1);
        return new Interval(a, expr(depth - 1), typeOr(a.type()));
      }
    }
  }

  private static Type derivedBinary(BinaryOp op, Expr a, Expr b) {
    if (op.isComparison() || op.isLogical()) return new Bool();
    if ((op == BinaryOp.MUL || op == BinaryOp.DIV) && a.type() instanceof Real && b.type() instanceof Real) {
      Dimension l = ((Real) a.type()).dim();
      Dimension rd = ((Real) b.type()).dim();
      return new Real(op == BinaryOp.MUL ? l.times(rd) : l.over(rd));
    }
    return a.type();
  }

  private Expr e() {
    return expr(between(0, 3));
  }

  private Interval interval() {
    Expr a = expr(1);
    return new Interval(a, expr(1), typeOr(a.type()));
  }

  private List<Setting> settings() {
    return list(3, () -> new Setting(name(), e()));
  }

  // ---- statements ----

  public Stmt stmt(int depth) {
    switch (r.nextInt(depth > 0 ? 3 : 2)) {
      case 0: return new Assign(name(), pick(RefKind.values()), e());
      case 1: return new Deliver(e());
      default: return new If(e(), list(2, () -> stmt(depth - 1)), list(2, () -> stmt(depth - 1)));
    }
  }

  private List<Stmt> body() {
    return list(3, () -> stmt(2));
  }

  // ---- members ----

  private Param param() {
    return new Param(name(), type(1), opt(this::e), opt(this::interval), doc(), origin());
  }

  private Let let() {
    return new Let(name(), e(), origin());
  }

  private Ode ode() {
    IntegrationMethod[] methods = IntegrationMethod.values();
    return new Ode(name(), e(), origin(),
        opt(() -> new IntegrationMethod.Choice(methods[r.nextInt(methods.length)], origin())));
  }

  private Kernel kernel() {
    switch (r.nextInt(3)) {
      case 0: return new DeltaKernel();
      case 1: return new ExpKernel(e());
      default: return new AlphaKernel(e());
    }
  }

  private Property property() {
    PropertyBody body = chance(0.5)
        ? new Invariant(e())
        : new Scenario(list1(3, () -> pick(ScenarioEvent.values())), opt(this::interval), settings(),
            new Outcome(name(), pick(Trend.values())));
    return new Property(name(), body, origin());
  }

  private Connectivity connectivity() {
    switch (r.nextInt(6)) {
      case 0: return new AllToAll();
      case 1: return new OneToOne();
      case 2: return new Probability(fraction());
      case 3: return new FixedFanIn(between(1, 100));
      case 4: return new FixedFanOut(between(1, 100));
      default: return new Dense();
    }
  }

  private Output output() {
    return new Output(name(), e(), origin());
  }

  private List<String> names(int max) {
    return list1(max, this::name);
  }

  public Formula formula(int depth) {
    switch (r.nextInt(depth > 0 ? 8 : 1)) {
      case 0: return atom();
      case 1: return new Not(formula(depth - 1));
      case 2: return new And(formula(depth - 1), formula(depth - 1));
      case 3: return new Or(formula(depth - 1), formula(depth - 1));
      case 4: return new Implies(formula(depth - 1), formula(depth - 1));
      case 5: return new Equiv(formula(depth - 1), formula(depth - 1));
      case 6: return new ForAll(names(2), formula(depth - 1));
      default: return new Exists(names(2), formula(depth - 1));
    }
  }

  private Atom atom() {
    return new Atom(pick(new String[] {"Bird", "Flies", "not", "forall", "P q"}), list(2, this::name));
  }

  // ---- declarations ----

  /** The number of declaration kinds; {@link #decl(int)} builds kind {@code k} of these. */
  public static final int DECL_KINDS = 11;

  /** A monitor of a per-synapse variable, sampled at the end or every ... (or every step). */
  private Monitor synapseMonitor(boolean atEnd) {
    return new Monitor(pick(new String[] {"w", "e"}), java.util.List.of(name()), java.util.Optional.of(name()),
        atEnd ? java.util.Optional.empty() : opt(this::e), atEnd, origin());
  }

  public Decl decl(int kind) {
    switch (kind) {
      case 0:
        return new NeuronModel(name(), doc(), list(3, this::param),
            list(3, () -> new StateVar(name(), type(1), e(), doc(), origin())),
            list(2, () -> new InputPort(name(), type(1), kernel(), doc(), origin())),
            list(2, this::let), list(2, this::ode),
            list(2, () -> new StepUpdate(name(), e(), origin())),
            opt(() -> new SpikeRule(e(), opt(() -> new Surrogate(pick(new String[] {"atan", "fast_sigmoid"}), settings())), body(), origin())),
            opt(this::e), list(2, this::property), origin(), opt(this::name),
            list(2, () -> new DriveState(name(), pick(DriveState.Kind.values()), 1e-3 * r.nextInt(100), name(), name())),
            list(2, this::name));
      case 1:
        return new SynapseModel(name(), doc(), opt(this::name), list(3, this::param),
            list(2, () -> new SynVar(name(), type(1), e(), doc(), origin())),
            list(2, () -> new Trace(name(), pick(Side.values()), e(), e(), origin())),
            list(2, this::let), list(2, this::ode),
            list(2, () -> new Handler(pick(Side.values()), body(), origin())),
            list(2, () -> new Modulation(name(), body(), origin())),
            list(2, this::property), origin(), pick(Pairing.values()));
      case 2:
        return new Network(name(), doc(), list(2, this::param), list(2, this::let),
            list(3, () -> new Population(name(), name(), between(1, 5000), r.nextBoolean(), settings(), settings(),
                opt(() -> new Split(fraction())), origin())),
            list(2, () -> {
              int s = between(0, 100);
              return new PopulationView(name(), name(), s, s + between(1, 100), origin());
            }),
            list(2, () -> new InputGroup(name(), between(1, 784), new Encoder(name(), settings()), origin())),
            list(3, () -> new Projection(name(), name(), name(), name(), connectivity(), e(), opt(this::e),
                opt(this::name), settings(), kernel(), origin(),
                list(2, () -> new LinearStep(name(), number(), number())))),
            list(2, this::output),
            list(2, () -> new Signal(name(), e(), origin())),
            list(2, () -> r.nextInt(3) == 0
                ? synapseMonitor(r.nextBoolean())
                : new Monitor(pick(new String[] {"spikes", "rate", "v"}), names(3), opt(this::e), origin())),
            origin());
      case 3:
        return new HtmRegion(name(), doc(), settings(),
            list(2, () -> new HtmEncoder(name(), pick(new String[] {"rdse", "date"}), settings(), origin())),
            settings(), settings(), new AnomalyModel("likelihood", settings()), origin());
      case 4:
        return new Workspace(name(), doc(), list(3, () -> new WorkspaceModule(name(), between(1, 512), origin())),
            between(1, 256), between(1, 7), "top_k", name(), number(), list(3, this::name),
            new Memory(pick(new String[] {"cfc", "none"}), settings()), list(2, this::output), origin());
      case 5:
        return new Agent(name(), doc(), list(2, () -> new Factor(name(), names(4), origin())),
            list(2, () -> new Modality(name(), names(4), list(2, this::name), "A", e(), origin())),
            list(2, () -> new Control(name(), names(4), name(), "B", e(), origin())),
            list(2, () -> new Preference(name(), "C", e(), origin())),
            list(2, () -> new Prior(name(), "D", e(), origin())),
            new Planning(between(1, 5), "efe", settings()), origin());
      case 6:
        return new RuleBase(name(), doc(), pick(new String[] {"product", "godel"}), settings(),
            list(3, () -> new Predicate(name(), between(0, 3), origin())),
            list(3, () -> new Rule(name(), formula(3), fraction(), origin())),
            list(2, () -> new Fact(atom(), fraction(), origin())),
            list(2, this::atom), origin());
      case 7:
        return new MetaLoop(name(), doc(), "maml", new ModelSpec("mlp", list(4, this::e), settings()),
            new TaskSpec("sinusoid", settings()), settings(), settings(), opt(this::name), origin());
      case 8:
        return new RunSpec(name(), name(), e(), e(), r.nextLong(), settings(), origin());
      case 9:
        return new TrainSpec(name(), name(), chance(0.5) ? TrainSpec.ENVIRONMENT : TrainSpec.DATASET, name(),
            settings(), settings(), list(3, () -> new CurriculumPhase(name(), opt(this::e), origin())), origin());
      default:
        return new DetectSpec(name(), name(), pick(NAMES), opt(this::name),
            r.nextBoolean() ? DetectSpec.REPORTS : List.of(), origin());
    }
  }

  public IrModule module() {
    return new IrModule(name(), list(6, () -> decl(r.nextInt(DECL_KINDS))));
  }

  /** A module holding one declaration of every kind. */
  public IrModule everyKind() {
    List<Decl> ds = new ArrayList<>();
    for (int k = 0; k < DECL_KINDS; k++) ds.add(decl(k));
    return new IrModule(name(), ds);
  }
}
