package brainc.compiler.passes;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Kernel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes {@code let}s whose value nothing reads, such as the loads a fused threshold loop no
 * longer needs. Expressions have no side effects, so dropping an unread one is always safe.
 *
 * <p>Before: {@code let s_I_2 = I[i]; if (v[i] > th) {...}}; after: {@code if (v[i] > th) {...}}.
 */
public final class EliminateDeadLocals implements KernelPass {
  @Override
  public String name() {
    return "eliminate-dead-locals";
  }

  @Override
  public KernelProgram run(KernelProgram in, PassContext cx) {
    int[] removed = {0};
    List<KStmt> init = block(in.init(), Set.of(), removed);
    List<Kernel> step = new ArrayList<>();
    for (Kernel k : in.step()) step.add(k.withBody(block(k.body(), Set.of(), removed)));
    if (removed[0] == 0) return in;
    cx.explain(name(), removed[0] + " unused local(s) removed");
    return in.withBodies(init, step);
  }

  /** The block without dead lets; {@code liveAfter} are names read after the block. */
  private static List<KStmt> block(List<KStmt> body, Set<String> liveAfter, int[] removed) {
    List<KStmt> out = new ArrayList<>();
    Set<String> live = new HashSet<>(liveAfter);
    for (int i = body.size() - 1; i >= 0; i--) {
      KStmt s = body.get(i);
      if (s instanceof KStmt.Let l && !live.contains(l.name())) {
        removed[0]++;
        continue;
      }
      KStmt kept = nested(s, live, removed);
      out.add(0, kept);
      reads(kept, live);
      if (kept instanceof KStmt.Let l) live.remove(l.name());
    }
    return out;
  }

  private static KStmt nested(KStmt s, Set<String> live, int[] removed) {
    if (s instanceof KStmt.ForRange f) return f.withBody(block(f.body(), live, removed));
    if (s instanceof KStmt.ForSpikes f) return new KStmt.ForSpikes(f.spikeSet(), f.var(), block(f.body(), live, removed));
    if (s instanceof KStmt.ForTargets f) {
      return new KStmt.ForTargets(f.connection(), f.pre(), f.post(), f.synapse(), block(f.body(), live, removed));
    }
    if (s instanceof KStmt.ForSources f) {
      return new KStmt.ForSources(f.connection(), f.post(), f.pre(), f.synapse(), block(f.body(), live, removed));
    }
    if (s instanceof KStmt.If f) {
      return new KStmt.If(f.condition(), block(f.then(), live, removed), block(f.otherwise(), live, removed));
    }
    return s;
  }

  /** Adds every local the statement (and what it contains) reads. */
  private static void reads(KStmt s, Set<String> live) {
    if (s instanceof KStmt.Let l) expr(l.value(), live);
    else if (s instanceof KStmt.Store st) {
      expr(st.index(), live);
      expr(st.value(), live);
    } else if (s instanceof KStmt.If f) {
      expr(f.condition(), live);
      f.then().forEach(x -> reads(x, live));
      f.otherwise().forEach(x -> reads(x, live));
    } else if (s instanceof KStmt.ForRange f) {
      expr(f.start(), live);
      expr(f.end(), live);
      f.body().forEach(x -> reads(x, live));
    } else if (s instanceof KStmt.ForSpikes f) {
      f.body().forEach(x -> reads(x, live));
    } else if (s instanceof KStmt.ForTargets f) {
      expr(f.pre(), live);
      f.body().forEach(x -> reads(x, live));
    } else if (s instanceof KStmt.ForSources f) {
      expr(f.post(), live);
      f.body().forEach(x -> reads(x, live));
    } else if (s instanceof KStmt.Emit e) {
      expr(e.index(), live);
    } else if (s instanceof KStmt.Enqueue q) {
      expr(q.delay(), live);
      expr(q.index(), live);
      expr(q.value(), live);
    }
  }

  private static void expr(KExpr e, Set<String> live) {
    if (e instanceof KExpr.Local l) live.add(l.name());
    else if (e instanceof KExpr.Load l) expr(l.index(), live);
    else if (e instanceof KExpr.Unary u) expr(u.operand(), live);
    else if (e instanceof KExpr.Binary b) {
      expr(b.left(), live);
      expr(b.right(), live);
    } else if (e instanceof KExpr.Call c) c.args().forEach(a -> expr(a, live));
    else if (e instanceof KExpr.Select s) {
      expr(s.condition(), live);
      expr(s.then(), live);
      expr(s.otherwise(), live);
    } else if (e instanceof KExpr.Cast c) expr(c.operand(), live);
    else if (e instanceof KExpr.Rand r) expr(r.index(), live);
  }
}
