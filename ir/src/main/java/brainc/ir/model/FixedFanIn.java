package brainc.ir.model;

/** Each target gets {@code k} sources. */
public record FixedFanIn(int k) implements Connectivity {
  public FixedFanIn {
    if (k < 1) throw new IllegalArgumentException("fan-in must be positive: " + k);
  }

  @Override
  public <R> R accept(ConnectivityVisitor<R> v) {
    return v.visit(this);
  }
}
