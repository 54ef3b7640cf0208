package brainc.ir.model;

import java.util.Objects;

/** A differential equation {@code dx/dt = rhs}; the dimension of the right side is that of {@code x} per second. */
public record Ode(String variable, Expr rhs, Origin origin) {
  public Ode {
    Checks.name(variable, "variable");
    Objects.requireNonNull(rhs, "rhs");
    Objects.requireNonNull(origin, "origin");
  }
}
