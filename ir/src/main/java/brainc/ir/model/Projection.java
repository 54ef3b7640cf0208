package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Synapses from a source (population, view or input group) to an input port of a target population.
 * {@code steps} are the solved traces and equations of its synapse model (empty until solve-odes).
 */
public record Projection(
    String name,
    String source,
    String target,
    String targetPort,
    Connectivity connectivity,
    Expr weight,
    Optional<Expr> delay,
    Optional<String> synapse,
    List<Setting> synapseOverrides,
    Kernel kernel,
    Origin origin,
    List<LinearStep> steps) {
  public Projection {
    Checks.name(name, "name");
    Checks.name(source, "source");
    Checks.name(target, "target");
    Checks.name(targetPort, "targetPort");
    Objects.requireNonNull(connectivity, "connectivity");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(synapse, "synapse");
    synapseOverrides = List.copyOf(synapseOverrides);
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(origin, "origin");
    synapse.ifPresent(s -> Checks.name(s, "synapse"));
    steps = List.copyOf(steps);
  }

  /** A projection as written: its synapse dynamics not solved yet. */
  public Projection(String name, String source, String target, String targetPort, Connectivity connectivity,
      Expr weight, Optional<Expr> delay, Optional<String> synapse, List<Setting> synapseOverrides, Kernel kernel,
      Origin origin) {
    this(name, source, target, targetPort, connectivity, weight, delay, synapse, synapseOverrides, kernel, origin,
        List.of());
  }

  /** The solved step of trace or synapse variable {@code variable}, if solve-odes found one. */
  public Optional<LinearStep> step(String variable) {
    return steps.stream().filter(s -> s.variable().equals(variable)).findFirst();
  }
}
