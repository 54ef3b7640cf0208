package brainc.ir.model;

import java.util.Locale;

/** What a {@link Ref} refers to; each kind resolves in its own scope. */
public enum RefKind {
  PARAM, STATE, INPUT, LET, VAR, TRACE, PRE, POST, SIGNAL, BUILTIN, CONSTANT, POPULATION, INPUT_GROUP,
  OUTPUT, LEVEL, FACTOR, MODALITY, CONTROL, MODULE, MEMORY, LOOP;

  /** The lower-case keyword of the text form, e.g. {@code input_group}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
