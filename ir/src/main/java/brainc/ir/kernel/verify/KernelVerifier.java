package brainc.ir.kernel.verify;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.ParallelLoops;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.Port;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.KernelProgram.SpikeSet;
import brainc.ir.kernel.Scalar;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the invariants of a kernel program that a lowering or a pass could break, so that a
 * backend may take them for granted:
 *
 * <ul>
 *   <li>buffers, spike sets, queues and connections have distinct names; probes and groups have
 *       distinct names among themselves;
 *   <li>every name a declaration or statement uses resolves to a declaration of the right kind,
 *       and per-synapse buffers name a connection; sources loops need a connection with a
 *       reverse index;
 *   <li>host ports expose distinct fixed-size buffers of their type and size, in their role's
 *       direction, once per role (per subject spike set for per-group roles);
 *   <li>probe and group ranges lie inside what they observe, where its size is fixed;
 *   <li>types agree: loads and stores match their buffer, indices are I32 or I64, range bounds
 *       are I32 (the loop variable's type), conditions are BOOL, binary operands share one type
 *       (AND/OR on BOOL, arithmetic and ordering not on BOOL), math functions take floats, and
 *       integer constants fit their type;
 *   <li>locals are bound before use in an enclosing block, at the type they are used with; a
 *       {@code let} does not rebind a name of its own block, and loop variables shadow nothing.
 * </ul>
 *
 * <p>Each kernel of the step is a block of its own: its names are unique in the step, and its
 * index space names a spike set (at most its size) or a connection. Readout kernels are of kind
 * READOUT alone, over a single index, and the driver loop runs them; no step kernel is a readout.
 *
 * <p>It runs every check and reports every problem, in program order, each once at the node
 * where it arises, so that one fault yields one line. A statement is located by its path, for
 * example {@code step[1].body[2]: store of f64 into 'v', a f32 buffer}.
 */
public final class KernelVerifier {
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Buffer> buffers = new HashMap<>();
  private final Map<String, SpikeSet> spikeSets = new HashMap<>();
  private final Map<String, DelayQueue> queues = new HashMap<>();
  private final Map<String, Connection> connections = new HashMap<>();
  private final Deque<Map<String, Scalar>> scopes = new ArrayDeque<>();

  /** The path of a statement at the top of a step kernel's body, where an outlined loop may stand. */
  private static final java.util.regex.Pattern TOP_OF_KERNEL = java.util.regex.Pattern.compile("step\\[\\d+]\\.body\\[\\d+]");

  private KernelVerifier() {}

  /** The problems of a program, one line each, in program order; empty when it is well formed. */
  public static List<String> verify(KernelProgram p) {
    KernelVerifier v = new KernelVerifier();
    v.program(p);
    return List.copyOf(v.problems);
  }

  /**
   * The program as verified, for an engine to run.
   *
   * @throws IllegalArgumentException with every problem, one per line, when it is not well formed
   */
  public static VerifiedKernelProgram verified(KernelProgram p) {
    List<String> problems = verify(p);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid kernel program " + p.name() + ":\n  " + String.join("\n  ", problems));
    }
    return new VerifiedKernelProgram(p);
  }

  /**
   * Each port exposes a declared fixed-size buffer of its own, with that buffer's type and size,
   * in its role's direction; network-wide roles come once, per-group roles once per subject,
   * which is a spike set (of the same size, where the host indexes it by neuron).
   */
  private void ports(List<Port> ports) {
    Set<String> exposed = new HashSet<>();
    Set<String> roles = new HashSet<>();
    for (Port port : ports) {
      String where = "port '" + port.buffer() + "'";
      Buffer b = buffers.get(port.buffer());
      if (b == null) {
        report(where, "'" + port.buffer() + "' is not a buffer");
      } else if (!(b.extent() instanceof Extent.Fixed f)) {
        report(where, "a port needs a buffer of fixed size, not one per synapse");
      } else {
        if (b.type() != port.type()) report(where, "port of " + t(port.type()) + " on a " + t(b.type()) + " buffer");
        if (f.size() != port.size()) report(where, "port of " + port.size() + " elements on a buffer of " + f.size());
      }
      if (!exposed.add(port.buffer())) report(where, "another port exposes this buffer");
      if (port.direction() != port.role().direction()) {
        report(where, port.role().name().toLowerCase(Locale.ROOT) + " ports go "
            + port.role().direction().name().toLowerCase(Locale.ROOT) + ", not " + port.direction().name().toLowerCase(Locale.ROOT));
      }
      if (port.role().perOutput()) {
        if (port.subject().isEmpty()) {
          report(where, port.role().name().toLowerCase(Locale.ROOT) + " ports belong to an output, which they name");
        }
      } else if (port.role().perGroup()) {
        SpikeSet s = spikeSets.get(port.subject());
        if (s == null) {
          report(where, "'" + port.subject() + "' is not a spike set");
        } else if (port.role() != PortRole.OBSERVATION && s.size() != port.size()) {
          report(where, "port of " + port.size() + " elements for spike set '" + s.name() + "' of " + s.size());
        }
      } else if (port.role() == PortRole.PARAMETER) {
        if (port.subject().isEmpty()) report(where, "a parameter port names its parameter");
        if (port.type() != Scalar.F64 || port.size() != 1) report(where, "a parameter port holds one f64");
      } else if (!port.subject().isEmpty()) {
        report(where, port.role().name().toLowerCase(Locale.ROOT) + " ports belong to no group, not to '" + port.subject() + "'");
      }
      if (!roles.add(port.role() + " " + port.subject())) {
        report(where, "another " + port.role().name().toLowerCase(Locale.ROOT) + " port"
            + (port.subject().isEmpty() ? "" : " of '" + port.subject() + "'") + " comes first");
      }
    }
  }

  private void report(String where, String message) {
    problems.add(where + ": " + message);
  }

  private static String t(Scalar s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private void program(KernelProgram p) {
    // The first declaration of a name is the one uses resolve to; later ones are duplicates.
    Map<String, String> kinds = new HashMap<>();
    for (Buffer b : p.buffers()) {
      if (declare(kinds, "buffer", b.name())) buffers.put(b.name(), b);
    }
    for (SpikeSet s : p.spikeSets()) {
      if (declare(kinds, "spike set", s.name())) spikeSets.put(s.name(), s);
    }
    for (DelayQueue q : p.queues()) {
      if (declare(kinds, "queue", q.name())) queues.put(q.name(), q);
    }
    for (Connection c : p.connections()) {
      if (declare(kinds, "connection", c.name())) connections.put(c.name(), c);
    }
    for (Buffer b : p.buffers()) {
      if (b.extent() instanceof Extent.Synapses) {
        String c = ((Extent.Synapses) b.extent()).connection();
        if (!connections.containsKey(c)) report("buffer '" + b.name() + "'", "'" + c + "' is not a connection");
      }
    }
    for (DelayQueue q : p.queues()) {
      Buffer target = buffers.get(q.target());
      if (target == null) {
        report("queue '" + q.name() + "'", "target '" + q.target() + "' is not a buffer");
      } else if (!target.type().isFloat()) {
        report("queue '" + q.name() + "'", "target '" + q.target() + "' is " + t(target.type()) + "; queues add into f32 or f64 buffers");
      }
    }
    for (Connection c : p.connections()) connection(c);
    Set<String> probeNames = new HashSet<>();
    for (Probe pr : p.probes()) {
      String where = "probe '" + pr.name() + "'";
      if (!probeNames.add(pr.name())) report(where, "another probe has this name");
      probe(pr, where);
    }
    Set<String> groupNames = new HashSet<>();
    for (Group g : p.groups()) {
      String where = "group '" + g.name() + "'";
      if (!groupNames.add(g.name())) report(where, "another group has this name");
      spikeRange(where, g.spikeSet(), g.start(), g.count());
    }
    ports(p.ports());
    block(p.init(), "init", List.of());
    Set<Class<?>> phases = new HashSet<>();
    for (KernelProgram.Phase ph : p.loop().phases()) {
      if (!phases.add(ph.getClass())) report("loop", "phase " + ph + " comes twice");
    }
    if (!phases.contains(KernelProgram.Phase.RunKernels.class)) report("loop", "the driver loop never runs the kernels");
    if (!phases.contains(KernelProgram.Phase.ClearSpikes.class)) {
      report("loop", "the driver loop never clears the spike sets, so spikes would pile up across steps");
    }
    Set<String> kernelNames = new HashSet<>();
    for (int i = 0; i < p.step().size(); i++) {
      Kernel k = p.step().get(i);
      String where = "step[" + i + "]";
      if (!kernelNames.add(k.name())) report(where, "another kernel is named '" + k.name() + "'");
      if (k.kinds().contains(KernelProgram.KernelKind.READOUT)) {
        report(where, "a readout kernel runs at the end of a run, not every step: put it in the readout block");
      }
      space(where, k.space());
      block(k.body(), where + ".body", List.of());
    }
    for (int i = 0; i < p.readouts().size(); i++) {
      Kernel k = p.readouts().get(i);
      String where = "readout[" + i + "]";
      if (!kernelNames.add(k.name())) report(where, "another kernel is named '" + k.name() + "'");
      if (!k.kinds().equals(List.of(KernelProgram.KernelKind.READOUT))) {
        report(where, "a kernel of the readout block is of kind readout alone, not " + k.kinds());
      }
      if (!(k.space() instanceof IndexSpace.Single)) report(where, "a readout kernel runs over a single index");
      block(k.body(), where + ".body", List.of());
    }
    if (!p.readouts().isEmpty() && !phases.contains(KernelProgram.Phase.RunReadouts.class)) {
      report("loop", "the driver loop never runs the readout kernels");
    }
  }

  /** A kernel's index space names what it iterates: a spike set no smaller than it, or a connection. */
  private void space(String where, IndexSpace space) {
    if (space instanceof IndexSpace.Neurons n) {
      SpikeSet s = spikeSets.get(n.population());
      if (s == null) {
        report(where, "'" + n.population() + "' is not a population (no spike set has this name)");
      } else if (n.size() > s.size()) {
        report(where, "neurons " + n.population() + "[" + n.size() + "] exceed its " + s.size() + " neurons");
      }
    } else if (space instanceof IndexSpace.Synapses sy && !connections.containsKey(sy.connection())) {
      report(where, "'" + sy.connection() + "' is not a connection");
    }
  }

  /** Records a declaration; false when another buffer, spike set, queue or connection has the name. */
  private boolean declare(Map<String, String> kinds, String kind, String name) {
    String first = kinds.putIfAbsent(name, kind);
    if (first == null) return true;
    report(kind + " '" + name + "'", "name already used by a " + first);
    return false;
  }

  private void connection(Connection c) {
    String where = "connection '" + c.name() + "'";
    Rule r = c.rule();
    if (!streamFits(c.stream())) report(where, "stream " + c.stream() + " is outside [0, 2^32)");
    if (c.format() == Format.PROCEDURAL && c.reverse()) {
      report(where, "a procedural connection keeps no synapses, so it has no reverse index");
    }
    if (r instanceof Rule.OneToOne && c.preSize() != c.postSize()) {
      report(where, "one_to_one needs equal sizes, not " + c.preSize() + " -> " + c.postSize());
    } else if (r instanceof Rule.FixedFanIn) {
      int k = ((Rule.FixedFanIn) r).k();
      if (k < 0 || k > c.preSize()) report(where, "fan_in(" + k + ") is outside [0, " + c.preSize() + "]");
    } else if (r instanceof Rule.FixedFanOut) {
      int k = ((Rule.FixedFanOut) r).k();
      if (k < 0 || k > c.postSize()) report(where, "fan_out(" + k + ") is outside [0, " + c.postSize() + "]");
    }
  }

  /** Random streams are unsigned 32-bit numbers, as the shared generator takes them. */
  private static boolean streamFits(long stream) {
    return stream >= 0 && stream <= 0xFFFF_FFFFL;
  }

  private void probe(Probe pr, String where) {
    if (pr instanceof Probe.Spikes) {
      Probe.Spikes s = (Probe.Spikes) pr;
      spikeRange(where, s.spikeSet(), s.start(), s.count());
    } else if (pr instanceof Probe.Rate) {
      Probe.Rate s = (Probe.Rate) pr;
      spikeRange(where, s.spikeSet(), s.start(), s.count());
    } else if (pr instanceof Probe.State) {
      Probe.State s = (Probe.State) pr;
      Buffer b = buffers.get(s.buffer());
      if (b == null) {
        report(where, "'" + s.buffer() + "' is not a buffer");
      } else {
        int size = b.extent() instanceof Extent.Fixed ? ((Extent.Fixed) b.extent()).size() : Integer.MAX_VALUE;
        range(where, s.buffer(), size, s.start(), s.count());
      }
      if (s.every() < 1) report(where, "every must be at least 1, not " + s.every());
    } else if (pr instanceof Probe.Synapses) {
      Probe.Synapses s = (Probe.Synapses) pr;
      Buffer b = buffers.get(s.buffer());
      Connection c = connections.get(s.connection());
      if (b == null) {
        report(where, "'" + s.buffer() + "' is not a buffer");
      } else if (!(b.extent() instanceof Extent.Synapses e) || !e.connection().equals(s.connection())) {
        report(where, "'" + s.buffer() + "' is not a buffer per synapse of '" + s.connection() + "'");
      } else if (b.type() != Scalar.F32 && b.type() != Scalar.F64) {
        report(where, "'" + s.buffer() + "' is " + b.type() + "; a probe of synapses records f32 or f64 values");
      }
      if (c == null) {
        report(where, "'" + s.connection() + "' is not a connection");
      } else {
        range(where, s.connection() + " (presynaptic)", c.preSize(), s.preStart(), s.preCount());
        range(where, s.connection() + " (postsynaptic)", c.postSize(), s.postStart(), s.postCount());
      }
    }
  }

  private void spikeRange(String where, String set, int start, int count) {
    SpikeSet s = spikeSets.get(set);
    if (s == null) {
      report(where, "'" + set + "' is not a spike set");
    } else {
      range(where, set, s.size(), start, count);
    }
  }

  /** Checks {@code [start, start + count)} against {@code [0, size)}; the sum is a long, so it cannot wrap. */
  private void range(String where, String of, int size, int start, int count) {
    if (start < 0 || count < 0 || (long) start + count > size) {
      report(where, "range [" + start + ".." + ((long) start + count) + "] is outside " + of + "[0.." + size + "]");
    }
  }

  // ---- statements ----

  /** Checks a block in a scope of its own, which starts with {@code vars} bound to I32. */
  private void block(List<KStmt> body, String path, List<String> vars) {
    Map<String, Scalar> frame = new HashMap<>();
    for (String v : vars) frame.put(v, Scalar.I32);
    scopes.push(frame);
    for (int i = 0; i < body.size(); i++) stmt(body.get(i), path + "[" + i + "]");
    scopes.pop();
  }

  private Scalar lookup(String name) {
    for (Map<String, Scalar> f : scopes) {
      Scalar t = f.get(name);
      if (t != null) return t;
    }
    return null;
  }

  /** Checks loop variables: none may shadow a local in scope, and one loop binds a name once. */
  private void loopVars(String where, String... vars) {
    Set<String> seen = new HashSet<>();
    for (String v : vars) {
      if (!seen.add(v)) {
        report(where, "loop binds '" + v + "' twice");
      } else if (lookup(v) != null) {
        report(where, "loop variable '" + v + "' shadows a local in scope");
      }
    }
  }

  private void stmt(KStmt s, String where) {
    if (s instanceof KStmt.ForRange) {
      KStmt.ForRange f = (KStmt.ForRange) s;
      bound(where, "start", f.start());
      bound(where, "end", f.end());
      loopVars(where, f.var());
      if (f.parallel() && !ParallelLoops.elementwise(f)) {
        report(where, "loop is marked parallel, but its iterations touch more than their own element");
      }
      if (f.outlined() && !TOP_OF_KERNEL.matcher(where).matches()) {
        report(where, "only a loop at the top of a step kernel can be outlined");
      }
      block(f.body(), where + ".body", List.of(f.var()));
    } else if (s instanceof KStmt.ForSpikes) {
      KStmt.ForSpikes f = (KStmt.ForSpikes) s;
      if (!spikeSets.containsKey(f.spikeSet())) report(where, "'" + f.spikeSet() + "' is not a spike set");
      loopVars(where, f.var());
      block(f.body(), where + ".body", List.of(f.var()));
    } else if (s instanceof KStmt.ForTargets) {
      KStmt.ForTargets f = (KStmt.ForTargets) s;
      connectionUse(where, f.connection(), false);
      index(where, f.pre());
      loopVars(where, f.post(), f.synapse());
      block(f.body(), where + ".body", List.of(f.post(), f.synapse()));
    } else if (s instanceof KStmt.ForSources) {
      KStmt.ForSources f = (KStmt.ForSources) s;
      connectionUse(where, f.connection(), true);
      index(where, f.post());
      loopVars(where, f.pre(), f.synapse());
      block(f.body(), where + ".body", List.of(f.pre(), f.synapse()));
    } else if (s instanceof KStmt.Let) {
      KStmt.Let l = (KStmt.Let) s;
      Scalar t = expr(where, l.value());
      Map<String, Scalar> frame = scopes.peek();
      if (frame.containsKey(l.name())) report(where, "'" + l.name() + "' is already bound in this block");
      frame.put(l.name(), t);
    } else if (s instanceof KStmt.Store) {
      KStmt.Store st = (KStmt.Store) s;
      index(where, st.index());
      Scalar value = expr(where, st.value());
      Buffer b = buffers.get(st.buffer());
      if (b == null) {
        report(where, "store to '" + st.buffer() + "', which is not a buffer");
      } else if (b.type() != value) {
        report(where, "store of " + t(value) + " into '" + b.name() + "', a " + t(b.type()) + " buffer");
      }
    } else if (s instanceof KStmt.If) {
      KStmt.If i = (KStmt.If) s;
      condition(where, "if", i.condition());
      block(i.then(), where + ".then", List.of());
      block(i.otherwise(), where + ".else", List.of());
    } else if (s instanceof KStmt.Emit) {
      KStmt.Emit e = (KStmt.Emit) s;
      if (!spikeSets.containsKey(e.spikeSet())) report(where, "emit to '" + e.spikeSet() + "', which is not a spike set");
      index(where, e.index());
    } else if (s instanceof KStmt.Enqueue) {
      KStmt.Enqueue e = (KStmt.Enqueue) s;
      Scalar delay = expr(where, e.delay());
      if (!delay.isInt()) report(where, "delay is " + t(delay) + ", not i32 or i64");
      index(where, e.index());
      Scalar value = expr(where, e.value());
      DelayQueue q = queues.get(e.queue());
      if (q == null) {
        report(where, "enqueue to '" + e.queue() + "', which is not a queue");
      } else {
        // A queue whose target is missing was reported at its declaration.
        Buffer b = buffers.get(q.target());
        if (b != null && b.type() != value) {
          report(where, "enqueue of " + t(value) + " into '" + q.name() + "', a queue of " + t(b.type()));
        }
      }
    } else if (s instanceof KStmt.Drain) {
      String q = ((KStmt.Drain) s).queue();
      if (!queues.containsKey(q)) report(where, "drain of '" + q + "', which is not a queue");
    } else {
      throw new IllegalStateException("unknown statement " + s);
    }
  }

  private void connectionUse(String where, String name, boolean sources) {
    Connection c = connections.get(name);
    if (c == null) {
      report(where, "'" + name + "' is not a connection");
    } else if (sources && !c.reverse()) {
      report(where, "sources of '" + name + "' need a reverse index, which the connection does not build");
    }
  }

  /** A range bound: I32, as the loop variable it bounds. */
  private void bound(String where, String which, KExpr e) {
    Scalar t = expr(where, e);
    if (t != Scalar.I32) report(where, "range " + which + " is " + t(t) + ", not i32");
  }

  private void index(String where, KExpr e) {
    Scalar t = expr(where, e);
    if (!t.isInt()) report(where, "index is " + t(t) + ", not i32 or i64");
  }

  private void condition(String where, String of, KExpr e) {
    Scalar t = expr(where, e);
    if (t != Scalar.BOOL) report(where, "condition of " + of + " is " + t(t) + ", not bool");
  }

  // ---- expressions ----

  /** Checks an expression and returns its type. */
  private Scalar expr(String where, KExpr e) {
    if (e instanceof KExpr.Const) {
      KExpr.Const c = (KExpr.Const) e;
      double v = c.value();
      if (c.type() == Scalar.I32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
        report(where, "constant " + v + " does not fit i32");
      } else if (c.type() == Scalar.I64 && !(v >= -0x1p63 && v < 0x1p63)) {
        report(where, "constant " + v + " does not fit i64");
      }
    } else if (e instanceof KExpr.Load) {
      KExpr.Load l = (KExpr.Load) e;
      index(where, l.index());
      Buffer b = buffers.get(l.buffer());
      if (b == null) {
        report(where, "load of '" + l.buffer() + "', which is not a buffer");
      } else if (b.type() != l.type()) {
        report(where, "load of '" + b.name() + "' as " + t(l.type()) + ", but the buffer is " + t(b.type()));
      }
    } else if (e instanceof KExpr.Local) {
      KExpr.Local l = (KExpr.Local) e;
      Scalar bound = lookup(l.name());
      if (bound == null) {
        report(where, "'" + l.name() + "' is not bound here");
      } else if (bound != l.type()) {
        report(where, "'" + l.name() + "' used as " + t(l.type()) + ", but it is " + t(bound));
      }
    } else if (e instanceof KExpr.Unary) {
      KExpr.Unary u = (KExpr.Unary) e;
      Scalar t = expr(where, u.operand());
      if (u.op() == KExpr.UnaryOp.NEG && t == Scalar.BOOL) report(where, "negation of bool");
      if (u.op() == KExpr.UnaryOp.NOT && t != Scalar.BOOL) report(where, "not of " + t(t) + ", not bool");
    } else if (e instanceof KExpr.Binary) {
      binary(where, (KExpr.Binary) e);
    } else if (e instanceof KExpr.Call) {
      KExpr.Call c = (KExpr.Call) e;
      String fn = c.fn().name().toLowerCase(Locale.ROOT);
      List<Scalar> types = new ArrayList<>();
      for (KExpr a : c.args()) types.add(expr(where, a));
      for (Scalar t : types) {
        if (!t.isFloat()) report(where, fn + " of " + t(t) + ", not a float");
      }
      if (types.size() == 2 && types.get(0) != types.get(1)) {
        report(where, "arguments of " + fn + " are " + t(types.get(0)) + " and " + t(types.get(1)));
      }
    } else if (e instanceof KExpr.Select) {
      KExpr.Select s = (KExpr.Select) e;
      condition(where, "select", s.condition());
      Scalar a = expr(where, s.then());
      Scalar b = expr(where, s.otherwise());
      if (a != b) report(where, "select of " + t(a) + " and " + t(b));
    } else if (e instanceof KExpr.Cast) {
      expr(where, ((KExpr.Cast) e).operand());
    } else if (e instanceof KExpr.Rand) {
      KExpr.Rand r = (KExpr.Rand) e;
      index(where, r.index());
      if (!streamFits(r.stream())) report(where, "random stream " + r.stream() + " is outside [0, 2^32)");
    } else if (!(e instanceof KExpr.StepIndex)) {
      throw new IllegalStateException("unknown expression " + e);
    }
    return e.type();
  }

  private void binary(String where, KExpr.Binary b) {
    Scalar l = expr(where, b.left());
    Scalar r = expr(where, b.right());
    String op = b.op().name().toLowerCase(Locale.ROOT);
    if (l != r) {
      report(where, "operands of " + op + " are " + t(l) + " and " + t(r));
    } else if (b.op().isLogical()) {
      if (l != Scalar.BOOL) report(where, op + " of " + t(l) + ", not bool");
    } else if (l == Scalar.BOOL && b.op() != KExpr.BinaryOp.EQ && b.op() != KExpr.BinaryOp.NE) {
      report(where, op + " of bool");
    }
  }
}
