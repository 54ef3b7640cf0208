package brainc.ir.model;

import brainc.ir.types.Type;

/** Exhaustive dispatch over {@link Expr}: one method per permitted record. */
public interface ExprVisitor<R> {
  R visit(Const node);

  R visit(BoolConst node);

  R visit(StrConst node);

  R visit(Ref node);

  R visit(Unary node);

  R visit(Binary node);

  R visit(Call node);

  R visit(Select node);

  R visit(VecLit node);

  R visit(Interval node);
}
