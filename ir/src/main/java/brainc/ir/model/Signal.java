package brainc.ir.model;

import java.util.Objects;

/** A global signal such as a neuromodulator, visible to modulated synapses. */
public record Signal(String name, Expr value, Origin origin) {
  public Signal {
    Checks.name(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }
}
