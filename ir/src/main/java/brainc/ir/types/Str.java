package brainc.ir.types;

/** A string, as in file names and labels. */
public record Str() implements Type {
  @Override
  public <R> R accept(TypeVisitor<R> v) {
    return v.visit(this);
  }
}
