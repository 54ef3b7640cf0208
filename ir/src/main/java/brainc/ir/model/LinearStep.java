package brainc.ir.model;

/**
 * One step of a synapse's trace or equation of one projection, as solve-odes chose it:
 * {@code variable <- factor * variable + offset}, the exact solution of x' = a x + b over the
 * time step (a trace decays with factor exp(-dt / tau) and no offset).
 */
public record LinearStep(String variable, double factor, double offset) {
  public LinearStep {
    Checks.name(variable, "variable");
  }
}
