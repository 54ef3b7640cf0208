package brainc.ir.types;

import java.util.Objects;

/** A reference to a declaration-level entity: a population, input group, module, factor, modality, control, output or signal. */
public record Entity(String kind) implements Type {
  public Entity {
    Objects.requireNonNull(kind, "kind");
    if (kind.isEmpty()) throw new IllegalArgumentException("empty entity kind");
  }

  @Override
  public <R> R accept(TypeVisitor<R> v) {
    return v.visit(this);
  }
}
