package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A resolved reference to a named member of the enclosing scope or a global entity. */
public record Ref(RefKind kind, String name, Type type) implements Expr {
  public Ref {
    Objects.requireNonNull(kind, "kind");
    Checks.name(name, "name");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
