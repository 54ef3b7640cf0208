package brainc.ir.units;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table of known units, the reader of unit expressions written in type positions, and the
 * readable names of dimensions used in messages.
 */
public final class Units {
  private Units() {}

  private static final Dimension VOLT = Dimension.parse("m^2*kg*s^-3*A^-1");
  private static final Dimension FARAD = Dimension.parse("m^-2*kg^-1*s^4*A^2");
  private static final Dimension SIEMENS = Dimension.parse("m^-2*kg^-1*s^3*A^2");
  private static final Dimension OHM = Dimension.parse("m^2*kg*s^-3*A^-2");
  private static final Dimension COULOMB = Dimension.parse("s*A");
  private static final Dimension WATT = Dimension.parse("m^2*kg*s^-3");
  private static final Dimension JOULE = Dimension.parse("m^2*kg*s^-2");
  private static final Dimension NEWTON = Dimension.parse("m*kg*s^-2");
  private static final Dimension PASCAL = Dimension.parse("m^-1*kg*s^-2");
  private static final Dimension HERTZ = Dimension.parse("s^-1");
  private static final Dimension MOLAR = Dimension.parse("m^-3*mol");
  private static final Dimension VOLUME = Dimension.parse("m^3");

  /**
   * Exact powers of ten written as literals, indexed by exponent + 33, so that the scale of a
   * prefixed unit is the double nearest to its true value ({@code ms} is exactly {@code 1e-3}).
   */
  private static final double[] POW10 = {
    1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22, 1e-21,
    1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7,
    1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
    1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25,
    1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33
  };

  private static double pow10(int exponent) {
    return POW10[exponent + 33];
  }

  /** SI prefixes and their decimal exponents; "da" is the only two-letter one. */
  private static final Map<String, Integer> PREFIXES = new LinkedHashMap<>();

  static {
    String[] names = {"Y", "Z", "E", "P", "T", "G", "M", "k", "h", "da", "d", "c", "m", "u", "\u00b5",
      "\u03bc", "n", "p", "f", "a", "z", "y"};
    int[] exps = {24, 21, 18, 15, 12, 9, 6, 3, 2, 1, -1, -2, -3, -6, -6, -6, -9, -12, -15, -18,
      -21, -24};
    for (int i = 0; i < names.length; i++) PREFIXES.put(names[i], exps[i]);
  }

  /**
   * A unit symbol without prefix: its SI scale as a power of ten times a factor (for minutes and
   * hours), its dimension, and whether SI prefixes may be attached.
   */
  private record Base(String symbol, int exponent, double factor, Dimension dim, boolean prefixable) {}

  private static final Map<String, Base> BASES = new LinkedHashMap<>();

  private static void base(String symbol, int exponent, Dimension dim) {
    BASES.put(symbol, new Base(symbol, exponent, 1.0, dim, true));
  }

  static {
    base("s", 0, Dimension.TIME);
    BASES.put("min", new Base("min", 0, 60.0, Dimension.TIME, false));
    BASES.put("h", new Base("h", 0, 3600.0, Dimension.TIME, false));
    base("Hz", 0, HERTZ);
    base("V", 0, VOLT);
    base("A", 0, Dimension.CURRENT);
    base("F", 0, FARAD);
    base("S", 0, SIEMENS);
    base("Ohm", 0, OHM);
    base("\u03a9", 0, OHM);
    base("\u2126", 0, OHM);
    base("m", 0, Dimension.LENGTH);
    base("g", -3, Dimension.MASS);
    base("mol", 0, Dimension.AMOUNT);
    base("M", 3, MOLAR);
    base("K", 0, Dimension.TEMPERATURE);
    base("cd", 0, Dimension.LUMINOSITY);
    base("C", 0, COULOMB);
    base("W", 0, WATT);
    base("J", 0, JOULE);
    base("N", 0, NEWTON);
    base("Pa", 0, PASCAL);
    base("L", -3, VOLUME);
    base("rad", 0, Dimension.NONE);
  }

