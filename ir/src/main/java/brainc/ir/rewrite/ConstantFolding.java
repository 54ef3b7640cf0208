package brainc.ir.rewrite;

import brainc.ir.builtin.Builtin;
import brainc.ir.model.Binary;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Select;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import brainc.ir.types.Real;

/**
 * Folds arithmetic on constants: operators, pure math functions (the {@link Builtin} table's
 * evaluators) and conditionals whose condition is known. Identities with a neutral element
 * ({@code x * 1}, {@code x + 0}) are not rewritten, since they can change a literal zero's
 * dimension. The {@code fold-constants} pass applies it to a whole module; spec decoding applies
 * it to one setting.
 *
 * <p>Before: {@code ((60.0 * 0.27) / 10.0) * 0.001[V]}; after: {@code 0.00162[V]}.
 */
public final class ConstantFolding {
  private ConstantFolding() {}

  /** {@code e} with every constant subexpression folded; the same instance when nothing folds. */
  public static Expr fold(Expr e) {
    return Rewrite.bottomUp(e, ConstantFolding::foldNode);
  }

  private static Expr foldNode(Expr e) {
    if (e instanceof Unary u && u.operand() instanceof Const c) {
      return u.op() == UnaryOp.NEG ? new Const(-c.value(), c.type()) : e;
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NOT && u.operand() instanceof BoolConst b) {
      return new BoolConst(!b.value());
    }
    if (e instanceof Binary b && b.left() instanceof Const l && b.right() instanceof Const r) {
      double x = l.value();
      double y = r.value();
      return switch (b.op()) {
        case ADD -> num(x + y, b);
        case SUB -> num(x - y, b);
        case MUL -> num(x * y, b);
        case DIV -> y == 0 ? e : num(x / y, b);
        case POW -> num(Math.pow(x, y), b);
        case LT -> new BoolConst(x < y);
        case LE -> new BoolConst(x <= y);
        case GT -> new BoolConst(x > y);
        case GE -> new BoolConst(x >= y);
        case EQ -> new BoolConst(x == y);
        case NE -> new BoolConst(x != y);
        default -> e;
      };
    }
    if (e instanceof Binary b && b.left() instanceof BoolConst l && b.right() instanceof BoolConst r) {
      return switch (b.op()) {
        case AND -> new BoolConst(l.value() && r.value());
        case OR -> new BoolConst(l.value() || r.value());
        default -> e;
      };
    }
    if (e instanceof Select s && s.condition() instanceof BoolConst c) return c.value() ? s.then() : s.otherwise();
    if (e instanceof Call c && c.args().stream().allMatch(a -> a instanceof Const) && c.type() instanceof Real) {
      double[] a = c.args().stream().mapToDouble(x -> ((Const) x).value()).toArray();
      Double v = Builtin.named(c.function()).flatMap(f -> f.evaluate(a)).orElse(null);
      if (v != null && Double.isFinite(v)) return new Const(v, c.type());
    }
    return e;
  }

  private static Expr num(double v, Binary b) {
    if (!Double.isFinite(v) || !(b.type() instanceof Real r)) return b;
    return new Const(v, r);
  }
}
