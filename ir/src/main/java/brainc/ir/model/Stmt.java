package brainc.ir.model;


/** A statement of a reset, handler or modulation body. */
public sealed interface Stmt permits Assign, Deliver, If {

  <R> R accept(StmtVisitor<R> v);
}
