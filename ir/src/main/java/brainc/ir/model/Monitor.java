package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Records {@code spikes}, {@code rate} or a state variable of some populations. */
public record Monitor(
    String variable,
    List<String> targets,
    Optional<Expr> every,
    Origin origin) {
  public Monitor {
    Checks.name(variable, "variable");
    targets = List.copyOf(targets);
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(origin, "origin");
    if (targets.isEmpty()) throw new IllegalArgumentException("a monitor needs a target");
    targets.forEach(t -> Checks.name(t, "target"));
  }
}
