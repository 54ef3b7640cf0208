package brainc.ir.model;

import brainc.ir.types.Type;

/** A truth constant. */
public record BoolConst(boolean value) implements Expr {
  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }

  @Override
  public Type type() {
    return new brainc.ir.types.Bool();
  }
}
