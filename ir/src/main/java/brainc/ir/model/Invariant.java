package brainc.ir.model;

import java.util.Objects;

/** A condition that always holds. */
public record Invariant(Expr condition) implements PropertyBody {
  public Invariant {
    Objects.requireNonNull(condition, "condition");
  }

  @Override
  public <R> R accept(PropertyBodyVisitor<R> v) {
    return v.visit(this);
  }
}
