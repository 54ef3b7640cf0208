package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** When a neuron spikes, the surrogate gradient used for training, and the reset. */
public record SpikeRule(
    Expr condition,
    Optional<Surrogate> surrogate,
    List<Stmt> reset,
    Origin origin) {
  public SpikeRule {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(surrogate, "surrogate");
    reset = List.copyOf(reset);
    Objects.requireNonNull(origin, "origin");
  }
}
