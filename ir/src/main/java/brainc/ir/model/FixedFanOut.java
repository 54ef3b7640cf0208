package brainc.ir.model;

/** Each source reaches {@code k} targets. */
public record FixedFanOut(int k) implements Connectivity {
  public FixedFanOut {
    if (k < 1) throw new IllegalArgumentException("fan-out must be positive: " + k);
  }

  @Override
  public <R> R accept(ConnectivityVisitor<R> v) {
    return v.visit(this);
  }
}
