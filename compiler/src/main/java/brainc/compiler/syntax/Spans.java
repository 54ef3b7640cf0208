package brainc.compiler.syntax;

import brainc.ir.source.SourceFile;
import brainc.ir.source.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Converts ANTLR positions into {@link Span}s. This is the only place that knows that ANTLR
 * counts code points (not UTF-16 units) and that {@code getStopIndex()} is inclusive.
 */
public final class Spans {
  private final SourceFile file;
  /** UTF-16 offset of each code point index, or null when the text has no surrogate pairs. */
  private final int[] utf16;

  public Spans(SourceFile file) {
    this.file = file;
    String text = file.text();
    int cps = text.codePointCount(0, text.length());
    if (cps == text.length()) {
      utf16 = null;
    } else {
      utf16 = new int[cps + 1];
      int off = 0;
      for (int i = 0; i < cps; i++) {
        utf16[i] = off;
        off += Character.charCount(text.codePointAt(off));
      }
      utf16[cps] = off;
    }
  }

  public SourceFile file() {
    return file;
  }

  private int offset(int codePointIndex) {
    int max = utf16 == null ? file.text().length() : utf16.length - 1;
    int i = Math.max(0, Math.min(codePointIndex, max));
    return utf16 == null ? i : utf16[i];
  }

  public Span of(Token t) {
    if (t == null) return file.span(0, 0);
    if (t.getType() == Token.EOF) {
      int end = file.text().length();
      return file.span(end, end);
    }
    int start = offset(t.getStartIndex());
    // getStopIndex() is inclusive: this +1 is not an off-by-one.
    int end = offset(t.getStopIndex() + 1);
    return file.span(start, Math.max(start, end));
  }

  public Span of(TerminalNode n) {
    return of(n.getSymbol());
  }

  public Span of(ParserRuleContext ctx) {
    if (ctx == null) return file.span(0, 0);
    Token start = ctx.getStart();
    Token stop = ctx.getStop();
    Span s = of(start);
    if (stop == null || stop.getTokenIndex() < start.getTokenIndex()) {
      return file.span(s.start(), s.start());  // an empty rule: a point before its start token
    }
    Span e = of(stop);
    return file.span(s.start(), Math.max(s.start(), e.end()));
  }

  public Span between(Token first, Token last) {
    Span a = of(first);
    Span b = of(last);
    return file.span(a.start(), Math.max(a.start(), b.end()));
  }
}
