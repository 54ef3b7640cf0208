package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A range {@code low .. high}, as in task distributions and scenario windows. */
public record Interval(Expr low, Expr high, Type type) implements Expr {
  public Interval {
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(high, "high");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
