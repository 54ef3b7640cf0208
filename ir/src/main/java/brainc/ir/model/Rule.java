package brainc.ir.model;

import java.util.Objects;

/** A weighted rule of a rule base. */
public record Rule(String name, Formula formula, double confidence, Origin origin) {
  public Rule {
    Checks.name(name, "name");
    Objects.requireNonNull(formula, "formula");
    Objects.requireNonNull(origin, "origin");
    if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("rule confidence outside [0, 1]: " + confidence);
  }
}
