package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A per-neuron state variable with its initial value. */
public record StateVar(String name, Type type, Expr initial, String doc, Origin origin) {
  public StateVar {
    Checks.name(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(origin, "origin");
  }
}
