package brainc.compiler.sema;

import brainc.ir.units.Dimension;
import brainc.ir.units.Units;
import java.util.List;
import java.util.Optional;

/**
 * One parameter of a built-in constructor or family section: its name, what values it takes,
 * its default (absent when required) and its documentation. Defaults are in SI units.
 */
public record ParamSpec(String name, Expect expect, Optional<Object> defaultValue, String doc) {

  public boolean required() {
    return defaultValue.isEmpty();
  }

  /** What a value must be. */
  public sealed interface Expect {
    /**
     * A constant quantity of this dimension, optionally bounded (in SI); {@code minOpen}: the
     * value must exceed {@code min} (a time constant, a rate or a fraction that must not be 0).
     */
    record Quantity(Dimension dim, double min, double max, boolean minOpen) implements Expect {
      public Quantity(Dimension dim, double min, double max) {
        this(dim, min, max, false);
      }

      /** Whether {@code v} satisfies the bounds. */
      public boolean admits(double v) {
        return (minOpen ? v > min : v >= min) && v <= max;
      }
    }

    /** A whole number, optionally bounded. */
    record Whole(long min, long max) implements Expect {}

    record Flag() implements Expect {}

    /** One of a closed set of names; {@code orNumber} also allows a plain number (e.g. `auto` or 0.5). */
    record Choice(List<String> choices, boolean orNumber) implements Expect {}

    /** A range {@code low .. high} of this dimension. */
    record Interval(Dimension dim) implements Expect {}

    record Text() implements Expect {}

    /** A call to one of the named constructors of another catalog family (e.g. an optimizer). */
    record Constructor(String family) implements Expect {}

    /** Any expression, checked by its context (e.g. the input of a loss). */
    record AnyExpr() implements Expect {}
  }

  /** How the default reads in documentation, e.g. {@code 20 ms} or {@code top_k}. */
  public String defaultText() {
    if (defaultValue.isEmpty()) return "required";
    Object v = defaultValue.get();
    if (v instanceof Double d && expect instanceof Expect.Quantity q && !q.dim().isNone()) {
      return formatNumber(d) + " " + Units.display(q.dim());
    }
    if (v instanceof Double d) return formatNumber(d);
    if (v instanceof double[] r) return formatNumber(r[0]) + " .. " + formatNumber(r[1]);
    return String.valueOf(v);
  }

  private static String formatNumber(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    return String.valueOf(d);
  }
}
