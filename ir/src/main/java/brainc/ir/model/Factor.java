package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A hidden state factor with named levels (or generated ones {@code "0" .. "n-1"}). */
public record Factor(String name, List<String> levels, Origin origin) {
  public Factor {
    Checks.name(name, "name");
    levels = List.copyOf(levels);
    Objects.requireNonNull(origin, "origin");
    if (levels.isEmpty()) throw new IllegalArgumentException(name + " has no levels");
  }
}
