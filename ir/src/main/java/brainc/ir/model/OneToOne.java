package brainc.ir.model;

/** Source {@code i} connects to target {@code i}. */
public record OneToOne() implements Connectivity {
  @Override
  public <R> R accept(ConnectivityVisitor<R> v) {
    return v.visit(this);
  }
}
