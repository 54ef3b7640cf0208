package brainc.ir.model;

/** Binary operators and their symbols in the text form. */
public enum BinaryOp {
  ADD("+"), SUB("-"), MUL("*"), DIV("/"), POW("^"),
  LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="),
  AND("and"), OR("or");

  private final String symbol;

  BinaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** True for the six comparisons, whose result is a truth value. */
  public boolean isComparison() {
    return ordinal() >= LT.ordinal() && ordinal() <= NE.ordinal();
  }

  /** True for {@code and} and {@code or}. */
  public boolean isLogical() {
    return this == AND || this == OR;
  }
}
