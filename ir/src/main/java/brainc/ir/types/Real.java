package brainc.ir.types;

import brainc.ir.units.Dimension;
import java.util.Objects;

/** A real number with a physical dimension; dimensionless numbers have {@link Dimension#NONE}. */
public record Real(Dimension dim) implements Type {
  public Real {
    Objects.requireNonNull(dim, "dim");
  }

  @Override
  public <R> R accept(TypeVisitor<R> v) {
    return v.visit(this);
  }

  /** The type of plain numbers. */
  public static final Real DIMENSIONLESS = new Real(Dimension.NONE);
}