  /**
   * A single unit symbol with an optional SI prefix, such as {@code ms}, {@code nS}, {@code MOhm},
   * {@code µs} or {@code mM} (millimolar, in mol/m^3). {@code "1"} is the dimensionless unit. An
   * unprefixed symbol wins over a prefixed reading: {@code min} is minutes, {@code h} is hours.
   */
  public static Optional<Unit> lookup(String symbol) {
    if (symbol == null || symbol.isEmpty()) return Optional.empty();
    if (symbol.equals("1")) return Optional.of(Unit.ONE);
    Base b = BASES.get(symbol);
    if (b != null) return Optional.of(unit(symbol, 0, b));
    for (Map.Entry<String, Integer> p : PREFIXES.entrySet()) {
      if (!symbol.startsWith(p.getKey())) continue;
      Base rest = BASES.get(symbol.substring(p.getKey().length()));
      if (rest != null && rest.prefixable()) return Optional.of(unit(symbol, p.getValue(), rest));
    }
    return Optional.empty();
  }

  private static Unit unit(String symbol, int prefixExponent, Base b) {
    double scale = pow10(prefixExponent + b.exponent());
    if (b.factor() != 1.0) scale = b.factor();
    return new Unit(symbol, scale, b.dim());
  }

  /** Every symbol that {@link #lookup} knows, unprefixed ones first; used for suggestions. */
  static List<String> knownSymbols() {
    List<String> out = new ArrayList<>(BASES.keySet());
    for (Base b : BASES.values()) {
      if (!b.prefixable()) continue;
      for (String p : PREFIXES.keySet()) out.add(p + b.symbol());
    }
    return out;
  }

  // ---- unit expressions ----

  /**
   * Reads a unit expression as written in type positions: products, quotients, integer powers,
   * parentheses and {@code 1}, e.g. {@code mV/ms}, {@code 1/s}, {@code nS*mV}, {@code m^2},
   * {@code s^-1}, {@code (mV/ms)}. Spaces around operators are allowed. The result's symbol is
   * the text without spaces.
   */
  public static Optional<Unit> parseExpression(String text) {
    if (text == null) return Optional.empty();
    String compact = text.replaceAll("\\s+", "");
    if (compact.isEmpty()) return Optional.empty();
    ExpressionReader r = new ExpressionReader(compact);
    Optional<Unit> u = r.product();
    if (u.isEmpty() || r.pos != compact.length()) return Optional.empty();
    Unit v = u.get();
    return Optional.of(new Unit(compact, v.scale(), v.dimension()));
  }

  /** A recursive-descent reader over a unit expression with its spaces removed. */
  private static final class ExpressionReader {
    private final String s;
    private int pos;

    ExpressionReader(String s) {
      this.s = s;
    }

    Optional<Unit> product() {
      Optional<Unit> left = power();
      while (left.isPresent() && pos < s.length() && (s.charAt(pos) == '*' || s.charAt(pos) == '/')) {
        char op = s.charAt(pos++);
        Optional<Unit> right = power();
        if (right.isEmpty()) return Optional.empty();
        left = Optional.of(op == '*' ? left.get().times(right.get()) : left.get().over(right.get()));
      }
      return left;
    }

    Optional<Unit> power() {
      Optional<Unit> atom = atom();
      if (atom.isEmpty() || pos >= s.length() || s.charAt(pos) != '^') return atom;
      pos++;
      int start = pos;
      if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) pos++;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
      try {
        return Optional.of(atom.get().pow(Integer.parseInt(s.substring(start, pos))));
      } catch (NumberFormatException | ArithmeticException x) {
        return Optional.empty();
      }
    }

