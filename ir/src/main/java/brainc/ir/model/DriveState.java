package brainc.ir.model;

import java.util.Objects;

/**
 * A synaptic drive state of a specialised neuron model: the projections that reach input port
 * {@code port} with the same kernel share it. The weights of arriving spikes are added to
 * {@code jumpState}; the port reads {@code readState} (the same state except for an alpha kernel,
 * whose rising state feeds the one read). Recorded once by the specialiser so that the scheduler
 * reads it instead of recomputing the grouping.
 */
public record DriveState(String port, Kind kind, double tau, String jumpState, String readState) {
  /** The shape of the kernel: its keyword in the IR text is the lower-case name. */
  public enum Kind {
    EXP, ALPHA, DELTA;

    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public DriveState {
    Checks.name(port, "port");
    Objects.requireNonNull(kind, "kind");
    Checks.name(jumpState, "jumpState");
    Checks.name(readState, "readState");
  }
}
