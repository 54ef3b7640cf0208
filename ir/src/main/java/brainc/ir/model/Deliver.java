package brainc.ir.model;

import java.util.Objects;

/** Delivers an amount to the postsynaptic input port. */
public record Deliver(Expr amount) implements Stmt {
  public Deliver {
    Objects.requireNonNull(amount, "amount");
  }

  @Override
  public <R> R accept(StmtVisitor<R> v) {
    return v.visit(this);
  }
}
