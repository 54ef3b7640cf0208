package brainc.ir.model;

/** Every source connects to every target. */
public record AllToAll() implements Connectivity {
  @Override
  public <R> R accept(ConnectivityVisitor<R> v) {
    return v.visit(this);
  }
}
