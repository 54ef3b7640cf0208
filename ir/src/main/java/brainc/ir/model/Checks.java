package brainc.ir.model;

/** The name check that every record constructor of the model IR shares. */
final class Checks {
  private Checks() {}

  /** Fails unless {@code value} is a non-null, non-empty name. */
  static String name(String value, String what) {
    if (value == null) throw new NullPointerException(what);
    if (value.isEmpty()) throw new IllegalArgumentException("empty " + what);
    return value;
  }
}
