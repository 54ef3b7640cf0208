package brainc.codegen.interp;

import brainc.codegen.Memory;
import brainc.codegen.interp.Nodes.B;
import brainc.codegen.interp.Nodes.D;
import brainc.codegen.interp.Nodes.Exec;
import brainc.codegen.interp.Nodes.F;
import brainc.codegen.interp.Nodes.I;
import brainc.codegen.interp.Nodes.L;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Fn;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.ParallelLoops;
import brainc.ir.kernel.Scalar;
import brainc.runtime.random.CounterRng;
import brainc.runtime.sim.Csr;
import brainc.runtime.sim.DelayRingDouble;
import brainc.runtime.sim.DelayRingFloat;
import brainc.runtime.sim.ParallelRanges;
import brainc.runtime.sim.Procedural;
import brainc.runtime.sim.SpikeSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns kernel IR into a tree of closures over primitive slots, checking types as it goes, so
 * that the interpreter's inner loops neither box nor look anything up by name.
 *
 * <p>Every node computes in the type the IR gives it: F32 in Java {@code float}, F64 in {@code
 * double}, I32 in {@code int}, I64 in {@code long}, all with Java's semantics (integer overflow
 * wraps; integer division by zero throws {@link ArithmeticException}; MIN and MAX are {@link
 * Math#min}/{@link Math#max}, so NaN wins and -0.0 &lt; 0.0). Math functions are {@link
 * StrictMath} in double, rounded once to the argument type. AND and OR are short-circuit and
 * {@link KExpr.Select} evaluates only the branch it picks, so a guarded load is safe. Casts are
 * Java casts; to BOOL a value is true when it is not zero, and BOOL becomes 1 or 0.
 *
 * <p>{@code Rand} draws {@link CounterRng#uniformDouble} or {@link CounterRng#normal} keyed by
 * (program seed, stream, current step, index). Indexes of type I64 must fit an int.
 */
final class ClosureCompiler {
  private final Memory memory;
  private final long seed;
  private final int[] slotCounts = new int[Scalar.values().length];
  /** The crew that runs split loops; null compiles every loop sequentially. */
  private final ParallelRanges ranges;
  private int splitLoops;
  /** Inside a split loop's body: the index in {@code Frame.sinks} of each spike set it emits into. */
  private Map<String, Integer> sinks;

  ClosureCompiler(Memory memory, long seed) {
    this(memory, seed, null);
  }

  ClosureCompiler(Memory memory, long seed, ParallelRanges ranges) {
    this.memory = memory;
    this.seed = seed;
    this.ranges = ranges;
  }

  /** The number of slots of each type the compiled code needs, indexed by {@link Scalar#ordinal()}. */
  int[] slotCounts() {
    return slotCounts.clone();
  }

  /** A local in scope: its type and its slot in the frame array of that type. */
  private record Slot(Scalar type, int index) {}

  /** Names in scope; a block's scope sees its parents'. */
  private static final class Scope {
    final Scope parent;
    final Map<String, Slot> names = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Slot find(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        Slot slot = s.names.get(name);
        if (slot != null) {
          return slot;
        }
      }
      return null;
    }
  }

  private Slot declare(Scope scope, String name, Scalar type) {
    Slot slot = new Slot(type, slotCounts[type.ordinal()]++);
    scope.names.put(name, slot);
    return slot;
  }

  /** Compiles a top-level block (init or step). */
  Exec compileBlock(List<KStmt> body) {
    return block(body, new Scope(null));
  }

  /**
   * Compiles the step block: as {@link #compileBlock}, but with each top-level element-wise loop
   * run in chunks on the crew, when there is one.
   */
  Exec compileStep(List<KStmt> body) {
    if (ranges == null) {
      return compileBlock(body);
    }
    Scope scope = new Scope(new Scope(null));
    Exec[] out = new Exec[body.size()];
    for (int k = 0; k < out.length; k++) {
      KStmt s = body.get(k);
      // The crew runs exactly the loops outline-parallel-loops marked.
      out[k] = s instanceof KStmt.ForRange r && r.outlined() ? split(r, scope) : stmt(s, scope);
    }
    return Nodes.block(out);
  }

  /** A loop whose iterations run as chunks, each on its own frame, emitting into its own sinks. */
  private Exec split(KStmt.ForRange r, Scope scope) {
    I start = index(r.start(), scope);
    I end = index(r.end(), scope);
    Scope inner = new Scope(scope);
    int v = declare(inner, r.var(), Scalar.I32).index();
    List<String> emitted = ParallelLoops.emittedSets(r);
    SpikeSet[] sets = new SpikeSet[emitted.size()];
    sinks = new HashMap<>();
    for (int k = 0; k < sets.length; k++) {
      sets[k] = memory.spikeSet(emitted.get(k));
      sinks.put(emitted.get(k), k);
    }
    Exec body;
    try {
      body = block(r.body(), inner);
    } finally {
      sinks = null;
    }
    return new SplitLoop(ranges, splitLoops++, start, end, v, body, sets);
  }

  /**
   * Runs a split loop: copies the caller's frame (the locals before the loop and the step) into
   * the workers' frames, then hands the range to the crew, which calls back per piece.
   */
  private static final class SplitLoop implements Exec, ParallelRanges.Body {
    private final ParallelRanges ranges;
    private final int loop;
    private final I start;
    private final I end;
    private final int var;
    private final Exec body;
    private final SpikeSet[] sets;
    private Frame[] frames;

    SplitLoop(ParallelRanges ranges, int loop, I start, I end, int var, Exec body, SpikeSet[] sets) {
      this.ranges = ranges;
      this.loop = loop;
      this.start = start;
      this.end = end;
      this.var = var;
      this.body = body;
      this.sets = sets;
    }

    @Override
    public void run(Frame x) {
      // The end is evaluated before the start, as the sequential loop does.
      int e = end.i(x);
      int s = start.i(x);
      int chunks = ranges.chunks((long) e - s);
      if (frames == null) {
        // The frame's size is known only once the whole program is compiled: made on first use.
        frames = new Frame[ranges.threads()];
        for (int c = 1; c < frames.length; c++) {
          frames[c] = new Frame(x);
        }
      }
      frames[0] = x;
      if (chunks > 1) {
        // Any worker may take a piece: each starts from the caller's locals.
        for (int w = 1; w < frames.length; w++) {
          frames[w].copyFrom(x);
        }
      }
      ranges.run(this, loop, x.step, s, e, sets);
    }

    @Override
    public void range(int loop, int worker, long step, int lo, int hi, SpikeSet[] sinks) {
      Frame x = frames[worker];
      x.sinks = sinks;
      for (int k = lo; k < hi; k++) {
        x.i[var] = k;
        body.run(x);
      }
    }
  }

  private Exec block(List<KStmt> body, Scope parent) {
    Scope scope = new Scope(parent);
    Exec[] out = new Exec[body.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = stmt(body.get(k), scope);
    }
    return Nodes.block(out);
  }

  // ---------------------------------------------------------------- statements

  private Exec stmt(KStmt s, Scope scope) {
    return s.accept(statements, scope);
  }

  /** Compiles each kind of statement: a new kind does not compile until it is decided here. */
  private final KStmt.Visitor<Exec, Scope> statements = new KStmt.Visitor<>() {
    @Override
    public Exec visitLet(KStmt.Let let, Scope scope) {
      return let(let, scope);
    }

    @Override
    public Exec visitStore(KStmt.Store st, Scope scope) {
      return store(st, scope);
    }

    @Override
    public Exec visitIf(KStmt.If iff, Scope scope) {
      B c = bool(iff.condition(), scope);
      Exec then = block(iff.then(), scope);
      Exec otherwise = block(iff.otherwise(), scope);
      return x -> {
        if (c.b(x)) {
          then.run(x);
        } else {
          otherwise.run(x);
        }
      };
    }

    @Override
    public Exec visitForRange(KStmt.ForRange r, Scope scope) {
      I start = index(r.start(), scope);
      I end = index(r.end(), scope);
      Scope inner = new Scope(scope);
      int v = declare(inner, r.var(), Scalar.I32).index();
      Exec body = block(r.body(), inner);
      return x -> {
        int e = end.i(x);
        for (int k = start.i(x); k < e; k++) {
          x.i[v] = k;
          body.run(x);
        }
      };
    }

    @Override
    public Exec visitForSpikes(KStmt.ForSpikes fs, Scope scope) {
      SpikeSet set = memory.spikeSet(fs.spikeSet());
      Scope inner = new Scope(scope);
      int v = declare(inner, fs.var(), Scalar.I32).index();
      Exec body = block(fs.body(), inner);
      return x -> {
        // The count is read once: spikes emitted by the body are not visited by this loop.
        int n = set.count;
        for (int k = 0; k < n; k++) {
          x.i[v] = set.indices[k];
          body.run(x);
        }
      };
    }

    @Override
    public Exec visitForTargets(KStmt.ForTargets ft, Scope scope) {
      return forTargets(ft, scope);
    }

    @Override
    public Exec visitForSources(KStmt.ForSources fs, Scope scope) {
      Csr csr = memory.csr(fs.connection());
      I post = index(fs.post(), scope);
      Scope inner = new Scope(scope);
      int pre = declare(inner, fs.pre(), Scalar.I32).index();
      int syn = declare(inner, fs.synapse(), Scalar.I32).index();
      Exec body = block(fs.body(), inner);
      int[] ptr = csr.revPtr;
      int[] pres = csr.revPre;
      int[] syns = csr.revSyn;
      return x -> {
        int j = post.i(x);
        for (int r = ptr[j], e = ptr[j + 1]; r < e; r++) {
          x.i[pre] = pres[r];
          x.i[syn] = syns[r];
          body.run(x);
        }
      };
    }

    @Override
    public Exec visitEmit(KStmt.Emit em, Scope scope) {
      SpikeSet set = memory.spikeSet(em.spikeSet());
      I idx = index(em.index(), scope);
      if (sinks != null) {
        int k = sinks.get(em.spikeSet());
        return x -> x.sinks[k].add(idx.i(x));
      }
      return x -> set.add(idx.i(x));
    }

    @Override
    public Exec visitEnqueue(KStmt.Enqueue eq, Scope scope) {
      return enqueue(eq, scope);
    }

    @Override
    public Exec visitDrain(KStmt.Drain dr, Scope scope) {
      Object q = memory.queue(dr.queue());
      String target = target(dr.queue());
      if (q instanceof DelayRingFloat f) {
        float[] t = memory.f32(target);
        return x -> f.drainInto(t);
      }
      DelayRingDouble d = (DelayRingDouble) q;
      double[] t = memory.f64(target);
      return x -> d.drainInto(t);
    }
  };

  private String target(String queue) {
    for (var q : memory.program().queues()) {
      if (q.name().equals(queue)) {
        return q.target();
      }
    }
    throw new IllegalArgumentException("no queue " + queue);
  }

  private Exec let(KStmt.Let let, Scope scope) {
    Scalar t = let.value().type();
    // The value is compiled before the name is declared: `let x = x + 1` reads the outer x.
    switch (t) {
      case F32: {
        F v = f32(let.value(), scope);
        int slot = declare(scope, let.name(), t).index();
        return x -> x.f[slot] = v.f(x);
      }
      case F64: {
        D v = f64(let.value(), scope);
        int slot = declare(scope, let.name(), t).index();
        return x -> x.d[slot] = v.d(x);
      }
      case I32: {
        I v = i32(let.value(), scope);
        int slot = declare(scope, let.name(), t).index();
        return x -> x.i[slot] = v.i(x);
      }
      case I64: {
        L v = i64(let.value(), scope);
        int slot = declare(scope, let.name(), t).index();
        return x -> x.l[slot] = v.l(x);
      }
      default: {
        B v = bool(let.value(), scope);
        int slot = declare(scope, let.name(), t).index();
        return x -> x.b[slot] = v.b(x);
      }
    }
  }

  private Exec store(KStmt.Store st, Scope scope) {
    Scalar t = memory.declaration(st.buffer()).type();
    I idx = index(st.index(), scope);
    switch (t) {
      case F32: {
        float[] a = memory.f32(st.buffer());
        F v = f32(st.value(), scope);
        return x -> a[idx.i(x)] = v.f(x);
      }
      case F64: {
        double[] a = memory.f64(st.buffer());
        D v = f64(st.value(), scope);
        return x -> a[idx.i(x)] = v.d(x);
      }
      case I32: {
        int[] a = memory.i32(st.buffer());
        I v = i32(st.value(), scope);
        return x -> a[idx.i(x)] = v.i(x);
      }
      case I64: {
        long[] a = memory.i64(st.buffer());
        L v = i64(st.value(), scope);
        return x -> a[idx.i(x)] = v.l(x);
      }
      default: {
        boolean[] a = memory.bool(st.buffer());
        B v = bool(st.value(), scope);
        return x -> a[idx.i(x)] = v.b(x);
      }
    }
  }

  private Exec forTargets(KStmt.ForTargets ft, Scope scope) {
    I pre = index(ft.pre(), scope);
    Scope inner = new Scope(scope);
    int post = declare(inner, ft.post(), Scalar.I32).index();
    int syn = declare(inner, ft.synapse(), Scalar.I32).index();
    Exec body = block(ft.body(), inner);
    if (memory.isProcedural(ft.connection())) {
      Procedural gen = memory.procedural(ft.connection());
      // One scratch row per loop: a nested loop over the same connection is another node.
      int[] row = new int[gen.maxRowLength()];
      return x -> {
        int n = gen.row(pre.i(x), row);
        for (int k = 0; k < n; k++) {
          x.i[post] = row[k];
          // A procedural connection keeps no synapses: there is no index into per-synapse buffers.
          x.i[syn] = -1;
          body.run(x);
        }
      };
    }
    Csr csr = memory.csr(ft.connection());
    int[] ptr = csr.rowPtr;
    int[] cols = csr.cols;
    return x -> {
      int i = pre.i(x);
      for (int s = ptr[i], e = ptr[i + 1]; s < e; s++) {
        x.i[post] = cols[s];
        x.i[syn] = s;
        body.run(x);
      }
    };
  }

  private Exec enqueue(KStmt.Enqueue eq, Scope scope) {
    Object q = memory.queue(eq.queue());
    L delay = i64(widen(eq.delay()), scope);
    I idx = index(eq.index(), scope);
    if (q instanceof DelayRingFloat f) {
      F v = f32(eq.value(), scope);
      return x -> f.add(delay.l(x), idx.i(x), v.f(x));
    }
    DelayRingDouble d = (DelayRingDouble) q;
    D v = f64(eq.value(), scope);
    return x -> d.add(delay.l(x), idx.i(x), v.d(x));
  }

  // ---------------------------------------------------------------- expressions

  private static void expect(KExpr e, Scalar t, String where) {
    if (e.type() != t) {
      throw new IllegalArgumentException(where + " needs " + t + " but " + e + " is " + e.type());
    }
  }

  /** An I32 or I64 expression as an I64 one. */
  private static KExpr widen(KExpr e) {
    return e.type() == Scalar.I64 ? e : new KExpr.Cast(Scalar.I64, e);
  }

  /** An index: an I32 expression, or an I64 one that must fit an int. */
  private I index(KExpr e, Scope scope) {
    if (e.type() == Scalar.I32) {
      return i32(e, scope);
    }
    if (e.type() == Scalar.I64) {
      L l = i64(e, scope);
      return x -> Math.toIntExact(l.l(x));
    }
    throw new IllegalArgumentException("index " + e + " is " + e.type() + ", not an integer");
  }

  private Slot local(KExpr.Local loc, Scope scope) {
    Slot slot = scope.find(loc.name());
    if (slot == null) {
      throw new IllegalArgumentException("local " + loc.name() + " is not in scope");
    }
    if (slot.type() != loc.type()) {
      throw new IllegalArgumentException("local " + loc.name() + " is " + slot.type() + ", read as " + loc.type());
    }
    return slot;
  }

  private void checkLoad(KExpr.Load ld) {
    Scalar declared = memory.declaration(ld.buffer()).type();
    if (declared != ld.type()) {
      throw new IllegalArgumentException("buffer " + ld.buffer() + " is " + declared + ", loaded as " + ld.type());
    }
  }

  private void checkOperands(KExpr.Binary bin) {
    if (bin.left().type() != bin.right().type()) {
      throw new IllegalArgumentException(bin.op() + " of " + bin.left().type() + " and " + bin.right().type()
          + ": operands must have one type (insert a Cast)");
    }
    if (bin.op().isLogical() && bin.left().type() != Scalar.BOOL) {
      throw new IllegalArgumentException(bin.op() + " needs BOOL operands, not " + bin.left().type());
    }
    if (!bin.op().isLogical() && !bin.op().isComparison() && bin.left().type() == Scalar.BOOL) {
      throw new IllegalArgumentException(bin.op() + " is not defined on BOOL");
    }
    if (bin.op().isComparison() && bin.left().type() == Scalar.BOOL
        && bin.op() != BinaryOp.EQ && bin.op() != BinaryOp.NE) {
      throw new IllegalArgumentException(bin.op() + " is not defined on BOOL");
    }
  }

  private void checkSelect(KExpr.Select sel) {
    expect(sel.condition(), Scalar.BOOL, "select condition");
    if (sel.then().type() != sel.otherwise().type()) {
      throw new IllegalArgumentException("select branches are " + sel.then().type() + " and " + sel.otherwise().type());
    }
  }

  private void checkCall(KExpr.Call call) {
    for (KExpr a : call.args()) {
      if (a.type() != call.type()) {
        throw new IllegalArgumentException(call.fn() + " needs float arguments of one type, got " + a.type());
      }
    }
    if (!call.type().isFloat()) {
      throw new IllegalArgumentException(call.fn() + " needs float arguments, got " + call.type());
    }
  }

  private static UnsupportedOperationException unknown(KExpr e) {
    return new UnsupportedOperationException("unknown expression " + e);
  }

  F f32(KExpr e, Scope scope) {
    expect(e, Scalar.F32, "an F32 context");
    if (e instanceof KExpr.Const c) {
      float v = (float) c.value();
      return x -> v;
    }
    if (e instanceof KExpr.Load ld) {
      checkLoad(ld);
      float[] a = memory.f32(ld.buffer());
      I idx = index(ld.index(), scope);
      return x -> a[idx.i(x)];
    }
    if (e instanceof KExpr.Local loc) {
      int s = local(loc, scope).index();
      return x -> x.f[s];
    }
    if (e instanceof KExpr.Unary u) {
      if (u.op() != KExpr.UnaryOp.NEG) {
        throw new IllegalArgumentException(u.op() + " is not defined on F32");
      }
      F a = f32(u.operand(), scope);
      return x -> -a.f(x);
    }
    if (e instanceof KExpr.Binary bin) {
      checkOperands(bin);
      F a = f32(bin.left(), scope);
      F b = f32(bin.right(), scope);
      switch (bin.op()) {
        case ADD: return x -> a.f(x) + b.f(x);
        case SUB: return x -> a.f(x) - b.f(x);
        case MUL: return x -> a.f(x) * b.f(x);
        case DIV: return x -> a.f(x) / b.f(x);
        case REM: return x -> a.f(x) % b.f(x);
        case MIN: return x -> Math.min(a.f(x), b.f(x));
        case MAX: return x -> Math.max(a.f(x), b.f(x));
        default: throw new IllegalArgumentException(bin.op() + " does not give F32");
      }
    }
    if (e instanceof KExpr.Call call) {
      checkCall(call);
      if (call.fn() == Fn.POW) {
        F a = f32(call.args().get(0), scope);
        F b = f32(call.args().get(1), scope);
        return x -> (float) StrictMath.pow(a.f(x), b.f(x));
      }
      F a = f32(call.args().get(0), scope);
      Fn fn = call.fn();
      return x -> (float) apply(fn, a.f(x));
    }
    if (e instanceof KExpr.Select sel) {
      checkSelect(sel);
      B c = bool(sel.condition(), scope);
      F a = f32(sel.then(), scope);
      F b = f32(sel.otherwise(), scope);
      return x -> c.b(x) ? a.f(x) : b.f(x);
    }
    if (e instanceof KExpr.Cast cast) {
      KExpr o = cast.operand();
      switch (o.type()) {
        case F32: return f32(o, scope);
        case F64: { D a = f64(o, scope); return x -> (float) a.d(x); }
        case I32: { I a = i32(o, scope); return x -> (float) a.i(x); }
        case I64: { L a = i64(o, scope); return x -> (float) a.l(x); }
        default: { B a = bool(o, scope); return x -> a.b(x) ? 1f : 0f; }
      }
    }
    throw unknown(e);
  }

  D f64(KExpr e, Scope scope) {
    expect(e, Scalar.F64, "an F64 context");
    if (e instanceof KExpr.Const c) {
      double v = c.value();
      return x -> v;
    }
    if (e instanceof KExpr.Load ld) {
      checkLoad(ld);
      double[] a = memory.f64(ld.buffer());
      I idx = index(ld.index(), scope);
      return x -> a[idx.i(x)];
    }
    if (e instanceof KExpr.Local loc) {
      int s = local(loc, scope).index();
      return x -> x.d[s];
    }
    if (e instanceof KExpr.Unary u) {
      if (u.op() != KExpr.UnaryOp.NEG) {
        throw new IllegalArgumentException(u.op() + " is not defined on F64");
      }
      D a = f64(u.operand(), scope);
      return x -> -a.d(x);
    }
    if (e instanceof KExpr.Binary bin) {
      checkOperands(bin);
      D a = f64(bin.left(), scope);
      D b = f64(bin.right(), scope);
      switch (bin.op()) {
        case ADD: return x -> a.d(x) + b.d(x);
        case SUB: return x -> a.d(x) - b.d(x);
        case MUL: return x -> a.d(x) * b.d(x);
        case DIV: return x -> a.d(x) / b.d(x);
        case REM: return x -> a.d(x) % b.d(x);
        case MIN: return x -> Math.min(a.d(x), b.d(x));
        case MAX: return x -> Math.max(a.d(x), b.d(x));
        default: throw new IllegalArgumentException(bin.op() + " does not give F64");
      }
    }
    if (e instanceof KExpr.Call call) {
      checkCall(call);
      if (call.fn() == Fn.POW) {
        D a = f64(call.args().get(0), scope);
        D b = f64(call.args().get(1), scope);
        return x -> StrictMath.pow(a.d(x), b.d(x));
      }
      D a = f64(call.args().get(0), scope);
      Fn fn = call.fn();
      return x -> apply(fn, a.d(x));
    }
    if (e instanceof KExpr.Select sel) {
      checkSelect(sel);
      B c = bool(sel.condition(), scope);
      D a = f64(sel.then(), scope);
      D b = f64(sel.otherwise(), scope);
      return x -> c.b(x) ? a.d(x) : b.d(x);
    }
    if (e instanceof KExpr.Cast cast) {
      KExpr o = cast.operand();
      switch (o.type()) {
        case F32: { F a = f32(o, scope); return x -> (double) a.f(x); }
        case F64: return f64(o, scope);
        case I32: { I a = i32(o, scope); return x -> (double) a.i(x); }
        case I64: { L a = i64(o, scope); return x -> (double) a.l(x); }
        default: { B a = bool(o, scope); return x -> a.b(x) ? 1.0 : 0.0; }
      }
    }
    if (e instanceof KExpr.Rand r) {
      int stream = Memory.stream(r.stream());
      if (!r.index().type().isInt()) {
        throw new IllegalArgumentException("Rand index " + r.index() + " is " + r.index().type());
      }
      L idx = i64(widen(r.index()), scope);
      long key = seed;
      switch (r.dist()) {
        case UNIFORM: return x -> CounterRng.uniformDouble(key, stream, x.step, idx.l(x));
        case NORMAL: return x -> CounterRng.normal(key, stream, x.step, idx.l(x));
        default: throw new IllegalArgumentException("unknown distribution " + r.dist());
      }
    }
    throw unknown(e);
  }

  /** A one-argument math function in double, as StrictMath computes it. */
  static double apply(Fn fn, double a) {
    switch (fn) {
      case EXP: return StrictMath.exp(a);
      case EXPM1: return StrictMath.expm1(a);
      case LOG: return StrictMath.log(a);
      case LOG1P: return StrictMath.log1p(a);
      case SQRT: return StrictMath.sqrt(a);
      case ABS: return StrictMath.abs(a);
      case FLOOR: return StrictMath.floor(a);
      case CEIL: return StrictMath.ceil(a);
      case RINT: return StrictMath.rint(a);
      case TANH: return StrictMath.tanh(a);
      case SIN: return StrictMath.sin(a);
      case COS: return StrictMath.cos(a);
      case ATAN: return StrictMath.atan(a);
      default: throw new IllegalArgumentException(fn + " takes " + fn.arity + " arguments");
    }
  }

  I i32(KExpr e, Scope scope) {
    expect(e, Scalar.I32, "an I32 context");
    if (e instanceof KExpr.Const c) {
      int v = (int) c.value();
      if (v != c.value()) {
        throw new IllegalArgumentException("I32 constant " + c.value() + " is out of range");
      }
      return x -> v;
    }
    if (e instanceof KExpr.Load ld) {
      checkLoad(ld);
      int[] a = memory.i32(ld.buffer());
      I idx = index(ld.index(), scope);
      return x -> a[idx.i(x)];
    }
    if (e instanceof KExpr.Local loc) {
      int s = local(loc, scope).index();
      return x -> x.i[s];
    }
    if (e instanceof KExpr.Unary u) {
      if (u.op() != KExpr.UnaryOp.NEG) {
        throw new IllegalArgumentException(u.op() + " is not defined on I32");
      }
      I a = i32(u.operand(), scope);
      return x -> -a.i(x);
    }
    if (e instanceof KExpr.Binary bin) {
      checkOperands(bin);
      I a = i32(bin.left(), scope);
      I b = i32(bin.right(), scope);
      switch (bin.op()) {
        case ADD: return x -> a.i(x) + b.i(x);
        case SUB: return x -> a.i(x) - b.i(x);
        case MUL: return x -> a.i(x) * b.i(x);
        case DIV: return x -> a.i(x) / b.i(x);
        case REM: return x -> a.i(x) % b.i(x);
        case MIN: return x -> Math.min(a.i(x), b.i(x));
        case MAX: return x -> Math.max(a.i(x), b.i(x));
        default: throw new IllegalArgumentException(bin.op() + " does not give I32");
      }
    }
    if (e instanceof KExpr.Select sel) {
      checkSelect(sel);
      B c = bool(sel.condition(), scope);
      I a = i32(sel.then(), scope);
      I b = i32(sel.otherwise(), scope);
      return x -> c.b(x) ? a.i(x) : b.i(x);
    }
    if (e instanceof KExpr.Cast cast) {
      KExpr o = cast.operand();
      switch (o.type()) {
        case F32: { F a = f32(o, scope); return x -> (int) a.f(x); }
        case F64: { D a = f64(o, scope); return x -> (int) a.d(x); }
        case I32: return i32(o, scope);
        case I64: { L a = i64(o, scope); return x -> (int) a.l(x); }
        default: { B a = bool(o, scope); return x -> a.b(x) ? 1 : 0; }
      }
    }
    if (e instanceof KExpr.Call) {
      throw new IllegalArgumentException(((KExpr.Call) e).fn() + " needs float arguments, got I32");
    }
    throw unknown(e);
  }

  L i64(KExpr e, Scope scope) {
    expect(e, Scalar.I64, "an I64 context");
    if (e instanceof KExpr.Const c) {
      long v = (long) c.value();
      return x -> v;
    }
    if (e instanceof KExpr.Load ld) {
      checkLoad(ld);
      long[] a = memory.i64(ld.buffer());
      I idx = index(ld.index(), scope);
      return x -> a[idx.i(x)];
    }
    if (e instanceof KExpr.Local loc) {
      int s = local(loc, scope).index();
      return x -> x.l[s];
    }
    if (e instanceof KExpr.StepIndex) {
      return x -> x.step;
    }
    if (e instanceof KExpr.Unary u) {
      if (u.op() != KExpr.UnaryOp.NEG) {
        throw new IllegalArgumentException(u.op() + " is not defined on I64");
      }
      L a = i64(u.operand(), scope);
      return x -> -a.l(x);
    }
    if (e instanceof KExpr.Binary bin) {
      checkOperands(bin);
      L a = i64(bin.left(), scope);
      L b = i64(bin.right(), scope);
      switch (bin.op()) {
        case ADD: return x -> a.l(x) + b.l(x);
        case SUB: return x -> a.l(x) - b.l(x);
        case MUL: return x -> a.l(x) * b.l(x);
        case DIV: return x -> a.l(x) / b.l(x);
        case REM: return x -> a.l(x) % b.l(x);
        case MIN: return x -> Math.min(a.l(x), b.l(x));
        case MAX: return x -> Math.max(a.l(x), b.l(x));
        default: throw new IllegalArgumentException(bin.op() + " does not give I64");
      }
    }
    if (e instanceof KExpr.Select sel) {
      checkSelect(sel);
      B c = bool(sel.condition(), scope);
      L a = i64(sel.then(), scope);
      L b = i64(sel.otherwise(), scope);
      return x -> c.b(x) ? a.l(x) : b.l(x);
    }
    if (e instanceof KExpr.Cast cast) {
      KExpr o = cast.operand();
      switch (o.type()) {
        case F32: { F a = f32(o, scope); return x -> (long) a.f(x); }
        case F64: { D a = f64(o, scope); return x -> (long) a.d(x); }
        case I32: { I a = i32(o, scope); return x -> (long) a.i(x); }
        case I64: return i64(o, scope);
        default: { B a = bool(o, scope); return x -> a.b(x) ? 1L : 0L; }
      }
    }
    if (e instanceof KExpr.Call) {
      throw new IllegalArgumentException(((KExpr.Call) e).fn() + " needs float arguments, got I64");
    }
    throw unknown(e);
  }

  B bool(KExpr e, Scope scope) {
    expect(e, Scalar.BOOL, "a BOOL context");
    if (e instanceof KExpr.Const c) {
      boolean v = c.value() != 0;
      return x -> v;
    }
    if (e instanceof KExpr.Load ld) {
      checkLoad(ld);
      boolean[] a = memory.bool(ld.buffer());
      I idx = index(ld.index(), scope);
      return x -> a[idx.i(x)];
    }
    if (e instanceof KExpr.Local loc) {
      int s = local(loc, scope).index();
      return x -> x.b[s];
    }
    if (e instanceof KExpr.Unary u) {
      if (u.op() != KExpr.UnaryOp.NOT) {
        throw new IllegalArgumentException(u.op() + " is not defined on BOOL");
      }
      B a = bool(u.operand(), scope);
      return x -> !a.b(x);
    }
    if (e instanceof KExpr.Binary bin) {
      checkOperands(bin);
      return bin.op().isComparison() ? compare(bin, scope) : logical(bin, scope);
    }
    if (e instanceof KExpr.Select sel) {
      checkSelect(sel);
      B c = bool(sel.condition(), scope);
      B a = bool(sel.then(), scope);
      B b = bool(sel.otherwise(), scope);
      return x -> c.b(x) ? a.b(x) : b.b(x);
    }
    if (e instanceof KExpr.Cast cast) {
      KExpr o = cast.operand();
      switch (o.type()) {
        case F32: { F a = f32(o, scope); return x -> a.f(x) != 0; }
        case F64: { D a = f64(o, scope); return x -> a.d(x) != 0; }
        case I32: { I a = i32(o, scope); return x -> a.i(x) != 0; }
        case I64: { L a = i64(o, scope); return x -> a.l(x) != 0; }
        default: return bool(o, scope);
      }
    }
    throw unknown(e);
  }

  private B logical(KExpr.Binary bin, Scope scope) {
    B a = bool(bin.left(), scope);
    B b = bool(bin.right(), scope);
    switch (bin.op()) {
      case AND: return x -> a.b(x) && b.b(x);
      case OR: return x -> a.b(x) || b.b(x);
      default: throw new IllegalArgumentException(bin.op() + " does not give BOOL");
    }
  }

  private B compare(KExpr.Binary bin, Scope scope) {
    BinaryOp op = bin.op();
    switch (bin.left().type()) {
      case F32: {
        F a = f32(bin.left(), scope);
        F b = f32(bin.right(), scope);
        switch (op) {
          case LT: return x -> a.f(x) < b.f(x);
          case LE: return x -> a.f(x) <= b.f(x);
          case GT: return x -> a.f(x) > b.f(x);
          case GE: return x -> a.f(x) >= b.f(x);
          case EQ: return x -> a.f(x) == b.f(x);
          default: return x -> a.f(x) != b.f(x);
        }
      }
      case F64: {
        D a = f64(bin.left(), scope);
        D b = f64(bin.right(), scope);
        switch (op) {
          case LT: return x -> a.d(x) < b.d(x);
          case LE: return x -> a.d(x) <= b.d(x);
          case GT: return x -> a.d(x) > b.d(x);
          case GE: return x -> a.d(x) >= b.d(x);
          case EQ: return x -> a.d(x) == b.d(x);
          default: return x -> a.d(x) != b.d(x);
        }
      }
      case I32: {
        I a = i32(bin.left(), scope);
        I b = i32(bin.right(), scope);
        switch (op) {
          case LT: return x -> a.i(x) < b.i(x);
          case LE: return x -> a.i(x) <= b.i(x);
          case GT: return x -> a.i(x) > b.i(x);
          case GE: return x -> a.i(x) >= b.i(x);
          case EQ: return x -> a.i(x) == b.i(x);
          default: return x -> a.i(x) != b.i(x);
        }
      }
      case I64: {
        L a = i64(bin.left(), scope);
        L b = i64(bin.right(), scope);
        switch (op) {
          case LT: return x -> a.l(x) < b.l(x);
          case LE: return x -> a.l(x) <= b.l(x);
          case GT: return x -> a.l(x) > b.l(x);
          case GE: return x -> a.l(x) >= b.l(x);
          case EQ: return x -> a.l(x) == b.l(x);
          default: return x -> a.l(x) != b.l(x);
        }
      }
      default: {
        B a = bool(bin.left(), scope);
        B b = bool(bin.right(), scope);
        return op == BinaryOp.EQ ? x -> a.b(x) == b.b(x) : x -> a.b(x) != b.b(x);
      }
    }
  }
}
