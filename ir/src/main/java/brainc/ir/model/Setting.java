package brainc.ir.model;

import java.util.Objects;

/** One {@code name = value} pair of an ordered settings list, with defaults already filled in. */
public record Setting(String name, Expr value) {
  public Setting {
    Checks.name(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
