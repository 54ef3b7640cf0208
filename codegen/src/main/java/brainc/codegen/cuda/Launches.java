package brainc.codegen.cuda;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits the body of one kernel of the IR into CUDA launches, following the parallel marks: a
 * top-level loop marked parallel over a constant range becomes a grid of one thread per
 * iteration, a drain of a delay queue one thread per element, and (fast mode only) a spike loop
 * whose body only sums one thread per spike; everything else runs in the interpreter's order on
 * one thread. The launches of a kernel run in order on one stream, so their sequence is the
 * kernel's.
 *
 * <p>Top-level lets are recomputed in every launch after them; a kernel whose top-level lets read
 * buffers (which a launch in between could change) stays one sequential launch.
 */
final class Launches {
  private Launches() {}

  /** What one launch iterates. */
  enum Shape {
    /** One thread, the statements in order. */
    SERIAL,
    /** One thread per iteration of a parallel loop. */
    RANGE,
    /** One thread per element of a queue's target. */
    DRAIN,
    /** One thread per spike of this step (fast mode). */
    SPIKES
  }

  /**
   * One launch: its shape, its thread count (a constant, or for {@link Shape#SPIKES} the spike
   * set's size), the C body of deterministic and of fast mode (the same text when they agree), and
   * the spike sets whose flags an ordered compaction turns into spikes after it (deterministic).
   */
  record Launch(Shape shape, long threads, String deterministic, String fast, List<Integer> compacts) {
    boolean sameInBothModes() {
      return deterministic.equals(fast);
    }
  }

  /** The launches of {@code body}, in order. */
  static List<Launch> of(CudaLayout layout, List<KStmt> body) {
    List<KStmt> lets = new ArrayList<>();
    List<KStmt> serial = new ArrayList<>();
    List<Launch> out = new ArrayList<>();
    boolean letsLoad = false;
    List<Object[]> pending = new ArrayList<>();
    for (KStmt s : body) {
      if (s instanceof KStmt.Let l) {
        letsLoad |= Accumulation.loads(l.value());
        if (serial.isEmpty()) {
          lets.add(s);
        } else {
          serial.add(s);
        }
        continue;
      }
      Shape shape = shape(layout, s);
      if (shape == Shape.SERIAL) {
        serial.add(s);
        continue;
      }
      if (!serial.isEmpty()) {
        pending.add(new Object[] {Shape.SERIAL, List.copyOf(lets), List.copyOf(serial)});
        // Lets inside the sequential group are visible to the statements after it.
        for (KStmt x : serial) if (x instanceof KStmt.Let) lets.add(x);
        serial.clear();
      }
      pending.add(new Object[] {shape, List.copyOf(lets), List.of(s)});
    }
    if (!serial.isEmpty() || pending.isEmpty()) pending.add(new Object[] {Shape.SERIAL, List.copyOf(lets), List.copyOf(serial)});
    boolean split = pending.size() > 1;
    if (split && letsLoad) {
      // A let that reads a buffer could see another value in a later launch: one launch keeps its meaning.
      return List.of(build(layout, Shape.SERIAL, List.of(), body));
    }
    for (Object[] p : pending) {
      @SuppressWarnings("unchecked") List<KStmt> prefix = (List<KStmt>) p[1];
      @SuppressWarnings("unchecked") List<KStmt> stmts = (List<KStmt>) p[2];
      if (p[0] == Shape.SERIAL && stmts.stream().allMatch(x -> x instanceof KStmt.Let)) continue;
      out.add(build(layout, (Shape) p[0], prefix, stmts));
    }
    return out;
  }

  /** The shape a top-level statement runs in. */
  private static Shape shape(CudaLayout layout, KStmt s) {
    if (s instanceof KStmt.ForRange r && r.parallel() && r.start() instanceof KExpr.Const
        && r.end() instanceof KExpr.Const && orderedEmits(r.body(), r.var())) {
      return Shape.RANGE;
    }
    if (s instanceof KStmt.Drain) return Shape.DRAIN;
    if (s instanceof KStmt.ForSpikes fs && Accumulation.atomicSafe(fs.body())) return Shape.SPIKES;
    return Shape.SERIAL;
  }

  /**
   * Whether every emit in a parallel loop's body emits the loop variable (plus a constant), so
   * that flags compacted in index order give the interpreter's emission order.
   */
  private static boolean orderedEmits(List<KStmt> body, String var) {
    for (KStmt s : body) {
      if (s instanceof KStmt.Emit e) {
        KExpr i = e.index();
        boolean ok = i instanceof KExpr.Local l && l.name().equals(var)
            || i instanceof KExpr.Binary b && b.op() == KExpr.BinaryOp.ADD && b.left() instanceof KExpr.Local l2
                && l2.name().equals(var) && b.right() instanceof KExpr.Const;
        if (!ok) return false;
      } else if (s instanceof KStmt.If i) {
        if (!orderedEmits(i.then(), var) || !orderedEmits(i.otherwise(), var)) return false;
      } else if (s instanceof KStmt.ForRange || s instanceof KStmt.ForSpikes || s instanceof KStmt.ForTargets
          || s instanceof KStmt.ForSources) {
        // An emit inside an inner loop could emit twice or out of order: keep it sequential.
        if (emits(List.of(s))) return false;
      }
    }
    return true;
  }

