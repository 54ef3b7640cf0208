package brainc.compiler.passes;

import brainc.ir.model.Binary;
import brainc.ir.model.Call;
import brainc.ir.model.Expr;
import brainc.ir.model.Let;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Select;
import brainc.ir.model.StepUpdate;
import brainc.ir.model.Unary;
import brainc.ir.rewrite.Rewrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the costly subexpressions (a function call or a conditional) that occur more than once in
 * a neuron's solved update, so that each is computed once per neuron and step: the rate functions
 * of a Hodgkin-Huxley gate appear both in exponential Euler's A and in its B/A. Expressions are
 * records with structural equality, so repeated subtrees are found by counting them; the largest
 * repeated one is named first. A let holds the same float as the subexpression it replaces, so
 * results do not change.
 *
 * <p>Before: {@code let A = -(f(v) + g(v))}, {@code let BA = f(v) / A}; after: {@code let cse_0 =
 * f(v)}, {@code let A = -(cse_0 + g(v))}, {@code let BA = cse_0 / A}.
 */
final class ShareSubexpressions {
  private ShareSubexpressions() {}

  /** The lets and steps after sharing; {@code lets} and {@code steps} are rewritten in place. Returns how many were named. */
  static int share(List<Let> lets, List<StepUpdate> steps) {
    int named = 0;
    while (true) {
      Map<Expr, Integer> counts = new LinkedHashMap<>();
      for (Let l : lets) count(l.value(), counts);
      for (StepUpdate s : steps) count(s.value(), counts);
      Expr best = null;
      int bestSize = 0;
      for (var e : counts.entrySet()) {
        if (e.getValue() < 2) continue;
        int size = size(e.getKey());
        if (size > bestSize) {
          best = e.getKey();
          bestSize = size;
        }
      }
      if (best == null) return named;
      String name = "cse_" + named++;
      Expr target = best;
      Ref ref = new Ref(RefKind.LET, name, best.type());
      java.util.function.UnaryOperator<Expr> replace = e -> Rewrite.bottomUp(e, x -> x.equals(target) ? ref : x);
      // The new let goes just before the first let that uses it (its own let reads are defined
      // before that one), else after all lets (only steps use it).
      int at = lets.size();
      for (int i = 0; i < lets.size(); i++) {
        if (contains(lets.get(i).value(), target)) {
          at = i;
          break;
        }
      }
      brainc.ir.model.Origin origin = at < lets.size() ? lets.get(at).origin()
          : steps.stream().filter(s -> contains(s.value(), target)).findFirst().map(StepUpdate::origin).orElseThrow();
      for (int i = 0; i < lets.size(); i++) {
        Let l = lets.get(i);
        lets.set(i, new Let(l.name(), replace.apply(l.value()), l.origin()));
      }
      for (int i = 0; i < steps.size(); i++) {
        StepUpdate s = steps.get(i);
        steps.set(i, new StepUpdate(s.variable(), replace.apply(s.value()), s.origin()));
      }
      lets.add(at, new Let(name, target, origin));
    }
  }

  /** Counts every costly subtree of {@code e} (a call or a conditional, or arithmetic over one). */
  private static boolean count(Expr e, Map<Expr, Integer> counts) {
    boolean costly = e instanceof Call || e instanceof Select;
    if (e instanceof Unary u) costly |= count(u.operand(), counts);
    if (e instanceof Binary b) {
      costly |= count(b.left(), counts);
      costly |= count(b.right(), counts);
    }
    if (e instanceof Call c) for (Expr a : c.args()) count(a, counts);
    if (e instanceof Select s) {
      count(s.condition(), counts);
      count(s.then(), counts);
      count(s.otherwise(), counts);
    }
    if (costly) counts.merge(e, 1, Integer::sum);
    return costly;
  }

  private static boolean contains(Expr e, Expr part) {
    if (e.equals(part)) return true;
    if (e instanceof Unary u) return contains(u.operand(), part);
    if (e instanceof Binary b) return contains(b.left(), part) || contains(b.right(), part);
    if (e instanceof Call c) return c.args().stream().anyMatch(a -> contains(a, part));
    if (e instanceof Select s) return contains(s.condition(), part) || contains(s.then(), part) || contains(s.otherwise(), part);
    return false;
  }

  private static int size(Expr e) {
    if (e instanceof Unary u) return 1 + size(u.operand());
    if (e instanceof Binary b) return 1 + size(b.left()) + size(b.right());
    if (e instanceof Call c) return 1 + c.args().stream().mapToInt(ShareSubexpressions::size).sum();
    if (e instanceof Select s) return 1 + size(s.condition()) + size(s.then()) + size(s.otherwise());
    return 1;
  }
}
