package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.List;
import java.util.Objects;

/** A vector literal. */
public record VecLit(List<Expr> elements, Type type) implements Expr {
  public VecLit {
    elements = List.copyOf(elements);
    Objects.requireNonNull(type, "type");
    if (elements.isEmpty()) throw new IllegalArgumentException("empty vector literal");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
