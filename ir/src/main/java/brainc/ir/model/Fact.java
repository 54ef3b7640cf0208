package brainc.ir.model;

import java.util.Objects;

/** A ground atom with its truth value. */
public record Fact(Atom atom, double truth, Origin origin) {
  public Fact {
    Objects.requireNonNull(atom, "atom");
    Objects.requireNonNull(origin, "origin");
    if (!(truth >= 0 && truth <= 1)) throw new IllegalArgumentException("truth value outside [0, 1]: " + truth);
  }
}
