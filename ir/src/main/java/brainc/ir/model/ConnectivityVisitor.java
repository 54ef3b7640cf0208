package brainc.ir.model;


/** Exhaustive dispatch over {@link Connectivity}: one method per permitted record. */
public interface ConnectivityVisitor<R> {
  R visit(AllToAll node);

  R visit(OneToOne node);

  R visit(Probability node);

  R visit(FixedFanIn node);

  R visit(FixedFanOut node);

  R visit(Dense node);
}
