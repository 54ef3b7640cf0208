package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A unary operation. */
public record Unary(UnaryOp op, Expr operand, Type type) implements Expr {
  public Unary {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(operand, "operand");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
