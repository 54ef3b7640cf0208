package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A string constant. */
public record StrConst(String value) implements Expr {
  public StrConst {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }

  @Override
  public Type type() {
    return new brainc.ir.types.Str();
  }
}
