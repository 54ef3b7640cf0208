package brainc.ir.model;

/**
 * One step of a synapse's trace or equation of one projection, as solve-odes chose it:
 * {@code variable <- factor * variable + offset}, the exact solution of x' = a x + b over the
 * time step (a trace decays with factor exp(-dt / tau) and no offset). solve-odes finds
 * {@code a} and {@code b} with {@code brainc.ir.analysis.LinearInSelf}, as the {@code java}
 * target does, which solves the same equation over the time between two events.
 */
public record LinearStep(String variable, double factor, double offset) {
  public LinearStep {
    Checks.name(variable, "variable");
  }

  /** The exact step of x' = a x + b over {@code h}: factor exp(a h), offset b h (a = 0) or b / a (exp(a h) - 1). */
  public static LinearStep exact(String variable, double a, double b, double h) {
    double e = Math.exp(a * h);
    return new LinearStep(variable, e, a == 0 ? b * h : b / a * (e - 1));
  }

  /** The exact decay of a trace over {@code h}: factor exp(-h / tau), no offset. */
  public static LinearStep decay(String variable, double tau, double h) {
    return new LinearStep(variable, Math.exp(-h / tau), 0);
  }
}
