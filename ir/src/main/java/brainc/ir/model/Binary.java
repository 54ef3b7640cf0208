package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A binary operation. */
public record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {
  public Binary {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
