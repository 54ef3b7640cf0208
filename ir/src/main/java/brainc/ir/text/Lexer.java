package brainc.ir.text;

import java.util.ArrayList;
import java.util.List;

/** Splits IR text into tokens, tracking 1-based line and column for messages. */
final class Lexer {
  private static final String[] PUNCT = {
    "<->", "->", "..", "<=", ">=", "==", "!=", "(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-",
    "*", "/", "^", "<", ">", "@"
  };

  private final String s;
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String s) {
    this.s = s;
  }

  static List<Token> tokenize(String text) {
    Lexer lx = new Lexer(text);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lx.next();
      out.add(t);
    } while (t.kind() != Token.Kind.EOF);
    return out;
  }

  private IrSyntaxException error(String message) {
    return new IrSyntaxException(line, pos - lineStart + 1, message);
  }

  private Token next() {
    skipSpaceAndComments();
    int col = pos - lineStart + 1;
    if (pos >= s.length()) return new Token(Token.Kind.EOF, "", line, col);
    char c = s.charAt(pos);
    if (isDigit(c) || (c == '-' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1)))) {
      return new Token(Token.Kind.NUMBER, number(), line, col);
    }
    if (s.startsWith("-Infinity", pos)) {
      pos += "-Infinity".length();
      return new Token(Token.Kind.NUMBER, "-Infinity", line, col);
    }
    if (isIdentStart(c)) return new Token(Token.Kind.IDENT, ident(), line, col);
    if (c == '"') return new Token(Token.Kind.STRING, string(), line, col);
    for (String p : PUNCT) {
      if (s.startsWith(p, pos)) {
        pos += p.length();
        return new Token(Token.Kind.PUNCT, p, line, col);
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
    return isIdentStart(c) || (c >= '0' && c <= '9') || c == '#';
  }

  private String ident() {
    int start = pos;
    while (true) {
      while (pos < s.length() && isIdentPart(s.charAt(pos))) pos++;
      // A dot continues a qualified name only when a name part follows it; "a..b" is a range.
      if (pos + 1 < s.length() && s.charAt(pos) == '.' && isIdentStart(s.charAt(pos + 1))) {
        pos++;
      } else {
        return s.substring(start, pos);
      }
    }
  }

  private String number() {
    int start = pos;
    if (s.charAt(pos) == '-') pos++;
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
