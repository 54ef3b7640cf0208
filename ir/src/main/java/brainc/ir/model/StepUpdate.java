package brainc.ir.model;

import java.util.Objects;

/** A discrete update {@code x <- value}, applied once per step. */
public record StepUpdate(String variable, Expr value, Origin origin) {
  public StepUpdate {
    Checks.name(variable, "variable");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }
}
