package brainc.compiler.passes;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges adjacent kernels of one population over the same index range into one, so that a
 * population's state update, threshold, reset and refractoriness run in a single pass over its
 * neurons. The fused kernel keeps both names ({@code exc.update+exc.threshold}) and records the
 * kinds it fused, in order; kernels of different populations never fuse, even over equal ranges,
 * so that a parallel target keeps one kernel per population.
 *
 * <p>Identity: {@code for i in R {A}; for i in R {B}} = {@code for i in R {A; B}} when both loops
 * are marked parallel ({@code mark-parallel-loops}: every buffer access at index {@code i}), since
 * then iteration i of B only sees what iteration i of A wrote; the fused loop is parallel too. Locals of B are renamed when they clash with A's.
 */
public final class FuseKernels implements KernelPass {
  @Override
  public String name() {
    return "fuse-kernels";
  }

  @Override
  public KernelProgram run(KernelProgram in, PassContext cx) {
    List<Kernel> out = new ArrayList<>();
    int fused = 0;
    for (Kernel k : in.step()) {
      Kernel last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.space() instanceof IndexSpace.Neurons && last.space().equals(k.space())
          && soleLoop(last) instanceof KStmt.ForRange a && soleLoop(k) instanceof KStmt.ForRange b
          && a.start().equals(b.start()) && a.end().equals(b.end()) && a.var().equals(b.var())
          && a.parallel() && b.parallel()) {
        List<KStmt> body = new ArrayList<>(a.body());
        body.addAll(renameClashes(a.body(), b.body()));
        List<KernelKind> kinds = new ArrayList<>(last.kinds());
        kinds.addAll(k.kinds());
        out.set(out.size() - 1, new Kernel(last.name() + "+" + k.name(), kinds, last.space(),
            List.of(new KStmt.ForRange(a.var(), a.start(), a.end(), body, true))));
        fused++;
      } else {
        out.add(k);
      }
    }
    if (fused == 0) return in;
    cx.explain(name(), fused + " loop(s) fused into the one before");
    return in.withStep(out);
  }

  /** The kernel's one statement, or null when it has several. */
  private static KStmt soleLoop(Kernel k) {
    return k.body().size() == 1 ? k.body().get(0) : null;
  }

  /** B's top-level locals that A also defines get a fresh suffix, throughout B. */
  private static List<KStmt> renameClashes(List<KStmt> a, List<KStmt> b) {
    Set<String> taken = new HashSet<>();
    collectLets(a, taken);
    Set<String> clashes = new HashSet<>();
    Set<String> bLets = new HashSet<>();
    collectLets(b, bLets);
    for (String n : bLets) if (taken.contains(n)) clashes.add(n);
    if (clashes.isEmpty()) return b;
    String suffix = "_2";
    while (true) {
      boolean free = true;
      for (String c : clashes) free &= !taken.contains(c + suffix) && !bLets.contains(c + suffix);
      if (free) break;
      suffix = suffix + "_";
    }
    String sfx = suffix;
    return renameStmts(b, n -> clashes.contains(n) ? n + sfx : n);
  }

  private static void collectLets(List<KStmt> body, Set<String> out) {
    for (KStmt s : body) {
      if (s instanceof KStmt.Let l) out.add(l.name());
      if (s instanceof KStmt.If f) {
        collectLets(f.then(), out);
        collectLets(f.otherwise(), out);
      }
    }
  }

  private static List<KStmt> renameStmts(List<KStmt> body, java.util.function.UnaryOperator<String> r) {
    List<KStmt> out = new ArrayList<>();
    for (KStmt s : body) {
      if (s instanceof KStmt.Let l) out.add(new KStmt.Let(r.apply(l.name()), rename(l.value(), r)));
      else if (s instanceof KStmt.Store st) out.add(new KStmt.Store(st.buffer(), rename(st.index(), r), rename(st.value(), r)));
      else if (s instanceof KStmt.If f) {
        out.add(new KStmt.If(rename(f.condition(), r), renameStmts(f.then(), r), renameStmts(f.otherwise(), r)));
      } else if (s instanceof KStmt.Emit e) out.add(new KStmt.Emit(e.spikeSet(), rename(e.index(), r)));
      else out.add(s);
    }
    return out;
  }

  private static KExpr rename(KExpr e, java.util.function.UnaryOperator<String> r) {
    if (e instanceof KExpr.Local l) return new KExpr.Local(r.apply(l.name()), l.type());
    if (e instanceof KExpr.Load l) return new KExpr.Load(l.buffer(), rename(l.index(), r), l.type());
    if (e instanceof KExpr.Unary u) return new KExpr.Unary(u.op(), rename(u.operand(), r));
    if (e instanceof KExpr.Binary b) return new KExpr.Binary(b.op(), rename(b.left(), r), rename(b.right(), r));
    if (e instanceof KExpr.Call c) return new KExpr.Call(c.fn(), c.args().stream().map(a -> rename(a, r)).toList());
    if (e instanceof KExpr.Select s) {
      return new KExpr.Select(rename(s.condition(), r), rename(s.then(), r), rename(s.otherwise(), r));
    }
    if (e instanceof KExpr.Cast c) return new KExpr.Cast(c.type(), rename(c.operand(), r));
    if (e instanceof KExpr.Rand x) return new KExpr.Rand(x.dist(), x.stream(), rename(x.index(), r));
    return e;
  }
}
