package brainc.compiler.syntax;

import brainc.grammar.BrainLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The canonical layout of a `.brain` file, the one `brainc fmt` and the language server apply:
 * two spaces of indentation per open brace (four more inside open parentheses or brackets that
 * continue a line), one space between tokens except where punctuation binds tightly (`f(x)`,
 * `a[i]`, `x, y`, `v'`, `80%`, unary minus), at most one blank line in a row, and comments kept
 * where they were. It works on tokens, so it never changes what a file means, and it is
 * idempotent: formatting a formatted file changes nothing.
 */
public final class Formatter {
  private static final Set<String> NO_SPACE_BEFORE = Set.of(",", ")", "]", ".", "'", "%", ";");
  private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", ".");
  /** Tokens after which a `-` or `+` is a sign, not a binary operator. */
  private static final Set<String> SIGN_AFTER = Set.of("(", "[", ",", "=", "+=", "-=", "*=", "/=", "+", "-", "*", "/",
      "^", "..", "<", "<=", ">", ">=", "==", "!=", "and", "or", "not", "->", "=>", ":", "when", "then", "else", "return",
      "deliver", "weight", "delay", "probability", "for", "dt", "in", "horizon", "within", "always", "if", "while");

  private Formatter() {}

  /** The formatted text; the caller should only format files without syntax errors. */
  public static String format(String text) {
    BrainLexer lexer = new BrainLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    List<Token> tokens = new ArrayList<>();
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      if (t.getType() != BrainLexer.WS) tokens.add(t);
    }
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    int braces = 0;
    int parens = 0;
    int lineParens = 0;
    int lineBraces = 0;
    int blank = 0;
    boolean lineStart = true;
    Token prev = null;
    Token before = null;
    for (int k = 0; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      String s = t.getText();
      if (t.getType() == BrainLexer.NL) {
        if (lineStart) {
          blank++;
        } else {
          flush(out, line, indent(lineBraces, lineParens));
          blank = 0;
        }
        lineStart = true;
        prev = null;
        before = null;
        continue;
      }
      if (lineStart) {
        // Leading blank lines of the file go; inside it, at most one in a row.
        if (blank > 0 && out.length() > 0) out.append('\n');
        blank = 0;
        lineBraces = s.equals("}") ? Math.max(0, braces - 1) : braces;
        lineParens = parens;
        if (s.equals(")") || s.equals("]")) lineParens = Math.max(0, lineParens - 1);
        lineStart = false;
      } else if (space(before, prev, t)) {
        line.append(' ');
      }
      if (t.getType() == BrainLexer.BLOCK_COMMENT || t.getType() == BrainLexer.UNTERMINATED_COMMENT) {
        line.append(s.strip());
      } else if (t.getType() == BrainLexer.LINE_COMMENT || t.getType() == BrainLexer.DOC_COMMENT) {
        line.append(s.stripTrailing());
      } else {
        line.append(s);
      }
      switch (s) {
        case "{" -> {
          braces++;
          parens = 0;
        }
        case "}" -> {
          braces = Math.max(0, braces - 1);
          parens = 0;
        }
        case "(", "[" -> parens++;
        case ")", "]" -> parens = Math.max(0, parens - 1);
        default -> { }
      }
      before = prev;
      prev = t;
    }
    if (!lineStart) flush(out, line, indent(lineBraces, lineParens));
    return out.toString();
  }

  private static String indent(int braces, int parens) {
    return "  ".repeat(braces) + (parens > 0 ? "    " : "");
  }

  private static void flush(StringBuilder out, StringBuilder line, String indent) {
    out.append(indent).append(line.toString().stripTrailing()).append('\n');
    line.setLength(0);
  }

  private static boolean space(Token before, Token prev, Token t) {
    if (prev == null) return false;
    String p = prev.getText();
    String s = t.getText();
    if (NO_SPACE_BEFORE.contains(s)) return false;
    if (NO_SPACE_AFTER.contains(p)) return false;
    // Calls and indexing bind to the name before them: `f(x)`, `LIF[10]`, `pools(net, 3)`.
    if ((s.equals("(") || s.equals("[")) && isName(prev)) return false;
    // A sign binds to its operand: `-65 mV`, `x = -y`, `(-1)`.
    if ((p.equals("-") || p.equals("+")) && (before == null || before.getText().equals("{")
        || SIGN_AFTER.contains(before.getText()))) {
      return false;
    }
    return true;
  }

  private static boolean isName(Token t) {
    String s = t.getText();
    return Character.isLetter(s.charAt(0)) && !SIGN_AFTER.contains(s) && !s.equals("not");
  }
}
