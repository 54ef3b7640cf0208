package brainc.ir.model;

import java.util.Objects;

/** An assignment; compound assignments are already desugared to {@code x = x op y}. */
public record Assign(String target, RefKind targetKind, Expr value) implements Stmt {
  public Assign {
    Checks.name(target, "target");
    Objects.requireNonNull(targetKind, "targetKind");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public <R> R accept(StmtVisitor<R> v) {
    return v.visit(this);
  }
}
