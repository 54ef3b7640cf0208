package brainc.compiler.syntax;

import brainc.grammar.BrainLexer;
import brainc.grammar.BrainParser;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Lexes and parses one document. Parsing never fails: every lexical and syntax error is
 * reported as a diagnostic, ANTLR's default strategy recovers (token insertion, deletion and
 * resynchronisation at member boundaries), and a tree is always returned.
 */
public final class Parsing {
  private Parsing() {}

  public static ParsedFile parse(SourceFile file) {
    Spans spans = new Spans(file);
    List<Diagnostic> diagnostics = new ArrayList<>();
    CheckedLexer lexer = new CheckedLexer(file, spans, diagnostics);
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(new NewlineFilter(lexer));
    BrainParser parser = new BrainParser(tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(new SyntaxErrorListener(spans, diagnostics));
    BrainParser.FileContext tree = parser.file();
    diagnostics.sort(null);
    return new ParsedFile(tree, tokens, spans, dedupe(diagnostics));
  }

  /** Recovery can report the same position twice; keep the first message at each offset. */
  private static List<Diagnostic> dedupe(List<Diagnostic> ds) {
    List<Diagnostic> out = new ArrayList<>();
    int lastStart = -1;
    for (Diagnostic d : ds) {
      if (d.code() == Code.E0100 && d.span().start() == lastStart) continue;
      out.add(d);
      if (d.code() == Code.E0100) lastStart = d.span().start();
    }
    return out;
  }

  /** Reports lexical errors and turns bad tokens into ones the parser can live with. */
  private static final class CheckedLexer extends BrainLexer {
    private final Spans spans;
    private final List<Diagnostic> diagnostics;

    CheckedLexer(SourceFile file, Spans spans, List<Diagnostic> diagnostics) {
      super(CharStreams.fromString(file.text(), file.id().name()));
      this.spans = spans;
      this.diagnostics = diagnostics;
    }

    @Override
    public Token nextToken() {
      while (true) {
        Token t = super.nextToken();
        switch (t.getType()) {
          case ERROR_CHAR -> unexpected(t);
          case UNTERMINATED_STRING -> {
            diagnostics.add(Diagnostic.error(Code.E0102, spans.of(t),
                "this string is not closed: add `\"` before the end of the line"));
            CommonToken fixed = new CommonToken(t);
            fixed.setType(STRING);
            fixed.setText(t.getText() + "\"");
            return fixed;
          }
          case UNTERMINATED_COMMENT -> {
            diagnostics.add(Diagnostic.error(Code.E0103, opening(t),
                "this comment is not closed: add `*/` where it should end"));
            return t;
          }
          default -> {
            return t;
          }
        }
      }
    }

    /** Where the diagnostic of the run of unexpected characters being read is, or -1. */
    private int runIndex = -1;
    private int runCount;
    private int runStart;

    /**
     * One diagnostic per run of adjacent unexpected characters, covering the run: a line of
     * 20,000 stray characters is one mistake, not 20,000 diagnostics that each print the line.
     */
    private void unexpected(Token t) {
      var span = spans.of(t);
      if (runIndex >= 0 && runIndex == diagnostics.size() - 1
          && diagnostics.get(runIndex).span().end() == span.start()) {
        Diagnostic run = diagnostics.get(runIndex);
        runCount++;
        String text = _input.getText(org.antlr.v4.runtime.misc.Interval.of(runStart, t.getStopIndex()));
        diagnostics.set(runIndex, Diagnostic.error(Code.E0101,
            brainc.ir.source.Span.of(span.source(), run.span().start(), span.end()),
            text.length() <= 20
                ? "unexpected characters `" + printable(text) + "`"
                : "unexpected characters `" + printable(text.substring(0, 1)) + "`... (" + runCount + " in a row)"));
        return;
      }
      diagnostics.add(Diagnostic.error(Code.E0101, span, "unexpected character `" + printable(t.getText()) + "`"));
      runIndex = diagnostics.size() - 1;
      runCount = 1;
      runStart = t.getStartIndex();
    }

    /** Just the `/*`, so the error does not cover the rest of the file. */
    private brainc.ir.source.Span opening(Token t) {
      var s = spans.of(t);
      return brainc.ir.source.Span.of(s.source(), s.start(), Math.min(s.end(), s.start() + 2));
    }

    /**
     * The text as a person can read it in a message: characters that are invisible or that
     * break or reorder a line (controls, C1 controls such as NEL, U+2028/U+2029, format
     * characters such as bidi overrides and zero-width spaces, other spaces) are written as
     * {@code \\uXXXX}.
     */
    private static String printable(String s) {
      return s.codePoints().allMatch(Parsing::visible)
          ? s
          : s.codePoints().mapToObj(c -> visible(c) ? Character.toString(c) : String.format("\\u%04X", c))
              .reduce("", String::concat);
    }
  }

  static boolean visible(int c) {
    if (c == ' ') return true;
    if (Character.isISOControl(c)) return false;
    int type = Character.getType(c);
    return type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR && type != Character.FORMAT
        && type != Character.SPACE_SEPARATOR && type != Character.SURROGATE && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED;
  }

  private static Token previousVisible(org.antlr.v4.runtime.TokenStream tokens, int from) {
    for (int i = from; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != BrainLexer.NL) return t;
    }
    return null;
  }

  private static final class SyntaxErrorListener extends BaseErrorListener {
    private final Spans spans;
    private final List<Diagnostic> diagnostics;

    SyntaxErrorListener(Spans spans, List<Diagnostic> diagnostics) {
      this.spans = spans;
      this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
        String msg, RecognitionException e) {
      Token t = offending instanceof Token tok ? tok : null;
      var span = spans.of(t);
      // "missing X" belongs right after the last token that was there, not on the next line.
      if (msg.startsWith("missing") && recognizer instanceof Parser p && p.getInputStream().index() > 0) {
        Token prev = previousVisible(p.getInputStream(), p.getInputStream().index() - 1);
        if (prev != null) {
          var ps = spans.of(prev);
          span = brainc.ir.source.Span.of(ps.source(), ps.end(), ps.end());
        }
      }
      diagnostics.add(Diagnostic.error(Code.E0100, span, SyntaxMessages.rewrite(msg, t)));
    }
  }
}
