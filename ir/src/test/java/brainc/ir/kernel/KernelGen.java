package brainc.ir.kernel;

import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Const;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.KernelProgram.Direction;
import brainc.ir.kernel.KernelProgram.Port;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.KernelProgram.SpikeSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Builds random kernel programs from a seed. A well-formed program passes the verifier: its
 * expressions are typed from the top down, locals are bound before use, names resolve. It
 * reaches every statement and expression kind, every rule, format, probe and extent, awkward
 * names that must be quoted, and constants at the edges of their types (NaN, infinities,
 * negative zero, F32 constants that are not floats).
 *
 * <p>A program that is not well formed also has loads and locals whose types the text cannot
 * derive (an undeclared buffer, a local out of scope, a mismatched type) and buffers that share
 * a name, so that the text form is shown to hold for what a faulty pass might print.
 */
public final class KernelGen {
  private static final String[] AWKWARD = {
    "for", "step", "f32", "exp", "true", "NaN", "Infinityf32", "x y", "q\"uote", "back\\slash", "tab\tnew\nline",
    "µ", "", "7up", "a.b", "in"
  };
  private static final double[] DOUBLES = {
    0.0, -0.0, 1.0, -1.0, 0.5, 1.0E-4, 0.02, 3.141592653589793, Double.NaN, Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e300, -65.0e-3
  };

  private final Random r;
  private final boolean wellFormed;
  private final Set<String> used = new HashSet<>();
  private int fresh;
  private final List<Buffer> buffers = new ArrayList<>();
  private final List<SpikeSet> spikeSets = new ArrayList<>();
  private final List<DelayQueue> queues = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private final Deque<Map<String, Scalar>> scopes = new ArrayDeque<>();

