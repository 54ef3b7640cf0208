package brainc.compiler.ast;

import brainc.ir.source.Span;

/** A name as written, with where it was written. Missing names (after a syntax error) are empty. */
public record Ident(String text, Span span) {
  public boolean isMissing() {
    return text.isEmpty();
  }

  @Override
  public String toString() {
    return text;
  }
}
