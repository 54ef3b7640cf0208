package brainc.ir.model;

/** Unary operators and their symbols in the text form. */
public enum UnaryOp {
  NEG("-"),
  NOT("not");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