  private static boolean emits(List<KStmt> body) {
    for (KStmt s : body) {
      if (s instanceof KStmt.Emit) return true;
      if (s instanceof KStmt.If i && (emits(i.then()) || emits(i.otherwise()))) return true;
      if (s instanceof KStmt.ForRange r && emits(r.body())) return true;
      if (s instanceof KStmt.ForSpikes r && emits(r.body())) return true;
      if (s instanceof KStmt.ForTargets r && emits(r.body())) return true;
      if (s instanceof KStmt.ForSources r && emits(r.body())) return true;
    }
    return false;
  }

  private static void emitted(List<KStmt> body, CudaLayout layout, Set<Integer> out) {
    for (KStmt s : body) {
      if (s instanceof KStmt.Emit e) out.add(layout.setIndex(e.spikeSet()));
      if (s instanceof KStmt.If i) {
        emitted(i.then(), layout, out);
        emitted(i.otherwise(), layout, out);
      }
    }
  }

  private static Launch build(CudaLayout layout, Shape shape, List<KStmt> prefix, List<KStmt> stmts) {
    switch (shape) {
      case RANGE: {
        KStmt.ForRange r = (KStmt.ForRange) stmts.get(0);
        int start = (int) ((KExpr.Const) r.start()).value();
        int end = (int) ((KExpr.Const) r.end()).value();
        Set<Integer> sets = new LinkedHashSet<>();
        emitted(r.body(), layout, sets);
        String det = range(layout, prefix, r, start, end, CudaStatements.Effects.FLAGS);
        String fast = sets.isEmpty() ? det : range(layout, prefix, r, start, end, CudaStatements.Effects.ATOMIC);
        return new Launch(shape, Math.max(0, (long) end - start), det, fast, List.copyOf(sets));
      }
      case DRAIN: {
        KStmt.Drain d = (KStmt.Drain) stmts.get(0);
        KernelProgram.DelayQueue q = layout.delayQueue(d.queue());
        int size = ((KernelProgram.Extent.Fixed) layout.declaration(q.target()).extent()).size();
        String f = "m." + layout.queue(d.queue());
        String t = "m." + layout.buffer(q.target());
        String body = "  const int64_t t_ = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;\n"
            + "  if (t_ >= " + size + ") return;\n"
            + "  const int64_t at_ = (int64_t)" + f + "_head * " + size + " + t_;\n"
            + "  " + t + "[t_] += " + f + "[at_];\n"
            + "  " + f + "[at_] = 0;\n";
        return new Launch(shape, size, body, body, List.of());
      }
      case SPIKES: {
        KStmt.ForSpikes fs = (KStmt.ForSpikes) stmts.get(0);
        String det = serial(layout, prefix, stmts);
        CudaStatements w = new CudaStatements(layout, CudaStatements.Effects.ATOMIC, 1);
        CudaStatements.Scope scope = w.root();
        w.statements(prefix, scope);
        String set = "m." + layout.set(fs.spikeSet());
        w.line("const int32_t k_ = (int32_t)((int64_t)blockIdx.x * blockDim.x + threadIdx.x);");
        w.line("if (k_ >= *" + set + "_count) return;");
        CudaStatements.Scope inner = w.new Scope(scope);
        w.line("[[maybe_unused]] const int32_t " + inner.declare(fs.var()) + " = " + set + "_idx[k_];");
        w.block(fs.body(), inner);
        return new Launch(shape, layout.spikeSet(fs.spikeSet()).size(), det, w.text(), List.of());
      }
      default: {
        String body = serial(layout, prefix, stmts);
        return new Launch(Shape.SERIAL, 1, body, body, List.of());
      }
    }
  }

  private static String serial(CudaLayout layout, List<KStmt> prefix, List<KStmt> stmts) {
    CudaStatements w = new CudaStatements(layout, CudaStatements.Effects.SEQUENTIAL, 1);
    List<KStmt> all = new ArrayList<>(prefix);
    all.addAll(stmts);
    w.block(all, w.root());
    return w.text();
  }

  private static String range(CudaLayout layout, List<KStmt> prefix, KStmt.ForRange r, int start, int end,
      CudaStatements.Effects effects) {
    CudaStatements w = new CudaStatements(layout, effects, 1);
    CudaStatements.Scope scope = w.root();
    w.statements(prefix, scope);
    CudaStatements.Scope inner = w.new Scope(scope);
    w.line("const int64_t t_ = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;");
    w.line("if (t_ >= " + ((long) end - start) + ") return;");
    w.line("[[maybe_unused]] const int32_t " + inner.declare(r.var()) + " = " + CudaExpressions.literal(start, Scalar.I32)
        + " + (int32_t)t_;");
    w.block(r.body(), inner);
    return w.text();
  }
}