    Optional<Unit> atom() {
      if (pos >= s.length()) return Optional.empty();
      if (s.charAt(pos) == '(') {
        pos++;
        Optional<Unit> inner = product();
        if (inner.isEmpty() || pos >= s.length() || s.charAt(pos) != ')') return Optional.empty();
        pos++;
        return inner;
      }
      int start = pos;
      while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
        pos++;
      }
      return lookup(s.substring(start, pos));
    }
  }

  // ---- readable dimension names ----

  /** Named units in order of preference for {@link #display}; ties go to earlier names. */
  private static final List<String> NAMED =
      List.of("V", "A", "F", "S", "Ohm", "C", "W", "J", "N", "Pa", "s", "m", "kg", "mol", "K", "cd");

  private static final int MAX_NAMES = 3;
  private static final int MAX_POWER = 4;

  /**
   * The best name found for each dimension reachable with at most {@link #MAX_NAMES} distinct
   * named units, each to a power of at most {@link #MAX_POWER}. Fewer distinct names win, then a
   * smaller sum of powers, then fewer names in the denominator, then the order of {@link #NAMED}.
   */
  private static final class DisplayTable {
    static final Map<Dimension, String> BEST = build();

    private record Choice(int[] key, String text) {}

    private static Map<Dimension, String> build() {
      List<Dimension> dims = new ArrayList<>();
      for (String n : NAMED) {
        dims.add(n.equals("kg") ? Dimension.MASS : lookup(n).orElseThrow().dimension());
      }
      Map<Dimension, Choice> best = new HashMap<>();
      for (int k = 1; k <= MAX_NAMES; k++) {
        chooseNames(new int[k], 0, 0, dims, best);
      }
      Map<Dimension, String> out = new HashMap<>();
      best.forEach((d, c) -> out.put(d, c.text()));
      out.put(Dimension.NONE, "1");
      return Map.copyOf(out);
    }

    private static void chooseNames(int[] names, int at, int from, List<Dimension> dims, Map<Dimension, Choice> best) {
      if (at == names.length) {
        choosePowers(names, new int[names.length], 0, dims, best);
        return;
      }
      for (int i = from; i < NAMED.size(); i++) {
        names[at] = i;
        chooseNames(names, at + 1, i + 1, dims, best);
      }
    }

    private static void choosePowers(int[] names, int[] powers, int at, List<Dimension> dims, Map<Dimension, Choice> best) {
      if (at == names.length) {
        int[] exps = new int[NAMED.size()];
        Dimension d = Dimension.NONE;
        int sum = 0;
        int negative = 0;
        for (int i = 0; i < names.length; i++) {
          exps[names[i]] = powers[i];
          d = d.times(dims.get(names[i]).pow(powers[i]));
          sum += Math.abs(powers[i]);
          if (powers[i] < 0) negative++;
        }
        int[] key = {names.length, sum, negative};
        Choice old = best.get(d);
        if (old == null || java.util.Arrays.compare(key, old.key()) < 0) {
          best.put(d, new Choice(key, format(exps)));
        }
        return;
      }
      for (int p = 1; p <= MAX_POWER; p++) {
        for (int sign : new int[] {1, -1}) {
          powers[at] = sign * p;
          choosePowers(names, powers, at + 1, dims, best);
        }
      }
    }

    private static String format(int[] exps) {
      List<String> num = new ArrayList<>();
      List<String> den = new ArrayList<>();
      for (int i = 0; i < exps.length; i++) {
        int e = exps[i];
        if (e == 0) continue;
        String f = NAMED.get(i) + (Math.abs(e) == 1 ? "" : "^" + Math.abs(e));
        (e > 0 ? num : den).add(f);
      }
      String n = num.isEmpty() ? "1" : String.join("*", num);
      if (den.isEmpty()) return n;
      String d = den.size() == 1 ? den.get(0) : "(" + String.join("*", den) + ")";
      return n + "/" + d;
    }
  }

  /**
   * A readable name of a dimension for messages: the named SI unit when one matches exactly,
   * otherwise a product or quotient of named units with the fewest factors ({@code V/s},
   * {@code 1/s}), otherwise the canonical base-unit form. Deterministic.
   */
  public static String display(Dimension d) {
    String s = DisplayTable.BEST.get(d);
    return s != null ? s : d.toString();
  }

  // ---- suggestions ----

  /**
   * The known symbols closest to an unknown one, for "did you mean": at most three, each within
   * edit distance 2, best first. Candidates equal up to letter case rank first, then by edit
   * distance, then unprefixed before prefixed, then alphabetically.
   */
  public static List<String> suggestions(String unknown) {
    if (unknown == null || unknown.isEmpty()) return List.of();
    String lower = unknown.toLowerCase(Locale.ROOT);
    record Candidate(String symbol, int folded, int distance, int rank) {}
    List<Candidate> cs = new ArrayList<>();
    List<String> known = knownSymbols();
    for (int i = 0; i < known.size(); i++) {
      String k = known.get(i);
      if (k.equals(unknown)) continue;
      int d = editDistance(unknown, k);
      if (d > 2) continue;
      int folded = editDistance(lower, k.toLowerCase(Locale.ROOT));
      cs.add(new Candidate(k, folded, d, i < BASES.size() ? 0 : 1));
    }
    cs.sort(Comparator.comparingInt(Candidate::folded)
        .thenComparingInt(Candidate::distance)
        .thenComparingInt(Candidate::rank)
        .thenComparing(Candidate::symbol));
    List<String> out = new ArrayList<>();
    for (Candidate c : cs) {
      if (out.size() == 3) break;
      if (!out.contains(c.symbol())) out.add(c.symbol());
    }
    return List.copyOf(out);
  }

  /** Levenshtein distance over UTF-16 units. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
