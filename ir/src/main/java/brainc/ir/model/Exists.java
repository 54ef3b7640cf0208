package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** Existential quantification. */
public record Exists(List<String> vars, Formula body) implements Formula {
  public Exists {
    vars = List.copyOf(vars);
    Objects.requireNonNull(body, "body");
    if (vars.isEmpty()) throw new IllegalArgumentException("a quantifier binds at least one variable");
    vars.forEach(x -> Checks.name(x, "variable"));
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
