package brainc.ir.model;

/** Each pair connects independently with probability {@code p}. */
public record Probability(double p) implements Connectivity {
  public Probability {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("connection probability outside [0, 1]: " + p);
  }

  @Override
  public <R> R accept(ConnectivityVisitor<R> v) {
    return v.visit(this);
  }
}
