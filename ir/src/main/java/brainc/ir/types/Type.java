package brainc.ir.types;


/** The type of an IR expression. Numbers carry their physical dimension; entity types name what kind of declaration a reference points at. */
public sealed interface Type permits Real, Bool, Str, Vec, Enum, Entity {

  <R> R accept(TypeVisitor<R> v);
}