  public KernelGen(long seed, boolean wellFormed) {
    this.r = new Random(seed);
    this.wellFormed = wellFormed;
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

  private <T> T pick(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  private <T> List<T> list(int min, int max, Supplier<T> make) {
    int n = between(min, max);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(make.get());
    return out;
  }

  /** A name no declaration or local has used: sometimes one that the printer must quote. */
  private String freshName(String prefix) {
    if (chance(0.15)) {
      String a = pick(AWKWARD);
      if (used.add(a)) return a;
    }
    String n;
    do {
      n = prefix + fresh++;
    } while (!used.add(n));
    return n;
  }

  private String label() {
    return chance(0.7) ? "exc.v" + r.nextInt(9) : pick(AWKWARD);
  }

  private double pickDouble() {
    return DOUBLES[r.nextInt(DOUBLES.length)];
  }

  private Scalar scalar() {
    return pick(Scalar.values());
  }

  private Scalar intType() {
    return chance(0.7) ? Scalar.I32 : Scalar.I64;
  }

  // ---- declarations ----

  public KernelProgram program() {
    for (int i = between(1, 3); i > 0; i--) connections.add(connection(i == 1));
    spikeSets.addAll(list(1, 3, () -> new SpikeSet(freshName("s"), between(0, 100), label())));
    buffers.addAll(list(2, 6, this::buffer));
    if (!wellFormed && chance(0.3)) {
      // A second buffer of an existing name: uses resolve to the first, in printer and parser alike.
      Buffer b = pick(buffers);
      buffers.add(new Buffer(b.name(), scalar(), b.extent(), label()));
    }
    // Queues add into float buffers; a malformed program may aim one anywhere.
    List<Buffer> targets = buffers.stream().filter(b -> !wellFormed || b.type().isFloat()).toList();
    if (!targets.isEmpty()) {
      queues.addAll(list(0, 2, () -> new DelayQueue(freshName("q"), pick(targets).name(), between(1, 10))));
    }
    List<Probe> probes = list(0, 4, this::probe);
    List<Group> groups = list(0, 3, () -> {
      SpikeSet s = pick(spikeSets);
      int start = between(0, s.size());
      return new Group(freshName("g"), s.name(), start, between(0, s.size() - start), chance(0.8) ? "LIF" : label());
    });
    List<KStmt> init = block(2);
    List<Kernel> step = list(0, 4, this::kernel);
    double dt = chance(0.5) ? 1.0E-4 : Math.abs(pickDouble());
    if (!(dt > 0) || Double.isNaN(dt)) dt = 0.1;
    List<Port> ports = ports();
    // Readout kernels (of kind readout alone, over a single index) come with a loop that runs them.
    List<Kernel> readouts = chance(0.3) ? list(1, 2, () -> new Kernel(freshName("kern"), KernelKind.READOUT,
        new IndexSpace.Single(), block(3))) : List.of();
    return new KernelProgram(freshName("k"), dt, chance(0.5) ? 10000 : r.nextLong() & Long.MAX_VALUE,
        r.nextLong(), buffers, spikeSets, queues, connections, init, step, probes, groups, ports,
        readouts.isEmpty() ? KernelProgram.DriverLoop.STANDARD : KernelProgram.DriverLoop.WITH_READOUTS, readouts);
  }

  /**
   * Host ports: well formed, some fixed-size buffers each exposed once, network-wide roles once,
   * per-group ones on a spike set (of the buffer's size where the role indexes neurons); else
   * anything, names and sizes included.
   */
  private List<Port> ports() {
    List<Port> out = new ArrayList<>();
    if (!wellFormed && chance(0.5)) {
      return list(0, 3, () -> new Port(chance(0.5) ? pick(buffers).name() : pick(AWKWARD), pick(Direction.values()),
          pick(PortRole.values()), chance(0.5) ? "" : pick(AWKWARD), scalar(), between(0, 100)));
    }
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Buffer b : buffers) {
      if (!(b.extent() instanceof Extent.Fixed f) || !used.add(b.name()) || !chance(0.4)) continue;
      PortRole role = pick(PortRole.values());
      String subject = "";
      if (role.perOutput()) {
        subject = chance(0.8) ? "action" : "q\"uote";
      } else if (role.perGroup()) {
        List<SpikeSet> fits = spikeSets.stream()
            .filter(s -> role == PortRole.OBSERVATION || s.size() == f.size()).toList();
        if (fits.isEmpty()) continue;
        subject = pick(fits).name();
      } else if (role == PortRole.PARAMETER) {
        // One f64 value, named by the parameter it holds.
        if (b.type() != Scalar.F64 || f.size() != 1) continue;
        subject = "pop.p" + out.size();
      }
      String key = role + " " + subject;
      if (out.stream().anyMatch(p -> (p.role() + " " + p.subject()).equals(key))) continue;
      out.add(new Port(b.name(), role.direction(), role, subject, b.type(), f.size()));
    }
    return out;
  }

  /** A kernel of one to three kinds over any index space; its body is a block of its own. */
  private Kernel kernel() {
    // A well-formed step has no readout kernels: they run at the end of a run, in a block of their own.
    List<KernelKind> kinds = list(1, 3, () -> {
      KernelKind k = pick(KernelKind.values());
      return wellFormed && k == KernelKind.READOUT ? KernelKind.PROBE : k;
    });
    IndexSpace space;
    if (chance(0.4)) {
      SpikeSet s = pick(spikeSets);
      space = new IndexSpace.Neurons(s.name(), between(0, s.size()));
    } else if (chance(0.5)) {
      space = new IndexSpace.Synapses(pick(connections).name());
    } else {
      space = new IndexSpace.Single();
    }
    return new Kernel(wellFormed || chance(0.8) ? freshName("kern") : pick(AWKWARD), kinds, space, block(3));
  }

  private Connection connection(boolean reverse) {
    int pre = between(1, 50);
    int post = between(1, 50);
    Rule rule;
    switch (r.nextInt(5)) {
      case 0: rule = new Rule.AllToAll(); break;
      case 1: rule = new Rule.OneToOne(); post = pre; break;
      case 2: rule = new Rule.Bernoulli(chance(0.5) ? r.nextDouble() : pick(new Double[] {0.0, -0.0, 1.0, 0.02})); break;
      case 3: rule = new Rule.FixedFanIn(between(0, pre)); break;
      default: rule = new Rule.FixedFanOut(between(0, post)); break;
    }
    Format format = pick(Format.values());
    boolean reversed = reverse || chance(0.5);
    // A procedural connection has no reverse index, and streams are unsigned 32-bit, unless malformed.
    if (wellFormed && reversed && format == Format.PROCEDURAL) {
      format = chance(0.5) ? Format.CSR : Format.DENSE;
    }
    long stream = wellFormed ? r.nextLong() & 0xFFFF_FFFFL : r.nextLong();
    return new Connection(freshName("c"), pre, post, rule, format, stream, reversed, chance(0.5));
  }

  private Buffer buffer() {
    Extent extent = chance(0.7) ? new Extent.Fixed(chance(0.1) ? 1 : between(0, 100)) : new Extent.Synapses(pick(connections).name());
    return new Buffer(freshName("b"), scalar(), extent, label());
  }

  private Probe probe() {
    SpikeSet s = pick(spikeSets);
    int start = between(0, s.size());
    int count = between(0, s.size() - start);
    java.util.Optional<Buffer> perSynapse = buffers.stream().filter(b -> b.extent() instanceof Extent.Synapses
        && (b.type() == brainc.ir.kernel.Scalar.F32 || b.type() == brainc.ir.kernel.Scalar.F64)).findFirst();
    switch (r.nextInt(4)) {
      case 0: return new Probe.Spikes(freshName("p"), s.name(), start, count);
      case 1: return new Probe.Rate(freshName("p"), s.name(), start, count);
      case 2: {
        if (perSynapse.isEmpty()) return new Probe.Spikes(freshName("p"), s.name(), start, count);
        Buffer b = perSynapse.get();
        Connection c = connections.stream().filter(x -> x.name().equals(((Extent.Synapses) b.extent()).connection()))
            .findFirst().orElseThrow();
        int pre = between(0, c.preSize());
        int post = between(0, c.postSize());
        return new Probe.Synapses(freshName("p"), b.name(), c.name(), pre, between(0, c.preSize() - pre), post,
            between(0, c.postSize() - post), between(-5, 5), between(-5, 5), between(0, 10));
      }
      default: {
        Buffer b = pick(buffers);
        int size = b.extent() instanceof Extent.Fixed ? ((Extent.Fixed) b.extent()).size() : 1000;
        int from = between(0, size);
        return new Probe.State(freshName("p"), b.name(), from, between(0, size - from), between(1, 100));
      }
    }
  }

  // ---- statements ----

  private List<KStmt> block(int depth) {
    return scoped(depth, List.of());
  }

  /** A block in a scope of its own that starts with {@code vars} bound to I32. */
  private List<KStmt> scoped(int depth, List<String> vars) {
    Map<String, Scalar> frame = new HashMap<>();
    for (String v : vars) frame.put(v, Scalar.I32);
    scopes.push(frame);
    List<KStmt> out = list(0, 4, () -> stmt(depth));
    scopes.pop();
    return out;
  }

  private KStmt stmt(int depth) {
    while (true) {
      int kind = depth > 0 ? r.nextInt(10) : 4 + r.nextInt(6);
      switch (kind) {
        case 0: {
          KExpr start = expr(Scalar.I32, 1);
          KExpr end = expr(Scalar.I32, 1);
          String v = freshName("i");
          return new KStmt.ForRange(v, start, end, scoped(depth - 1, List.of(v)));
        }
        case 1: {
          String v = freshName("i");
          return new KStmt.ForSpikes(pick(spikeSets).name(), v, scoped(depth - 1, List.of(v)));
        }
        case 2: {
          KExpr pre = expr(intType(), 1);
          String post = freshName("j");
          String syn = freshName("s");
          return new KStmt.ForTargets(pick(connections).name(), pre, post, syn, scoped(depth - 1, List.of(post, syn)));
        }
        case 3: {
          List<Connection> reverse = new ArrayList<>();
          for (Connection c : connections) {
            if (c.reverse()) reverse.add(c);
          }
          KExpr post = expr(intType(), 1);
          String pre = freshName("j");
          String syn = freshName("s");
          return new KStmt.ForSources(pick(reverse).name(), post, pre, syn, scoped(depth - 1, List.of(pre, syn)));
        }
        case 4: {
          KExpr value = expr(scalar(), 3);
          String n = letName();
          scopes.peek().put(n, value.type());
          return new KStmt.Let(n, value);
        }
        case 5: {
          Buffer b = pick(buffers);
          return new KStmt.Store(b.name(), expr(intType(), 2), expr(b.type(), 3));
        }
        case 6: {
          if (depth == 0) continue;
          return new KStmt.If(expr(Scalar.BOOL, 2), block(depth - 1), chance(0.5) ? block(depth - 1) : List.of());
        }
        case 7:
          return new KStmt.Emit(pick(spikeSets).name(), expr(intType(), 2));
        case 8: {
          if (queues.isEmpty()) continue;
          DelayQueue q = pick(queues);
          Scalar t = targetType(q);
          return new KStmt.Enqueue(q.name(), expr(intType(), 1), expr(intType(), 2), expr(t, 2));
        }
        default: {
          if (queues.isEmpty()) continue;
          return new KStmt.Drain(pick(queues).name());
        }
      }
    }
  }

  private Scalar targetType(DelayQueue q) {
    for (Buffer b : buffers) {
      if (b.name().equals(q.target())) return b.type();
    }
    throw new IllegalStateException("queue without target");
  }

  /** A name for a let: fresh, or one bound in an enclosing block but not in this one (shadowing). */
  private String letName() {
    if (chance(0.2)) {
      List<String> outer = new ArrayList<>();
      for (Map<String, Scalar> f : scopes) {
        if (f != scopes.peek()) outer.addAll(new TreeSet<>(f.keySet()));
      }
      outer.removeIf(n -> scopes.peek().containsKey(n));
      if (!outer.isEmpty()) return pick(outer);
    }
    return freshName("x");
  }

  private Scalar lookup(String name) {
    for (Map<String, Scalar> f : scopes) {
      Scalar t = f.get(name);
      if (t != null) return t;
    }
    return null;
  }

  // ---- expressions ----

  /** An expression of type {@code t}, at most {@code depth} levels deep. */
  public KExpr expr(Scalar t, int depth) {
    if (depth <= 0 || chance(0.3)) return leaf(t);
    switch (r.nextInt(6)) {
      case 0:
        return new KExpr.Unary(t == Scalar.BOOL ? KExpr.UnaryOp.NOT : KExpr.UnaryOp.NEG, expr(t, depth - 1));
      case 1:
        if (t.isFloat()) {
          KExpr.Fn fn = pick(KExpr.Fn.values());
          List<KExpr> args = new ArrayList<>();
          for (int i = 0; i < fn.arity; i++) args.add(expr(t, depth - 1));
          return new KExpr.Call(fn, args);
        }
        return binary(t, depth);
      case 2:
        return new KExpr.Select(expr(Scalar.BOOL, depth - 1), expr(t, depth - 1), expr(t, depth - 1));
      case 3:
        return new KExpr.Cast(t, expr(scalar(), depth - 1));
      default:
        return binary(t, depth);
    }
  }

  private static final BinaryOp[] ARITHMETIC = {
    BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.REM, BinaryOp.MIN, BinaryOp.MAX
  };
  private static final BinaryOp[] ORDERING = {BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};

  private KExpr binary(Scalar t, int depth) {
    if (t != Scalar.BOOL) return new KExpr.Binary(pick(ARITHMETIC), expr(t, depth - 1), expr(t, depth - 1));
    if (chance(0.3)) {
      return new KExpr.Binary(chance(0.5) ? BinaryOp.AND : BinaryOp.OR, expr(t, depth - 1), expr(t, depth - 1));
    }
    Scalar u = scalar();
    BinaryOp op = u == Scalar.BOOL || chance(0.3) ? (chance(0.5) ? BinaryOp.EQ : BinaryOp.NE) : pick(ORDERING);
    return new KExpr.Binary(op, expr(u, depth - 1), expr(u, depth - 1));
  }

  private KExpr leaf(Scalar t) {
    if (!wellFormed && chance(0.1)) return oddLeaf(t);
    List<Supplier<KExpr>> options = new ArrayList<>();
    options.add(() -> constant(t));
    List<String> locals = new ArrayList<>();
    for (Map<String, Scalar> f : scopes) {
      for (String n : new TreeSet<>(f.keySet())) {
        if (lookup(n) == t) locals.add(n);
      }
    }
    if (!locals.isEmpty()) {
      options.add(() -> new KExpr.Local(pick(locals), t));
      options.add(() -> new KExpr.Local(pick(locals), t));
    }
    List<Buffer> typed = new ArrayList<>();
    for (Buffer b : buffers) {
      if (b.type() == t && firstOfName(b)) typed.add(b);
    }
    if (!typed.isEmpty()) options.add(() -> new KExpr.Load(pick(typed).name(), leaf(intType()), t));
    if (t == Scalar.I64) options.add(KExpr.StepIndex::new);
    if (t == Scalar.F64) {
      options.add(() -> new KExpr.Rand(pick(KExpr.Dist.values()), wellFormed ? r.nextLong() & 0xFFFF_FFFFL : r.nextLong(),
          leaf(intType())));
    }
    return pick(options).get();
  }

  private boolean firstOfName(Buffer b) {
    for (Buffer x : buffers) {
      if (x.name().equals(b.name())) return x == b;
    }
    return false;
  }

  /** A load or local whose type the text cannot derive; the verifier rejects it. */
  private KExpr oddLeaf(Scalar t) {
    switch (r.nextInt(3)) {
      case 0: return new KExpr.Local(chance(0.5) ? "nowhere" : pick(AWKWARD), t);
      case 1: return new KExpr.Load(chance(0.5) ? "nobuf" : pick(AWKWARD), constant(Scalar.I32), t);
      default: return new KExpr.Load(pick(buffers).name(), constant(Scalar.I32), t);
    }
  }

  private KExpr constant(Scalar t) {
    switch (t) {
      case BOOL:
        return chance(0.05) ? new Const(-0.0, Scalar.BOOL) : Const.bool(r.nextBoolean());
      case I32:
        return new Const(chance(0.1) ? -0.0 : chance(0.5) ? between(-5, 5000) : r.nextInt(), Scalar.I32);
      case I64:
        return new Const(chance(0.1) ? -0.0 : (double) (r.nextLong() >> between(2, 60)), Scalar.I64);
      case F32:
        if (chance(0.2)) return new Const(pickDouble(), Scalar.F32);
        return Const.f32(chance(0.5) ? pickDouble() : (float) r.nextGaussian());
      default: {
        double v = chance(0.5) ? pickDouble() : Double.longBitsToDouble(r.nextLong());
        return Const.f64(v);
      }
    }
  }
}
