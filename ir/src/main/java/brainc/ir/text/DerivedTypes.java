package brainc.ir.text;

import brainc.ir.model.BinaryOp;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.UnaryOp;
import brainc.ir.types.Bool;
import brainc.ir.types.Real;
import brainc.ir.types.Type;
import brainc.ir.types.Vec;
import java.util.List;

/**
 * The type an inner expression node has when the front end followed the usual rules. The
 * printer omits a node's type when it equals this one and the parser fills it back in, so the
 * text stays readable while {@code parse(print(m)).equals(m)} still holds for any stored type.
 *
 * <p>Example: {@code (state v : real[m^2*kg*s^-3*A^-1] / param tau : real[s])} needs no
 * annotation because the quotient's type is derived as {@code real[m^2*kg*s^-4*A^-1]}.
 */
final class DerivedTypes {
  private DerivedTypes() {}

  static Type unary(UnaryOp op, Expr operand) {
    return op == UnaryOp.NOT ? new Bool() : operand.type();
  }

  static Type binary(BinaryOp op, Expr left, Expr right) {
    if (op.isComparison() || op.isLogical()) return new Bool();
    Type l = left.type();
    Type r = right.type();
    try {
      switch (op) {
        case MUL:
          if (l instanceof Real && r instanceof Real) {
            return new Real(((Real) l).dim().times(((Real) r).dim()));
          }
          return l;
        case DIV:
          if (l instanceof Real && r instanceof Real) {
            return new Real(((Real) l).dim().over(((Real) r).dim()));
          }
          return l;
        case POW:
          if (l instanceof Real && right instanceof Const) {
            double n = ((Const) right).value();
            if (n == Math.rint(n) && Math.abs(n) <= 64) {
              return new Real(((Real) l).dim().pow((int) n));
            }
          }
          return l;
        default:
          return l;
      }
    } catch (ArithmeticException overflow) {
      return l;
    }
  }

  static Type select(Expr then) {
    return then.type();
  }

  static Type vector(List<Expr> elements) {
    return new Vec(elements.get(0).type(), elements.size());
  }

  static Type interval(Expr low) {
    return low.type();
  }
}
