package brainc.ir.model;

import java.util.List;

/** How far and by what objective the agent plans. */
public record Planning(int horizon, String objective, List<Setting> settings) {
  public Planning {
    Checks.name(objective, "objective");
    settings = List.copyOf(settings);
    if (horizon < 1) throw new IllegalArgumentException("planning horizon must be positive: " + horizon);
  }
}
