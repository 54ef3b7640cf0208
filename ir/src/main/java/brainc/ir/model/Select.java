package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A conditional expression. */
public record Select(Expr condition, Expr then, Expr otherwise, Type type) implements Expr {
  public Select {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(then, "then");
    Objects.requireNonNull(otherwise, "otherwise");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
