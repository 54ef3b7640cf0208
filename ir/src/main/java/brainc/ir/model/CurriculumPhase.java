package brainc.ir.model;

import java.util.Objects;
import java.util.Optional;

/** A phase of a training curriculum and the condition that ends it. */
public record CurriculumPhase(String name, Optional<Expr> until, Origin origin) {
  public CurriculumPhase {
    Checks.name(name, "name");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(origin, "origin");
  }
}
