package brainc.ir.kernel.text;

import brainc.ir.kernel.Scalar;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How names, strings, types and constants are written in kernel IR text, shared by printer and
 * parser so that they cannot drift apart.
 *
 * <p>A name is written bare when it is an identifier and not a reserved word, and quoted with
 * Java-style escapes otherwise. A constant is a number followed by its type: {@code 0.5f32},
 * {@code 7i64}, {@code 1.0E-4f64}; an I32 constant that is a plain integer is written bare
 * ({@code 3}), and booleans are {@code true} and {@code false}.
 */
final class KernelLexemes {
  private KernelLexemes() {}

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A number as the lexer reads it: the numeric part, then an optional type suffix. */
  static final Pattern NUMBER =
      Pattern.compile("(-?(?:[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|Infinity|NaN))([A-Za-z_][A-Za-z0-9_]*)?");

  /**
   * The suffix of an F32 constant whose value is not a float (a record built with the canonical
   * constructor rather than {@code Const.f32}); its digits are the double's, not the float's.
   */
  static final String WIDE_F32 = "f32d";

  /** Words the parser reads as keywords somewhere; names spelled like them are quoted. */
  static final Set<String> RESERVED = Set.of(
      "kernel", "dt", "steps", "seed", "buffer", "spikes", "queue", "connection", "probe", "group",
      "init", "step", "synapses", "max", "min", "stream", "reverse", "autapses", "state", "rate", "every",
      "all_to_all", "one_to_one", "bernoulli", "fan_in", "fan_out", "dense", "csr", "procedural",
      "for", "in", "targets", "sources", "of", "let", "if", "else", "emit", "enqueue", "after", "drain",
      "true", "false", "not", "and", "or", "select", "uniform", "normal",
      "f32", "f64", "i32", "i64", "bool", "NaN", "Infinity",
      "exp", "expm1", "log", "log1p", "sqrt", "abs", "floor", "ceil", "rint", "tanh", "sin", "cos", "atan",
      "pow", "over", "neurons", "single", "parallel", "outlined", "loop", "port");

  static boolean isBare(String name) {
    return IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name) && !NUMBER.matcher(name).matches();
  }

  static String name(String name) {
    return isBare(name) ? name : quote(name);
  }

  static String keyword(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static String type(Scalar t) {
    return keyword(t);
  }

  /** The scalar type a word names, or null. */
  static Scalar scalar(String word) {
    for (Scalar s : Scalar.values()) {
      if (keyword(s).equals(word)) return s;
    }
    return null;
  }

  /** Writes a constant so that {@link #constant(String, int, int)} gives back the same double and type. */
  static String constant(double v, Scalar t) {
    switch (t) {
      case BOOL:
        if (v == 1) return "true";
        if (Double.compare(v, 0.0) == 0) return "false";
        return Double.toString(v) + "bool";
      case I32:
        return isPlainInteger(v) ? Long.toString((long) v) : Double.toString(v) + "i32";
      case I64:
        return (isPlainInteger(v) ? Long.toString((long) v) : Double.toString(v)) + "i64";
      case F32:
        if (Double.isNaN(v) || (double) (float) v == v) return Float.toString((float) v) + "f32";
        return Double.toString(v) + WIDE_F32;
      case F64:
        return Double.toString(v) + "f64";
      default:
        throw new IllegalStateException("unknown scalar " + t);
    }
  }

  /** Integral, not negative zero and within long range, so that a long spells it exactly. */
  private static boolean isPlainInteger(double v) {
    return v == Math.rint(v) && Math.abs(v) < 0x1p63 && !(v == 0 && 1 / v < 0);
  }

  /** A parsed constant: its value and type. */
  record Constant(double value, Scalar type) {}

  /**
   * Reads the text of a NUMBER token as a constant; a bare integer is I32. Returns null, with no
   * exception, when the suffix is unknown or missing on a number that needs one.
   */
  static Constant constant(String text) {
    Matcher m = NUMBER.matcher(text);
    if (!m.matches()) return null;
    String digits = m.group(1);
    String suffix = m.group(2);
    boolean integral = digits.matches("-?[0-9]+");
    if (suffix == null) {
      return integral ? new Constant((double) Long.parseLong(digits), Scalar.I32) : null;
    }
    if (suffix.equals(WIDE_F32)) return new Constant(Double.parseDouble(digits), Scalar.F32);
    Scalar t = scalar(suffix);
    if (t == null) return null;
    if (t == Scalar.F32) return new Constant((double) Float.parseFloat(digits), t);
    if (t.isInt() && integral) return new Constant((double) Long.parseLong(digits), t);
    return new Constant(Double.parseDouble(digits), t);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }
}
