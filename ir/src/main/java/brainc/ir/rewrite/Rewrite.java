package brainc.ir.rewrite;

import brainc.ir.model.Binary;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Interval;
import brainc.ir.model.Ref;
import brainc.ir.model.Select;
import brainc.ir.model.StrConst;
import brainc.ir.model.Unary;
import brainc.ir.model.VecLit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Bottom-up rewriting of model-IR expressions. A rewrite that changes nothing returns the same
 * instance, so passes can tell cheaply whether they did anything.
 */
public final class Rewrite {
  private Rewrite() {}

  /** Applies {@code f} to every node, children first. */
  public static Expr bottomUp(Expr e, UnaryOperator<Expr> f) {
    Expr rebuilt = e;
    if (e instanceof Unary u) {
      Expr o = bottomUp(u.operand(), f);
      if (o != u.operand()) rebuilt = new Unary(u.op(), o, u.type());
    } else if (e instanceof Binary b) {
      Expr l = bottomUp(b.left(), f);
      Expr r = bottomUp(b.right(), f);
      if (l != b.left() || r != b.right()) rebuilt = new Binary(b.op(), l, r, b.type());
    } else if (e instanceof Call c) {
      List<Expr> args = all(c.args(), f);
      if (args != c.args()) rebuilt = new Call(c.function(), args, c.type());
    } else if (e instanceof Select s) {
      Expr c = bottomUp(s.condition(), f);
      Expr t = bottomUp(s.then(), f);
      Expr o = bottomUp(s.otherwise(), f);
      if (c != s.condition() || t != s.then() || o != s.otherwise()) rebuilt = new Select(c, t, o, s.type());
    } else if (e instanceof VecLit v) {
      List<Expr> items = all(v.elements(), f);
      if (items != v.elements()) rebuilt = new VecLit(items, v.type());
    } else if (e instanceof Interval i) {
      Expr lo = bottomUp(i.low(), f);
      Expr hi = bottomUp(i.high(), f);
      if (lo != i.low() || hi != i.high()) rebuilt = new Interval(lo, hi, i.type());
    } else if (!(e instanceof Const || e instanceof BoolConst || e instanceof StrConst || e instanceof Ref)) {
      throw new IllegalStateException("unknown expression " + e);
    }
    // Identity, not equals: a deep comparison at every node made rewriting quadratic, and a
    // rewrite that changes nothing already returns the same instance.
    return f.apply(rebuilt);
  }

  private static List<Expr> all(List<Expr> xs, UnaryOperator<Expr> f) {
    List<Expr> out = new ArrayList<>(xs.size());
    boolean changed = false;
    for (Expr x : xs) {
      Expr y = bottomUp(x, f);
      changed |= y != x;
      out.add(y);
    }
    return changed ? out : xs;
  }

  /** Replaces references of one kind by name. */
  public static Expr substitute(Expr e, brainc.ir.model.RefKind kind, java.util.Map<String, Expr> values) {
    return bottomUp(e, x -> x instanceof Ref r && r.kind() == kind && values.containsKey(r.name())
        ? values.get(r.name()) : x);
  }
}
