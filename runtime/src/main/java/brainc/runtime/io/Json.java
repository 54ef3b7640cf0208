package brainc.runtime.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader of JSON (RFC 8259) for configuration and label files, so that the runtime
 * needs no library to read them.
 *
 * <p>Values become plain Java objects: an object is an unmodifiable {@link Map} that keeps the
 * order of its members, an array an unmodifiable {@link List}, a string a {@link String}, a
 * number a {@link Double}, {@code true}/{@code false} a {@link Boolean} and {@code null} is
 * {@code null}. A syntax error names the line and column where reading stopped.
 *
 * <pre>{@code
 * Map<?, ?> profiles = (Map<?, ?>) Json.parse(Files.readString(path));
 * }</pre>
 */
public final class Json {
  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** A JSON document that cannot be read, with the 1-based line and column of the problem. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    SyntaxException(String message, int line, int column) {
      super(line + ":" + column + ": " + message);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /**
   * A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped, and
   * U+2028/2029 and lone surrogates too; the one quoting of every JSON brainc writes.
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          // U+2028/2029 are valid JSON but break JavaScript embedders; escape them too.
          // A lone surrogate cannot be encoded as UTF-8; its escape keeps the text lossless.
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    if (Character.isLowSurrogate(c)) return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    return false;
  }

  /** Reads one JSON value that spans the whole text (white space aside). */
  public static Object parse(String text) throws SyntaxException {
    Json reader = new Json(text);
    reader.skipSpace();
    Object value = reader.value();
    reader.skipSpace();
    if (reader.pos < text.length()) throw reader.error("unexpected text after the JSON value");
    return value;
  }

  private Object value() throws SyntaxException {
    if (pos >= text.length()) throw error("unexpected end of input, expected a value");
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw error("unexpected character '" + c + "', expected a value");
    }
  }

  private Map<String, Object> object() throws SyntaxException {
    pos++; // the '{'
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipSpace();
      if (peek() != '"') throw error("expected a member name in double quotes");
      int nameAt = pos;
      String name = string();
      if (members.containsKey(name)) {
        pos = nameAt;
        throw error("duplicate member \"" + name + "\"");
      }
      skipSpace();
      expect(':');
      skipSpace();
      members.put(name, value());
      skipSpace();
      char c = peek();
      pos++;
      if (c == '}') return Collections.unmodifiableMap(members);
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}' in an object");
      }
    }
  }

  private List<Object> array() throws SyntaxException {
    pos++; // the '['
    List<Object> items = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      skipSpace();
      items.add(value());
      skipSpace();
      char c = peek();
      pos++;
      if (c == ']') return Collections.unmodifiableList(items);
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']' in an array");
      }
    }
  }

  private String string() throws SyntaxException {
    pos++; // the opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) throw error("unterminated string");
      char c = text.charAt(pos++);
      if (c == '"') return sb.toString();
      if (c < 0x20) {
        pos--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) throw error("unterminated string");
      char e = text.charAt(pos++);
      switch (e) {
        case '"': sb.append('"'); break;
        case '\\': sb.append('\\'); break;
        case '/': sb.append('/'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'u':
          if (pos + 4 > text.length()) throw error("incomplete \\u escape");
          int code = 0;
          for (int k = 0; k < 4; k++) {
            int digit = Character.digit(text.charAt(pos + k), 16);
            if (digit < 0) throw error("bad hex digit in a \\u escape");
            code = code * 16 + digit;
          }
          pos += 4;
          sb.append((char) code);
          break;
        default:
          pos--;
          throw error("unknown escape '\\" + e + "'");
      }
    }
  }

  private Double number() throws SyntaxException {
    int start = pos;
    if (peek() == '-') pos++;
    if (!digits()) throw error("expected a digit");
    if (peek() == '.') {
      pos++;
      if (!digits()) throw error("expected a digit after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      if (!digits()) throw error("expected a digit in the exponent");
    }
    return Double.valueOf(text.substring(start, pos));
  }

  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
    return pos > start;
  }

  private Object literal(String word, Object value) throws SyntaxException {
    if (!text.startsWith(word, pos)) throw error("unexpected word, expected a value");
    pos += word.length();
    return value;
  }

  private void expect(char c) throws SyntaxException {
    if (peek() != c) throw error("expected '" + c + "'");
    pos++;
  }

  /** The current character, or NUL at the end (which no rule accepts). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      pos++;
    }
  }

  private SyntaxException error(String message) {
    int line = 1;
    int column = 1;
    for (int k = 0; k < Math.min(pos, text.length()); k++) {
      if (text.charAt(k) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new SyntaxException(message, line, column);
  }
}
