package brainc.ir.types;


/** Exhaustive dispatch over {@link Type}: one method per permitted record. */
public interface TypeVisitor<R> {
  R visit(Real node);

  R visit(Bool node);

  R visit(Str node);

  R visit(Vec node);

  R visit(Enum node);

  R visit(Entity node);
}
