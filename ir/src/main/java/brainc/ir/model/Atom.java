package brainc.ir.model;

import java.util.List;

/** A predicate applied to variables or constants. */
public record Atom(String predicate, List<String> terms) implements Formula {
  public Atom {
    Checks.name(predicate, "predicate");
    terms = List.copyOf(terms);
    terms.forEach(t -> Checks.name(t, "term"));
  }

  @Override
  public <R> R accept(FormulaVisitor<R> v) {
    return v.visit(this);
  }
}
