package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records {@code spikes}, {@code rate} or a state variable of some populations; or, with {@code
 * post}, a per-synapse variable of the connection from the one target to {@code post} (each a
 * population, view or inline slice: the synapses whose ends lie in both). {@code atEnd} records
 * once, after the run's last step, instead of every step or {@code every}.
 */
public record Monitor(
    String variable,
    List<String> targets,
    Optional<String> post,
    Optional<Expr> every,
    boolean atEnd,
    Origin origin) {
  public Monitor {
    Checks.name(variable, "variable");
    targets = List.copyOf(targets);
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(origin, "origin");
    if (targets.isEmpty()) throw new IllegalArgumentException("a monitor needs a target");
    targets.forEach(t -> Checks.name(t, "target"));
    post.ifPresent(p -> Checks.name(p, "post"));
    if (post.isPresent() && targets.size() != 1) {
      throw new IllegalArgumentException("a monitor of synapses has one presynaptic end, not " + targets);
    }
    if (atEnd && every.isPresent()) throw new IllegalArgumentException("a monitor samples at the end or every ..., not both");
  }

  /** A monitor of neurons, every step or every {@code every}. */
  public Monitor(String variable, List<String> targets, Optional<Expr> every, Origin origin) {
    this(variable, targets, Optional.empty(), every, false, origin);
  }

  /** Whether it records a per-synapse variable of a connection. */
  public boolean ofSynapses() {
    return post.isPresent();
  }

  /** The same monitor sampled at another interval (a pass that rewrites expressions). */
  public Monitor withEvery(Optional<Expr> newEvery) {
    return new Monitor(variable, targets, post, newEvery, atEnd, origin);
  }
}
