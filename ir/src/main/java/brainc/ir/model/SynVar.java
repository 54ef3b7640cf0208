package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A per-synapse variable with its initial value. */
public record SynVar(String name, Type type, Expr initial, String doc, Origin origin) {
  public SynVar {
    Checks.name(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(origin, "origin");
  }
}
