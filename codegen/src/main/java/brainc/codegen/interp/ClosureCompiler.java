package brainc.codegen.interp;

import brainc.codegen.Memory;
import brainc.codegen.interp.Nodes.B;
import brainc.codegen.interp.Nodes.D;
import brainc.codegen.interp.Nodes.Exec;
import brainc.codegen.interp.Nodes.F;
import brainc.codegen.interp.Nodes.I;
import brainc.codegen.interp.Nodes.L;
import brainc.codegen.interp.Nodes.Value;
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
 * Turns kernel IR into a tree of closures over primitive slots, so that the interpreter's inner
 * loops neither box nor look anything up by name. Statements and expressions are compiled through
 * {@link KStmt.Visitor} and {@link KExpr.Visitor}; the program is verified ({@code
 * VerifiedKernelProgram}), so each node is compiled for the type the IR gives it, and no name,
 * scope or type is checked again here.
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

  /**
   * Compiles a top-level block (init or step). Each loop that {@code outline-parallel-loops}
   * marked (the verifier allows them only at the top of a step kernel) runs in chunks on the crew,
   * when there is one.
   */
  Exec compileBlock(List<KStmt> body) {
    return block(body, new Scope(null));
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
      // The crew runs exactly the loops outline-parallel-loops marked.
      if (r.outlined() && ranges != null) {
        return split(r, scope);
      }
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

  /** The buffer a queue drains into (the queue is declared: the program is verified). */
  private String target(String queue) {
    return memory.program().queues().stream().filter(q -> q.name().equals(queue)).findFirst().orElseThrow().target();
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

  /** An I32 or I64 expression as an I64 one. */
  private static KExpr widen(KExpr e) {
    return e.type() == Scalar.I64 ? e : new KExpr.Cast(Scalar.I64, e);
  }

  /** An index: an I32 expression, or an I64 one that must fit an int (the verifier allows no other). */
  private I index(KExpr e, Scope scope) {
    if (e.type() == Scalar.I32) {
      return i32(e, scope);
    }
    L l = i64(e, scope);
    return x -> Math.toIntExact(l.l(x));
  }

  // Each typed view asks the one visitor for the closure of an expression of that type; the
  // program is verified, so the expression has it.

  F f32(KExpr e, Scope scope) {
    return (F) e.accept(expressions, scope);
  }

  D f64(KExpr e, Scope scope) {
    return (D) e.accept(expressions, scope);
  }

  I i32(KExpr e, Scope scope) {
    return (I) e.accept(expressions, scope);
  }

  L i64(KExpr e, Scope scope) {
    return (L) e.accept(expressions, scope);
  }

  B bool(KExpr e, Scope scope) {
    return (B) e.accept(expressions, scope);
  }

  /** A case a verified program cannot reach (an operator its operands' type does not have). */
  private static IllegalStateException unreachable(Object what) {
    return new IllegalStateException("not in a verified kernel program: " + what);
  }

  /**
   * Compiles each kind of expression to the closure of its type ({@link Value}): a new kind does
   * not compile until it is decided here.
   */
  private final KExpr.Visitor<Value, Scope> expressions = new KExpr.Visitor<>() {
    @Override
    public Value visitConst(KExpr.Const c, Scope scope) {
      switch (c.type()) {
        case F32: { float v = (float) c.value(); return (F) x -> v; }
        case F64: { double v = c.value(); return (D) x -> v; }
        case I32: { int v = (int) c.value(); return (I) x -> v; }
        case I64: { long v = (long) c.value(); return (L) x -> v; }
        default: { boolean v = c.value() != 0; return (B) x -> v; }
      }
    }

    @Override
    public Value visitLoad(KExpr.Load ld, Scope scope) {
      I idx = index(ld.index(), scope);
      switch (ld.type()) {
        case F32: { float[] a = memory.f32(ld.buffer()); return (F) x -> a[idx.i(x)]; }
        case F64: { double[] a = memory.f64(ld.buffer()); return (D) x -> a[idx.i(x)]; }
        case I32: { int[] a = memory.i32(ld.buffer()); return (I) x -> a[idx.i(x)]; }
        case I64: { long[] a = memory.i64(ld.buffer()); return (L) x -> a[idx.i(x)]; }
        default: { boolean[] a = memory.bool(ld.buffer()); return (B) x -> a[idx.i(x)]; }
      }
    }

    @Override
    public Value visitLocal(KExpr.Local loc, Scope scope) {
      int s = scope.find(loc.name()).index();
      switch (loc.type()) {
        case F32: return (F) x -> x.f[s];
        case F64: return (D) x -> x.d[s];
        case I32: return (I) x -> x.i[s];
        case I64: return (L) x -> x.l[s];
        default: return (B) x -> x.b[s];
      }
    }

    @Override
    public Value visitStepIndex(KExpr.StepIndex e, Scope scope) {
      return (L) x -> x.step;
    }

    /** NEG of a number, NOT of a BOOL: the operand's type says which. */
    @Override
    public Value visitUnary(KExpr.Unary u, Scope scope) {
      KExpr o = u.operand();
      switch (u.type()) {
        case F32: { F a = f32(o, scope); return (F) x -> -a.f(x); }
        case F64: { D a = f64(o, scope); return (D) x -> -a.d(x); }
        case I32: { I a = i32(o, scope); return (I) x -> -a.i(x); }
        case I64: { L a = i64(o, scope); return (L) x -> -a.l(x); }
        default: { B a = bool(o, scope); return (B) x -> !a.b(x); }
      }
    }

    @Override
    public Value visitBinary(KExpr.Binary bin, Scope scope) {
      if (bin.op().isComparison()) {
        return compare(bin, scope);
      }
      if (bin.op().isLogical()) {
        return logical(bin, scope);
      }
      switch (bin.type()) {
        case F32: return arithmetic(bin.op(), f32(bin.left(), scope), f32(bin.right(), scope));
        case F64: return arithmetic(bin.op(), f64(bin.left(), scope), f64(bin.right(), scope));
        case I32: return arithmetic(bin.op(), i32(bin.left(), scope), i32(bin.right(), scope));
        case I64: return arithmetic(bin.op(), i64(bin.left(), scope), i64(bin.right(), scope));
        default: throw unreachable(bin);
      }
    }

    @Override
    public Value visitCall(KExpr.Call call, Scope scope) {
      Fn fn = call.fn();
      if (call.type() == Scalar.F32) {
        F a = f32(call.args().get(0), scope);
        if (fn == Fn.POW) {
          F b = f32(call.args().get(1), scope);
          return (F) x -> (float) StrictMath.pow(a.f(x), b.f(x));
        }
        return (F) x -> (float) apply(fn, a.f(x));
      }
      D a = f64(call.args().get(0), scope);
      if (fn == Fn.POW) {
        D b = f64(call.args().get(1), scope);
        return (D) x -> StrictMath.pow(a.d(x), b.d(x));
      }
      return (D) x -> apply(fn, a.d(x));
    }

    @Override
    public Value visitSelect(KExpr.Select sel, Scope scope) {
      B c = bool(sel.condition(), scope);
      switch (sel.type()) {
        case F32: { F a = f32(sel.then(), scope); F b = f32(sel.otherwise(), scope); return (F) x -> c.b(x) ? a.f(x) : b.f(x); }
        case F64: { D a = f64(sel.then(), scope); D b = f64(sel.otherwise(), scope); return (D) x -> c.b(x) ? a.d(x) : b.d(x); }
        case I32: { I a = i32(sel.then(), scope); I b = i32(sel.otherwise(), scope); return (I) x -> c.b(x) ? a.i(x) : b.i(x); }
        case I64: { L a = i64(sel.then(), scope); L b = i64(sel.otherwise(), scope); return (L) x -> c.b(x) ? a.l(x) : b.l(x); }
        default: { B a = bool(sel.then(), scope); B b = bool(sel.otherwise(), scope); return (B) x -> c.b(x) ? a.b(x) : b.b(x); }
      }
    }

    @Override
    public Value visitCast(KExpr.Cast cast, Scope scope) {
      switch (cast.type()) {
        case F32: return toF32(cast.operand(), scope);
        case F64: return toF64(cast.operand(), scope);
        case I32: return toI32(cast.operand(), scope);
        case I64: return toI64(cast.operand(), scope);
        default: return toBool(cast.operand(), scope);
      }
    }

    @Override
    public Value visitRand(KExpr.Rand r, Scope scope) {
      // The verifier keeps streams in [0, 2^32); the generator reads them as unsigned ints.
      int stream = (int) r.stream();
      L idx = i64(widen(r.index()), scope);
      long key = seed;
      if (r.dist() == KExpr.Dist.UNIFORM) {
        return (D) x -> CounterRng.uniformDouble(key, stream, x.step, idx.l(x));
      }
      return (D) x -> CounterRng.normal(key, stream, x.step, idx.l(x));
    }
  };

  private static F arithmetic(BinaryOp op, F a, F b) {
    switch (op) {
      case ADD: return x -> a.f(x) + b.f(x);
      case SUB: return x -> a.f(x) - b.f(x);
      case MUL: return x -> a.f(x) * b.f(x);
      case DIV: return x -> a.f(x) / b.f(x);
      case REM: return x -> a.f(x) % b.f(x);
      case MIN: return x -> Math.min(a.f(x), b.f(x));
      case MAX: return x -> Math.max(a.f(x), b.f(x));
      default: throw unreachable(op);
    }
  }

  private static D arithmetic(BinaryOp op, D a, D b) {
    switch (op) {
      case ADD: return x -> a.d(x) + b.d(x);
      case SUB: return x -> a.d(x) - b.d(x);
      case MUL: return x -> a.d(x) * b.d(x);
      case DIV: return x -> a.d(x) / b.d(x);
      case REM: return x -> a.d(x) % b.d(x);
      case MIN: return x -> Math.min(a.d(x), b.d(x));
      case MAX: return x -> Math.max(a.d(x), b.d(x));
      default: throw unreachable(op);
    }
  }

  private static I arithmetic(BinaryOp op, I a, I b) {
    switch (op) {
      case ADD: return x -> a.i(x) + b.i(x);
      case SUB: return x -> a.i(x) - b.i(x);
      case MUL: return x -> a.i(x) * b.i(x);
      case DIV: return x -> a.i(x) / b.i(x);
      case REM: return x -> a.i(x) % b.i(x);
      case MIN: return x -> Math.min(a.i(x), b.i(x));
      case MAX: return x -> Math.max(a.i(x), b.i(x));
      default: throw unreachable(op);
    }
  }

  private static L arithmetic(BinaryOp op, L a, L b) {
    switch (op) {
      case ADD: return x -> a.l(x) + b.l(x);
      case SUB: return x -> a.l(x) - b.l(x);
      case MUL: return x -> a.l(x) * b.l(x);
      case DIV: return x -> a.l(x) / b.l(x);
      case REM: return x -> a.l(x) % b.l(x);
      case MIN: return x -> Math.min(a.l(x), b.l(x));
      case MAX: return x -> Math.max(a.l(x), b.l(x));
      default: throw unreachable(op);
    }
  }

  // Casts, by the type cast to; a cast to the operand's own type is the operand.

  private F toF32(KExpr o, Scope scope) {
    switch (o.type()) {
      case F32: return f32(o, scope);
      case F64: { D a = f64(o, scope); return x -> (float) a.d(x); }
      case I32: { I a = i32(o, scope); return x -> (float) a.i(x); }
      case I64: { L a = i64(o, scope); return x -> (float) a.l(x); }
      default: { B a = bool(o, scope); return x -> a.b(x) ? 1f : 0f; }
    }
  }

  private D toF64(KExpr o, Scope scope) {
    switch (o.type()) {
      case F32: { F a = f32(o, scope); return x -> (double) a.f(x); }
      case F64: return f64(o, scope);
      case I32: { I a = i32(o, scope); return x -> (double) a.i(x); }
      case I64: { L a = i64(o, scope); return x -> (double) a.l(x); }
      default: { B a = bool(o, scope); return x -> a.b(x) ? 1.0 : 0.0; }
    }
  }

  private I toI32(KExpr o, Scope scope) {
    switch (o.type()) {
      case F32: { F a = f32(o, scope); return x -> (int) a.f(x); }
      case F64: { D a = f64(o, scope); return x -> (int) a.d(x); }
      case I32: return i32(o, scope);
      case I64: { L a = i64(o, scope); return x -> (int) a.l(x); }
      default: { B a = bool(o, scope); return x -> a.b(x) ? 1 : 0; }
    }
  }

  private L toI64(KExpr o, Scope scope) {
    switch (o.type()) {
      case F32: { F a = f32(o, scope); return x -> (long) a.f(x); }
      case F64: { D a = f64(o, scope); return x -> (long) a.d(x); }
      case I32: { I a = i32(o, scope); return x -> (long) a.i(x); }
      case I64: return i64(o, scope);
      default: { B a = bool(o, scope); return x -> a.b(x) ? 1L : 0L; }
    }
  }

  private B toBool(KExpr o, Scope scope) {
    switch (o.type()) {
      case F32: { F a = f32(o, scope); return x -> a.f(x) != 0; }
      case F64: { D a = f64(o, scope); return x -> a.d(x) != 0; }
      case I32: { I a = i32(o, scope); return x -> a.i(x) != 0; }
      case I64: { L a = i64(o, scope); return x -> a.l(x) != 0; }
      default: return bool(o, scope);
    }
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
      default: throw unreachable(fn); // POW takes two arguments
    }
  }

  /** AND and OR, short-circuit. */
  private B logical(KExpr.Binary bin, Scope scope) {
    B a = bool(bin.left(), scope);
    B b = bool(bin.right(), scope);
    return bin.op() == BinaryOp.AND ? x -> a.b(x) && b.b(x) : x -> a.b(x) || b.b(x);
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
