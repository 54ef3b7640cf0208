package brainc.ir.model;

import java.util.Objects;

/** Conjunction. */
public record And(Formula left, Formula right) implements Formula {
  public And {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
