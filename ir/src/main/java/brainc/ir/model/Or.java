package brainc.ir.model;

import java.util.Objects;

/** Disjunction. */
public record Or(Formula left, Formula right) implements Formula {
  public Or {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
