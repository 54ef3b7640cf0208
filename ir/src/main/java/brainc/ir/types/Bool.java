package brainc.ir.types;

/** A truth value. */
public record Bool() implements Type {
  @Override
  public <R> R accept(TypeVisitor<R> v) {
    return v.visit(this);
  }
}
