package brainc.ir.model;


/** Exhaustive dispatch over {@link Formula}: one method per permitted record. */
public interface FormulaVisitor<R> {
  R visit(Atom node);

  R visit(Not node);

  R visit(And node);

  R visit(Or node);

  R visit(Implies node);

  R visit(Equiv node);

  R visit(ForAll node);

  R visit(Exists node);
}
