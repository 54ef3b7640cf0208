package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A population of neurons of one model; overrides set parameters, initializers set initial state, possibly to random draws. */
public record Population(
    String name,
    String model,
    int size,
    boolean layer,
    List<Setting> overrides,
    List<Setting> initializers,
    Optional<Split> split,
    Origin origin) {
  public Population {
    Checks.name(name, "name");
    Checks.name(model, "model");
    overrides = List.copyOf(overrides);
    initializers = List.copyOf(initializers);
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(origin, "origin");
    if (size < 1) throw new IllegalArgumentException("population " + name + " has size " + size);
  }
}
