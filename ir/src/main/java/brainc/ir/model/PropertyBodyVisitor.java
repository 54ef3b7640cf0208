package brainc.ir.model;


/** Exhaustive dispatch over {@link PropertyBody}: one method per permitted record. */
public interface PropertyBodyVisitor<R> {
  R visit(Invariant node);

  R visit(Scenario node);
}
