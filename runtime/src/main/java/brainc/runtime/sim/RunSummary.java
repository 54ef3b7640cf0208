package brainc.runtime.sim;

import java.util.List;
import java.util.Locale;

/**
 * What a run did, for the CLI's summary and for tests: sizes, spikes and mean rate per group, and
 * the wall time spent building (allocation, connectivity, init) and simulating.
 */
public record RunSummary(long neurons, long synapses, long steps, double dt, List<GroupStats> groups,
    long buildNanos, long simulateNanos) {

  public RunSummary {
    groups = List.copyOf(groups);
  }

  /** One population: its size, its spikes over the run, and its mean rate in Hz. */
  public record GroupStats(String name, int size, long spikes, double meanRateHz) {}

  /** The stats of group {@code name}. */
  public GroupStats group(String name) {
    for (GroupStats g : groups) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    throw new IllegalArgumentException("no group " + name);
  }

  /** A few aligned lines for people. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%d neurons, %d synapses, %d steps of %.4g ms (%.4g s of model time)%n",
        neurons, synapses, steps, dt * 1e3, steps * dt));
    for (GroupStats g : groups) {
      s.append(String.format(Locale.ROOT, "  %-16s %8d neurons %10d spikes %10.3f Hz%n",
          g.name(), g.size(), g.spikes(), g.meanRateHz()));
    }
    s.append(String.format(Locale.ROOT, "build %.3f s, simulate %.3f s", buildNanos / 1e9, simulateNanos / 1e9));
    return s.toString();
  }
}
