package brainc.compiler.passes;

/**
 * One step of a pipeline: a pure function from one IR to the same or a lower one (model IR to
 * model IR, model IR to kernel IR, ...). It never mutates its input and returns it when it
 * changes nothing. Its kebab-case name is what {@code --dump-ir=after:NAME} and {@code
 * --explain} show.
 */
public interface Pass<I, O> {
  String name();

  O run(I in, PassContext cx);
}
