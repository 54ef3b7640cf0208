package brainc.ir.model;

import java.util.Objects;

/** Negation. */
public record Not(Formula operand) implements Formula {
  public Not {
    Objects.requireNonNull(operand, "operand");
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
