package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;
import java.util.Optional;

/** Expressions as written. Every node knows its span; missing parts become {@link Missing}. */
public sealed interface Expr {
  Span span();

  /** {@code 20 ms}: a number with an optional unit; {@code text} keeps the digits as written. */
  record Quantity(double value, String text, Optional<Ident> unit, Span span) implements Expr {}

  /** {@code 80%}: the value is already divided by 100. */
  record Percent(double value, Span span) implements Expr {}

  record StringLit(String value, Span span) implements Expr {}

  record BoolLit(boolean value, Span span) implements Expr {}

  record Name(Ident ident) implements Expr {
    @Override
    public Span span() {
      return ident.span();
    }
  }

  record Call(Ident name, List<Arg> args, Span span) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  record Member(Expr target, Ident member, Span span) implements Expr {}

  record Index(Expr target, Expr index, Span span) implements Expr {}

  record Unary(UnaryOp op, Expr operand, Span span) implements Expr {}

  record Binary(BinaryOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {}

  record Cond(Expr condition, Expr then, Expr otherwise, Span span) implements Expr {}

  /** {@code low .. high}. */
  record Range(Expr low, Expr high, Span span) implements Expr {}

  record Vector(List<Expr> items, Span span) implements Expr {
    public Vector {
      items = List.copyOf(items);
    }
  }

  record Paren(Expr inner, Span span) implements Expr {}

  /** A part the parser could not build; it has been reported already. */
  record Missing(Span span) implements Expr {}

  enum UnaryOp { NEG, PLUS, NOT }

  enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), POW("^"),
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="), AND("and"), OR("or");

    public final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    public boolean isComparison() {
      return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
    }
  }

  /** A call argument, positional or named. */
  record Arg(Optional<Ident> name, Expr value, Span span) {}
}
