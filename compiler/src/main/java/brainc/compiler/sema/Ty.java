package brainc.compiler.sema;

import brainc.ir.units.Dimension;
import brainc.ir.units.Units;

/**
 * The checker's types. {@link Unknown} is the type of anything already reported as wrong, so that
 * one mistake gives one diagnostic, not a cascade.
 */
public sealed interface Ty {
  Ty UNKNOWN = new Unknown();
  Ty BOOL = new Bool();
  Ty STR = new Str();
  Ty SCALAR = new Num(Dimension.NONE);
  Ty TIME = new Num(Dimension.TIME);

  static Ty num(Dimension d) {
    return new Num(d);
  }

  /** A number with a physical dimension. */
  record Num(Dimension dim) implements Ty {
    @Override
    public String toString() {
      return dim.isNone() ? "a plain number" : "a quantity in " + Units.display(dim);
    }
  }

  record Bool() implements Ty {
    @Override
    public String toString() {
      return "a condition (bool)";
    }
  }

  record Str() implements Ty {
    @Override
    public String toString() {
      return "a string";
    }
  }

  /** A vector; {@code size} is -1 when not known at compile time. */
  record Vec(Ty element, int size) implements Ty {
    @Override
    public String toString() {
      return "a vector" + (size >= 0 ? " of " + size : "") + " of " + element;
    }
  }

  /** {@code low .. high}. */
  record Range(Ty element) implements Ty {
    @Override
    public String toString() {
      return "a range of " + element;
    }
  }

  /** A reference to a thing rather than a value: a population, a modality, a model. */
  record Entity(Symbol.Kind kind, Symbol symbol) implements Ty {
    @Override
    public String toString() {
      return "the " + kind.label() + " `" + symbol.name() + "`";
    }
  }

  record Unknown() implements Ty {
    @Override
    public String toString() {
      return "an unknown type";
    }
  }

  default boolean isUnknown() {
    return this instanceof Unknown;
  }

  default Dimension dimOr(Dimension fallback) {
    return this instanceof Num n ? n.dim() : fallback;
  }
}
