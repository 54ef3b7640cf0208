package brainc.ir.model;

import java.util.Objects;

/** Implication. */
public record Implies(Formula left, Formula right) implements Formula {
  public Implies {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
