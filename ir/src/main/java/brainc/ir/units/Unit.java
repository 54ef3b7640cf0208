package brainc.ir.units;

import java.util.Objects;

/**
 * A unit of measurement: a value {@code x} in this unit is {@code x * scale} in SI base units.
 * For example {@code ms = (ms, 1e-3, s)} and {@code mV = (mV, 1e-3, m^2*kg*s^-3*A^-1)}.
 */
public record Unit(String symbol, double scale, Dimension dimension) {
  /** The unit of plain numbers. */
  public static final Unit ONE = new Unit("1", 1.0, Dimension.NONE);

  public Unit {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(dimension, "dimension");
    if (symbol.isEmpty()) throw new IllegalArgumentException("empty unit symbol");
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("unit scale must be positive and finite: " + scale);
    }
  }

  public Unit times(Unit o) {
    return new Unit(
        operand(symbol) + "*" + operand(o.symbol), scale * o.scale, dimension.times(o.dimension));
  }

  public Unit over(Unit o) {
    return new Unit(
        operand(symbol) + "/" + operand(o.symbol), scale / o.scale, dimension.over(o.dimension));
  }

  /** This unit to an integer power; the scale is built by repeated multiplication. */
  public Unit pow(int n) {
    double s = 1.0;
    for (int i = 0; i < Math.abs(n); i++) s *= scale;
    if (n < 0) s = 1.0 / s;
    return new Unit(operand(symbol) + "^" + n, s, dimension.pow(n));
  }

  /** The SI value of {@code value} expressed in this unit. */
  public double toSi(double value) {
    return value * scale;
  }

  /** The value in this unit of an SI value. */
  public double fromSi(double si) {
    return si / scale;
  }

  /** Symbols that are themselves products or quotients get parentheses when combined. */
  private static String operand(String s) {
    boolean compound = s.indexOf('*') >= 0 || s.indexOf('/') >= 0 || s.indexOf('^') >= 0;
    return compound ? "(" + s + ")" : s;
  }

  @Override
  public String toString() {
    return symbol;
  }
}
