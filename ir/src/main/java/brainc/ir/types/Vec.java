package brainc.ir.types;

import java.util.Objects;

/** A fixed-size vector, such as a probability vector of an agent. */
public record Vec(Type element, int size) implements Type {
  public Vec {
    Objects.requireNonNull(element, "element");
    if (size < 1) throw new IllegalArgumentException("vector size must be at least 1: " + size);
  }

  @Override
  public <R> R accept(TypeVisitor<R> v) {
    return v.visit(this);
  }
}
