package brainc.ir.kernel;

import brainc.ir.kernel.KernelProgram.Kernel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one race analysis of the kernel IR: which loops of a kernel can run as chunks on several
 * threads (or as GPU threads), those whose iterations touch only their own element. The
 * {@code mark-parallel-loops} pass records its answer on each kernel's top-level loops
 * ({@link KStmt.ForRange#parallel()}); fusion and every backend read the mark, and the verifier
 * checks that a marked loop passes this analysis.
 *
 * <pre>
 *   for i in 0 .. n { let v = "v"[i]; "v"[i] = v * 0.9f32; if (v > 1f32) { emit all[i] } }   splits
 *   for i in 0 .. n { "v"[i] = "v"[(i + 1)] }                                                   does not
 * </pre>
 *
 * <p>The rule is the fusion pass's: only lets, stores, ifs and emits, and every load, store and
 * emit at exactly the loop variable, which no let of the body rebinds. Iteration {@code i} then
 * reads and writes element {@code i} of each buffer and nothing else, so the iterations commute
 * and any split into chunks computes the sequential bits; the emits, whose order matters, are
 * put back in order by {@code ParallelRanges}. Locals from outside the loop are read only.
 */
public final class ParallelLoops {
  private ParallelLoops() {}

  /** Whether {@code loop}'s iterations may run in any order and on any thread. */
  public static boolean elementwise(KStmt.ForRange loop) {
    return body(loop.body(), loop.var());
  }

  /**
   * The program with each kernel's top-level loops marked parallel exactly when they are
   * elementwise; the same object when every mark is already right.
   */
  public static KernelProgram mark(KernelProgram p) {
    List<Kernel> out = new ArrayList<>();
    boolean changed = false;
    for (Kernel k : p.step()) {
      List<KStmt> body = new ArrayList<>();
      boolean kernelChanged = false;
      for (KStmt s : k.body()) {
        if (s instanceof KStmt.ForRange r && r.parallel() != elementwise(r)) {
          body.add(new KStmt.ForRange(r.var(), r.start(), r.end(), r.body(), !r.parallel()));
          kernelChanged = true;
        } else {
          body.add(s);
        }
      }
      out.add(kernelChanged ? k.withBody(body) : k);
      changed |= kernelChanged;
    }
    return changed ? p.withStep(out) : p;
  }

  /**
   * The program with each parallel loop at the top of a step kernel marked outlined: the unit a
   * backend hands to its threads as one method over a sub-range; the same object when every mark
   * is already right. Only such loops are outlined, as the verifier checks: a nested loop runs
   * inside its outer one's iteration, and {@code init} runs before the crew matters.
   */
  public static KernelProgram outline(KernelProgram p) {
    List<Kernel> out = new ArrayList<>();
    boolean changed = false;
    for (Kernel k : p.step()) {
      List<KStmt> body = new ArrayList<>();
      boolean kernelChanged = false;
      for (KStmt s : k.body()) {
        if (s instanceof KStmt.ForRange r && r.parallel() != r.outlined()) {
          body.add(new KStmt.ForRange(r.var(), r.start(), r.end(), r.body(), r.parallel(), r.parallel()));
          kernelChanged = true;
        } else {
          body.add(s);
        }
      }
      out.add(kernelChanged ? k.withBody(body) : k);
      changed |= kernelChanged;
    }
    return changed ? p.withStep(out) : p;
  }

  private static boolean body(List<KStmt> stmts, String var) {
    for (KStmt s : stmts) {
      if (s instanceof KStmt.Store st) {
        if (!isVar(st.index(), var) || !expr(st.value(), var)) {
          return false;
        }
      } else if (s instanceof KStmt.Let l) {
        if (l.name().equals(var) || !expr(l.value(), var)) {
          return false;
        }
      } else if (s instanceof KStmt.If f) {
        if (!expr(f.condition(), var) || !body(f.then(), var) || !body(f.otherwise(), var)) {
          return false;
        }
      } else if (s instanceof KStmt.Emit e) {
        if (!isVar(e.index(), var)) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isVar(KExpr e, String var) {
    return e instanceof KExpr.Local l && l.name().equals(var) && l.type() == Scalar.I32;
  }

  private static boolean expr(KExpr e, String var) {
    if (e instanceof KExpr.Load l) {
      return isVar(l.index(), var);
    }
    if (e instanceof KExpr.Unary u) {
      return expr(u.operand(), var);
    }
    if (e instanceof KExpr.Binary b) {
      return expr(b.left(), var) && expr(b.right(), var);
    }
    if (e instanceof KExpr.Call c) {
      return c.args().stream().allMatch(a -> expr(a, var));
    }
    if (e instanceof KExpr.Select s) {
      return expr(s.condition(), var) && expr(s.then(), var) && expr(s.otherwise(), var);
    }
    if (e instanceof KExpr.Cast c) {
      return expr(c.operand(), var);
    }
    if (e instanceof KExpr.Rand r) {
      return expr(r.index(), var);
    }
    return true;
  }

  /** The spike sets a splittable loop emits into, in order of first appearance. */
  public static List<String> emittedSets(KStmt.ForRange loop) {
    Set<String> out = new LinkedHashSet<>();
    emits(loop.body(), out);
    return List.copyOf(out);
  }

  private static void emits(List<KStmt> stmts, Set<String> out) {
    for (KStmt s : stmts) {
      if (s instanceof KStmt.Emit e) {
        out.add(e.spikeSet());
      } else if (s instanceof KStmt.If f) {
        emits(f.then(), out);
        emits(f.otherwise(), out);
      }
    }
  }

  /**
   * The locals a splittable loop reads from outside itself, with the types it reads them as, in
   * order of first use; never the loop variable. A let's value is read before its name is bound,
   * as the backends scope it: {@code let x = x + 1} reads an outer {@code x}.
   */
  public static Map<String, Scalar> freeLocals(KStmt.ForRange loop) {
    Map<String, Scalar> out = new LinkedHashMap<>();
    Set<String> bound = new HashSet<>();
    bound.add(loop.var());
    free(loop.body(), bound, out);
    return out;
  }

  private static void free(List<KStmt> stmts, Set<String> outer, Map<String, Scalar> out) {
    Set<String> bound = new HashSet<>(outer);
    for (KStmt s : stmts) {
      if (s instanceof KStmt.Store st) {
        free(st.index(), bound, out);
        free(st.value(), bound, out);
      } else if (s instanceof KStmt.Let l) {
        free(l.value(), bound, out);
        bound.add(l.name());
      } else if (s instanceof KStmt.If f) {
        free(f.condition(), bound, out);
        free(f.then(), bound, out);
        free(f.otherwise(), bound, out);
      } else if (s instanceof KStmt.Emit e) {
        free(e.index(), bound, out);
      }
    }
  }

  private static void free(KExpr e, Set<String> bound, Map<String, Scalar> out) {
    if (e instanceof KExpr.Local l) {
      if (!bound.contains(l.name())) {
        out.putIfAbsent(l.name(), l.type());
      }
    } else if (e instanceof KExpr.Load l) {
      free(l.index(), bound, out);
    } else if (e instanceof KExpr.Unary u) {
      free(u.operand(), bound, out);
    } else if (e instanceof KExpr.Binary b) {
      free(b.left(), bound, out);
      free(b.right(), bound, out);
    } else if (e instanceof KExpr.Call c) {
      c.args().forEach(a -> free(a, bound, out));
    } else if (e instanceof KExpr.Select s) {
      free(s.condition(), bound, out);
      free(s.then(), bound, out);
      free(s.otherwise(), bound, out);
    } else if (e instanceof KExpr.Cast c) {
      free(c.operand(), bound, out);
    } else if (e instanceof KExpr.Rand r) {
      free(r.index(), bound, out);
    }
  }
}
