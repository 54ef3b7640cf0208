package brainc.codegen.cuda;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import java.util.List;

/**
 * Which statements of a spike loop fast mode can run on one thread per spike: sums into shared
 * elements ({@code x[j] = x[j] + v}, with {@code v} not reading {@code x}) become atomic
 * additions, queued spikes atomic additions into the ring; lets, conditions and loops over a
 * spike's synapses carry them. Anything else (plasticity that reads and writes a synapse, an
 * emit) keeps the spike loop on one thread, in the interpreter's order.
 */
final class Accumulation {
  private Accumulation() {}

  /** {@code v} if {@code st} is {@code b[i] = b[i] + v} (or {@code v + b[i]}) with {@code v} not reading {@code b}. */
  static KExpr addend(KStmt.Store st) {
    if (!(st.value() instanceof KExpr.Binary b) || b.op() != KExpr.BinaryOp.ADD) return null;
    // CUDA has atomicAdd for these; an int64 or bool sum stays on one thread.
    if (b.type() != brainc.ir.kernel.Scalar.F32 && b.type() != brainc.ir.kernel.Scalar.F64
        && b.type() != brainc.ir.kernel.Scalar.I32) {
      return null;
    }
    KExpr self = new KExpr.Load(st.buffer(), st.index(), b.type());
    KExpr other = b.left().equals(self) ? b.right() : b.right().equals(self) ? b.left() : null;
    if (other == null || reads(other, st.buffer())) return null;
    return other;
  }

  /** Whether every statement of {@code body} can run on one thread per spike with atomic sums. */
  static boolean atomicSafe(List<KStmt> body) {
    for (KStmt s : body) {
      boolean ok;
      if (s instanceof KStmt.Let || s instanceof KStmt.Enqueue) ok = true;
      else if (s instanceof KStmt.Store st) ok = addend(st) != null;
      else if (s instanceof KStmt.If i) ok = atomicSafe(i.then()) && atomicSafe(i.otherwise());
      else if (s instanceof KStmt.ForTargets t) ok = atomicSafe(t.body());
      else if (s instanceof KStmt.ForRange r) ok = atomicSafe(r.body());
      else ok = false;
      if (!ok) return false;
    }
    return true;
  }

  /** Whether {@code e} loads from {@code buffer} (any buffer when it is null). */
  static boolean reads(KExpr e, String buffer) {
    if (e instanceof KExpr.Load l) return buffer == null || l.buffer().equals(buffer) || reads(l.index(), buffer);
    if (e instanceof KExpr.Unary u) return reads(u.operand(), buffer);
    if (e instanceof KExpr.Binary b) return reads(b.left(), buffer) || reads(b.right(), buffer);
    if (e instanceof KExpr.Call c) return c.args().stream().anyMatch(a -> reads(a, buffer));
    if (e instanceof KExpr.Select s) return reads(s.condition(), buffer) || reads(s.then(), buffer) || reads(s.otherwise(), buffer);
    if (e instanceof KExpr.Cast c) return reads(c.operand(), buffer);
    if (e instanceof KExpr.Rand r) return reads(r.index(), buffer);
    return false;
  }

  /** Whether {@code e} loads from any buffer. */
  static boolean loads(KExpr e) {
    return reads(e, null);
  }
}
