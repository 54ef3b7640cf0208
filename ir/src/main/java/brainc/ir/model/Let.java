package brainc.ir.model;

import java.util.Objects;

/** A named intermediate value, recomputed each step. */
public record Let(String name, Expr value, Origin origin) {
  public Let {
    Checks.name(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }
}
