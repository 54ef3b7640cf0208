package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;
import java.util.Optional;

/** A model parameter: shared by all instances, constant during a run. */
public record Param(
    String name,
    Type type,
    Optional<Expr> value,
    Optional<Interval> range,
    String doc,
    Origin origin) {
  public Param {
    Checks.name(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(origin, "origin");
  }
}
