package brainc.ir.model;


/** A first-order formula of a fuzzy rule. */
public sealed interface Formula permits Atom, Not, And, Or, Implies, Equiv, ForAll, Exists {

  <R> R accept(FormulaVisitor<R> v);
}
