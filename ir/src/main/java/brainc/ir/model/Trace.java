package brainc.ir.model;

import java.util.Objects;

/** A trace that decays with {@code tau} and grows by {@code increment} on each spike of its side. */
public record Trace(String name, Side side, Expr tau, Expr increment, Origin origin) {
  public Trace {
    Checks.name(name, "name");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(tau, "tau");
    Objects.requireNonNull(increment, "increment");
    Objects.requireNonNull(origin, "origin");
  }
}
