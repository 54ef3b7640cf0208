package brainc.ir.types;

import java.util.List;
import java.util.Objects;

/** A finite set of named levels, such as the actions of a control. */
public record Enum(String name, List<String> levels) implements Type {
  public Enum {
    Objects.requireNonNull(name, "name");
    levels = List.copyOf(levels);
    if (name.isEmpty()) throw new IllegalArgumentException("empty enum name");
    if (levels.isEmpty()) throw new IllegalArgumentException("enum " + name + " has no levels");
    if (new java.util.HashSet<>(levels).size() != levels.size()) throw new IllegalArgumentException("enum " + name + " repeats a level");
  }

  @Override
  public <R> R accept(TypeVisitor<R> v) {
    return v.visit(this);
  }
}
