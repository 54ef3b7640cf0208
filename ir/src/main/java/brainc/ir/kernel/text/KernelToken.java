package brainc.ir.kernel.text;

/** One token of kernel IR text, at a 1-based line and column. */
record KernelToken(Kind kind, String text, int line, int column) {
  enum Kind { IDENT, NUMBER, STRING, PUNCT, EOF }

  /** Whether this is the given word or punctuation; a quoted string never is. */
  boolean is(String s) {
    return kind != Kind.STRING && kind != Kind.EOF && text.equals(s);
  }

  String describe() {
    switch (kind) {
      case EOF: return "end of input";
      case STRING: return KernelLexemes.quote(text);
      default: return "'" + text + "'";
    }
  }
}
