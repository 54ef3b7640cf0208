package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;

/** Statements of reset blocks and event handlers. */
public sealed interface Stmt {
  Span span();

  record Assign(Ident target, Member.AssignOp op, Expr value, Span span) implements Stmt {}

  record Deliver(Expr value, Span span) implements Stmt {}

  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, Span span) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }
}
