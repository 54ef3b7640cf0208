package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** A conditional statement; {@code otherwise} is empty when there is no else branch. */
public record If(Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
  public If {
    Objects.requireNonNull(condition, "condition");
    then = List.copyOf(then);
    otherwise = List.copyOf(otherwise);
  }

  @Override
  public <R> R accept(StmtVisitor<R> v) {
    return v.visit(this);
  }
}
