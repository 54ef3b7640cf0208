package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.Objects;

/** A number in SI base units of its dimension, e.g. 20 ms is {@code 0.02} of type {@code real[s]}. */
public record Const(double value, Type type) implements Expr {
  public Const {
    Objects.requireNonNull(type, "type");
    if (!(type instanceof brainc.ir.types.Real)) throw new IllegalArgumentException("a constant is a real number, not " + type);
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }

  /** A dimensionless constant. */
  public static Const of(double value) {
    return new Const(value, brainc.ir.types.Real.DIMENSIONLESS);
  }
}
