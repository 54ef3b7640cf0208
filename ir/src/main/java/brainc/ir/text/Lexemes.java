package brainc.ir.text;

import brainc.ir.model.RefKind;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How names and strings are written in the IR text, shared by printer and parser so that they
 * cannot drift apart. A name is written bare when it is an identifier and not a reserved word,
 * and quoted otherwise.
 */
final class Lexemes {
  private Lexemes() {}

  static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_#]*(\\.[A-Za-z_][A-Za-z0-9_#]*)*");

  /** Words that the parser reads as keywords in expression or formula position. */
  static final Set<String> RESERVED = reserved();

  private static Set<String> reserved() {
    Set<String> s = new HashSet<>(Set.of("true", "false", "NaN", "Infinity", "not", "and", "or",
        "if", "then", "else", "forall", "exists"));
    for (RefKind k : RefKind.values()) s.add(k.keyword());
    return Set.copyOf(s);
  }

  static boolean isBare(String name) {
    return IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name);
  }

  static String name(String name) {
    return isBare(name) ? name : quote(name);
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
