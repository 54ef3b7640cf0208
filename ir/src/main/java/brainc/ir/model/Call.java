package brainc.ir.model;

import brainc.ir.types.Type;
import java.util.List;
import java.util.Objects;

/** A call of a built-in function with its arguments in positional order. */
public record Call(String function, List<Expr> args, Type type) implements Expr {
  public Call {
    Checks.name(function, "function");
    args = List.copyOf(args);
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> v) {
    return v.visit(this);
  }
}
