package brainc.ir.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A differential equation {@code dx/dt = rhs}; the dimension of the right side is that of {@code x}
 * per second. {@code method} is the integration method the user chose for it, if any.
 */
public record Ode(String variable, Expr rhs, Origin origin, Optional<IntegrationMethod.Choice> method) {
  public Ode {
    Checks.name(variable, "variable");
    Objects.requireNonNull(rhs, "rhs");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(method, "method");
  }

  /** An equation whose method solve-odes chooses. */
  public Ode(String variable, Expr rhs, Origin origin) {
    this(variable, rhs, origin, Optional.empty());
  }

  /** This equation with another right side, keeping its method. */
  public Ode withRhs(Expr rhs) {
    return new Ode(variable, rhs, origin, method);
  }
}
