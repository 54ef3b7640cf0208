package brainc.ir.units;

import java.util.List;

/**
 * A physical dimension as integer exponents of the seven SI base quantities. Dimensions form a
 * free abelian group under {@link #times}; {@link #NONE} is its identity.
 */
public record Dimension(
    int length, int mass, int time, int current, int temperature, int amount, int luminosity) {

  public static final Dimension NONE = new Dimension(0, 0, 0, 0, 0, 0, 0);
  public static final Dimension LENGTH = new Dimension(1, 0, 0, 0, 0, 0, 0);
  public static final Dimension MASS = new Dimension(0, 1, 0, 0, 0, 0, 0);
  public static final Dimension TIME = new Dimension(0, 0, 1, 0, 0, 0, 0);
  public static final Dimension CURRENT = new Dimension(0, 0, 0, 1, 0, 0, 0);
  public static final Dimension TEMPERATURE = new Dimension(0, 0, 0, 0, 1, 0, 0);
  public static final Dimension AMOUNT = new Dimension(0, 0, 0, 0, 0, 1, 0);
  public static final Dimension LUMINOSITY = new Dimension(0, 0, 0, 0, 0, 0, 1);

  /** The base-unit symbols in canonical order; the order of the record components. */
  private static final List<String> BASE_SYMBOLS = List.of("m", "kg", "s", "A", "K", "mol", "cd");

  private static Dimension of(int[] e) {
    return new Dimension(e[0], e[1], e[2], e[3], e[4], e[5], e[6]);
  }

  private int exponent(int i) {
    switch (i) {
      case 0: return length;
      case 1: return mass;
      case 2: return time;
      case 3: return current;
      case 4: return temperature;
      case 5: return amount;
      default: return luminosity;
    }
  }

  public Dimension times(Dimension o) {
    int[] e = new int[7];
    for (int i = 0; i < 7; i++) e[i] = exponent(i) + o.exponent(i);
    return of(e);
  }

  public Dimension over(Dimension o) {
    return times(o.inverse());
  }

  public Dimension pow(int n) {
    int[] e = new int[7];
    for (int i = 0; i < 7; i++) e[i] = Math.multiplyExact(exponent(i), n);
    return of(e);
  }

  public Dimension inverse() {
    return pow(-1);
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** Canonical text, e.g. {@code m^2*kg*s^-3*A^-1}; {@code 1} for {@link #NONE}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      int e = exponent(i);
      if (e == 0) continue;
      if (b.length() > 0) b.append('*');
      b.append(BASE_SYMBOLS.get(i));
      if (e != 1) b.append('^').append(e);
    }
    return b.length() == 0 ? "1" : b.toString();
  }

  /**
   * Reads the canonical text that {@link #toString} writes. Factors may come in any order and a
   * base symbol may repeat (exponents add), so that hand-written text is accepted too.
   *
   * @throws IllegalArgumentException when the text is not a product of base-unit powers
   */
  public static Dimension parse(String canonical) {
    String text = canonical.strip();
    if (text.equals("1")) return NONE;
    if (text.isEmpty()) throw new IllegalArgumentException("empty dimension");
    int[] e = new int[7];
    for (String factor : text.split("\\*", -1)) {
      String f = factor.strip();
      int caret = f.indexOf('^');
      String symbol = caret < 0 ? f : f.substring(0, caret);
      int exp;
      try {
        exp = caret < 0 ? 1 : Integer.parseInt(f.substring(caret + 1).strip());
      } catch (NumberFormatException x) {
        throw new IllegalArgumentException("bad exponent in dimension '" + canonical + "'");
      }
      int i = BASE_SYMBOLS.indexOf(symbol.strip());
      if (i < 0) {
        throw new IllegalArgumentException(
            "unknown base unit '" + symbol + "' in dimension '" + canonical + "'");
      }
      e[i] += exp;
    }
    return of(e);
  }
}
