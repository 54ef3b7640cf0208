package brainc.ir.model;

import brainc.ir.types.Type;

/** A typed expression. Expressions carry no source spans, so that record equality is structural. */
public sealed interface Expr permits Const, BoolConst, StrConst, Ref, Unary, Binary, Call, Select, VecLit, Interval {
  /** The type the front end assigned; numbers are in SI base units of its dimension. */
  Type type();

  <R> R accept(ExprVisitor<R> v);
}
