package brainc.ir.text;

/** A token of the IR text; {@code text} of a string token is its unescaped value. */
record Token(Kind kind, String text, int line, int column) {
  enum Kind { IDENT, STRING, NUMBER, PUNCT, EOF }

  boolean is(String punctOrWord) {
    return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctOrWord);
  }

  String describe() {
    switch (kind) {
      case EOF: return "end of input";
      case STRING: return "string " + Lexemes.quote(text);
      default: return "'" + text + "'";
    }
  }
}
