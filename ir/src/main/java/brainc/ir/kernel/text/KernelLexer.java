package brainc.ir.kernel.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits kernel IR text into tokens, tracking 1-based line and column for messages. A number
 * token keeps its type suffix ({@code 0.5f32}); {@code NaN} and {@code Infinity}, with or without
 * a sign or suffix, are numbers too. {@code //} starts a comment.
 */
final class KernelLexer {
  private static final String[] PUNCT = {
    "+=", "..", "->", "<=", ">=", "==", "!=", "(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-",
    "*", "/", "%", "<", ">"
  };

  private final String s;
  private int pos;
  private int line = 1;
  private int lineStart;

  private KernelLexer(String s) {
    this.s = s;
  }

  static List<KernelToken> tokenize(String text) {
    KernelLexer lx = new KernelLexer(text);
    List<KernelToken> out = new ArrayList<>();
    KernelToken t;
    do {
      t = lx.next();
      out.add(t);
    } while (t.kind() != KernelToken.Kind.EOF);
    return out;
  }

  private KernelSyntaxException error(String message) {
    return new KernelSyntaxException(line, pos - lineStart + 1, message);
  }

  private KernelToken next() {
    skipSpaceAndComments();
    int col = pos - lineStart + 1;
    if (pos >= s.length()) return new KernelToken(KernelToken.Kind.EOF, "", line, col);
    char c = s.charAt(pos);
    if (isDigit(c) || (c == '-' && pos + 1 < s.length()
        && (isDigit(s.charAt(pos + 1)) || s.startsWith("Infinity", pos + 1) || s.startsWith("NaN", pos + 1)))) {
      return new KernelToken(KernelToken.Kind.NUMBER, number(), line, col);
    }
    if (isIdentStart(c)) {
      String word = ident();
      // NaN and Infinity are numbers, with a type suffix or without.
      boolean number = KernelLexemes.NUMBER.matcher(word).matches();
      return new KernelToken(number ? KernelToken.Kind.NUMBER : KernelToken.Kind.IDENT, word, line, col);
    }
    if (c == '"') return new KernelToken(KernelToken.Kind.STRING, string(), line, col);
    for (String p : PUNCT) {
      if (s.startsWith(p, pos)) {
        pos += p.length();
        return new KernelToken(KernelToken.Kind.PUNCT, p, line, col);
      }
    }
    throw error("unexpected character '" + c + "'");
  }

  private void skipSpaceAndComments() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '/') {
        while (pos < s.length() && s.charAt(pos) != '\n') pos++;
      } else {
        return;
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }

  private String ident() {
    int start = pos;
    while (pos < s.length() && isIdentPart(s.charAt(pos))) pos++;
    return s.substring(start, pos);
  }

  /** Reads a signed number and its suffix; "0..4" is 0, a range and 4, so a dot needs a digit after it. */
  private String number() {
    int start = pos;
    if (s.charAt(pos) == '-') pos++;
    if (s.startsWith("Infinity", pos)) {
      pos += "Infinity".length();
    } else if (s.startsWith("NaN", pos)) {
      pos += "NaN".length();
    } else {
      digits();
      if (pos + 1 < s.length() && s.charAt(pos) == '.' && isDigit(s.charAt(pos + 1))) {
        pos++;
        digits();
      }
      if (pos < s.length() && (s.charAt(pos) == 'E' || s.charAt(pos) == 'e')) {
        int save = pos;
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) pos++;
        if (pos < s.length() && isDigit(s.charAt(pos))) {
          digits();
        } else {
          pos = save;
        }
      }
    }
    while (pos < s.length() && isIdentPart(s.charAt(pos))) pos++;
    return s.substring(start, pos);
  }

  private void digits() {
    while (pos < s.length() && isDigit(s.charAt(pos))) pos++;
  }

  private String string() {
    pos++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length() || s.charAt(pos) == '\n') throw error("unterminated string");
      char c = s.charAt(pos++);
      if (c == '"') return b.toString();
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) throw error("unterminated string");
      char e = s.charAt(pos++);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 'r': b.append('\r'); break;
        case 't': b.append('\t'); break;
        case '"': b.append('"'); break;
        case '\\': b.append('\\'); break;
        case 'u':
          if (pos + 4 > s.length()) throw error("bad \\u escape");
          try {
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad \\u escape");
          }
          pos += 4;
          break;
        default:
          throw error("unknown escape \\" + e);
      }
    }
  }
}
