package brainc.ir.model;

import java.util.Objects;

/** A predicate of a rule base and its arity. */
public record Predicate(String name, int arity, Origin origin) {
  public Predicate {
    Checks.name(name, "name");
    Objects.requireNonNull(origin, "origin");
    if (arity < 0) throw new IllegalArgumentException("negative arity");
  }
}
