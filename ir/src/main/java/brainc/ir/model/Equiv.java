package brainc.ir.model;

import java.util.Objects;

/** Equivalence. */
public record Equiv(Formula left, Formula right) implements Formula {
  public Equiv {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
