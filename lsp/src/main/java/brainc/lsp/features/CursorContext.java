package brainc.lsp.features;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What surrounds a cursor, read from the text alone so that it works on the half-typed,
 * unparsable text an editor sends: whether the cursor is in a comment or string, the open
 * blocks ({@code {}) with the header written before each, the open calls ({@code (}) with
 * the name before each, and the identifier being typed.
 */
public final class CursorContext {
  /**
   * An open {@code {} or {@code (}: where it is, and (computed when asked, since a text may
   * open thousands of brackets on one line) the text of its header.
   */
  public record Open(char bracket, int offset, String text) {
    public String header() {
      return CursorContext.header(text, offset, bracket);
    }
  }

  public final String text;
  public final int offset;
  public final boolean inComment;
  public final boolean inString;
  public final List<Open> blocks;
  public final List<Open> calls;
  /** Start of the identifier (letters, digits, `_`) that ends at the cursor. */
  public final int wordStart;
  /** The text of the current statement before the word: from the last newline, `{`, `}` or `;`. */
  public final String lineBefore;

  private CursorContext(String text, int offset, boolean inComment, boolean inString, List<Open> blocks,
      List<Open> calls, int wordStart, String lineBefore) {
    this.text = text;
    this.offset = offset;
    this.inComment = inComment;
    this.inString = inString;
    this.blocks = blocks;
    this.calls = calls;
    this.wordStart = wordStart;
    this.lineBefore = lineBefore;
  }

  public static CursorContext at(String text, int offset) {
    int end = Math.max(0, Math.min(offset, text.length()));
    Deque<Open> stack = new ArrayDeque<>();
    boolean lineComment = false;
    boolean blockComment = false;
    boolean string = false;
    int stmtStart = 0;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (lineComment) {
        if (c == '\n') {
          lineComment = false;
          stmtStart = i + 1;
        }
        continue;
      }
      if (blockComment) {
        if (c == '*' && next == '/') {
          blockComment = false;
          i++;
        }
        continue;
      }
      if (string) {
        if (c == '\\') i++;
        else if (c == '"' || c == '\n') string = false;
        continue;
      }
      switch (c) {
        case '/':
          if (next == '/') lineComment = true;
          else if (next == '*') {
            blockComment = true;
            i++;
          }
          break;
        case '"':
          string = true;
          break;
        case '\n':
        case ';':
          stmtStart = i + 1;
          break;
        case '{':
        case '(':
        case '[':
          stack.push(new Open(c, i, text));
          if (c == '{') stmtStart = i + 1;
          break;
        case '}':
        case ')':
        case ']':
          char want = c == '}' ? '{' : c == ')' ? '(' : '[';
          // Unbalanced closers pop only their own kind, so one stray bracket does not lose the context.
          while (!stack.isEmpty() && stack.peek().bracket() != want && want == '}') stack.pop();
          if (!stack.isEmpty() && stack.peek().bracket() == want) stack.pop();
          if (c == '}') stmtStart = i + 1;
          break;
        default:
          break;
      }
    }
    List<Open> blocks = new ArrayList<>();
    List<Open> calls = new ArrayList<>();
    List<Open> all = new ArrayList<>(stack);
    java.util.Collections.reverse(all);
    for (Open o : all) {
      if (o.bracket() == '{') {
        blocks.add(o);
        calls.clear();
      } else if (o.bracket() == '(') {
        calls.add(o);
      }
    }
    int ws = end;
    while (ws > 0 && isIdentPart(text.charAt(ws - 1))) ws--;
    // A statement continues over the newlines inside an open call or index.
    int lastOpen = all.isEmpty() ? -1 : all.get(all.size() - 1).offset();
    int from = Math.min(stmtStart, ws);
    if (!all.isEmpty() && all.get(all.size() - 1).bracket() != '{') {
      int s = lastOpen;
      while (s > 0 && text.charAt(s - 1) != '\n' && text.charAt(s - 1) != '{' && text.charAt(s - 1) != ';') s--;
      from = Math.min(from, s);
    }
    return new CursorContext(text, end, lineComment || blockComment, string, blocks, calls, ws,
        text.substring(from, ws));
  }

  /** The text before a bracket back to the previous newline, `{`, `}` or `;`. */
  static String header(String text, int at, char bracket) {
    int s = at;
    while (s > 0) {
      char c = text.charAt(s - 1);
      if (c == '{' || c == '}' || c == ';') break;
      if (c == '\n' && bracket != '{') break;
      if (c == '\n' && !text.substring(s, at).isBlank()) break;
      s--;
    }
    return text.substring(s, at).strip();
  }

  public static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  public String word() {
    return text.substring(wordStart, offset);
  }

  public boolean inCode() {
    return !inComment && !inString;
  }

  /** The header of the innermost open block, or "" at top level. */
  public String innerHeader() {
    return blocks.isEmpty() ? "" : blocks.get(blocks.size() - 1).header();
  }

  /** The header of the outermost open block: the declaration the cursor is in. */
  public String outerHeader() {
    return blocks.isEmpty() ? "" : blocks.get(0).header();
  }

  /** The name before the innermost open call, if the cursor is inside one in this block. */
  public String callee() {
    if (calls.isEmpty()) return "";
    String h = calls.get(calls.size() - 1).header();
    int e = h.length();
    int s = e;
    while (s > 0 && isIdentPart(h.charAt(s - 1))) s--;
    return h.substring(s, e);
  }
}
