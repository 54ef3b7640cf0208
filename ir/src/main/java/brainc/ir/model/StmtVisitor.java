package brainc.ir.model;


/** Exhaustive dispatch over {@link Stmt}: one method per permitted record. */
public interface StmtVisitor<R> {
  R visit(Assign node);

  R visit(Deliver node);

  R visit(If node);
}
