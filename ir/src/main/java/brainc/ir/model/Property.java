package brainc.ir.model;

import java.util.Objects;

/** A named property of a model, checked by {@code brainc verify}. */
public record Property(String name, PropertyBody body, Origin origin) {
  public Property {
    Checks.name(name, "name");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(origin, "origin");
  }
}
