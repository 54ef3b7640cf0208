package brainc.ir.model;

/** A dense trainable weight matrix between layers. */
public record Dense() implements Connectivity {
  @Override
  public <R> R accept(ConnectivityVisitor<R> v) {
    return v.visit(this);
  }
}
