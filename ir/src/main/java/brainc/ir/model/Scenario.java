package brainc.ir.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A sequence of spike events, optionally within a time window, and its expected outcome. */
public record Scenario(
    List<ScenarioEvent> events,
    Optional<Interval> window,
    List<Setting> given,
    Outcome outcome) implements PropertyBody {
  public Scenario {
    events = List.copyOf(events);
    Objects.requireNonNull(window, "window");
    given = List.copyOf(given);
    Objects.requireNonNull(outcome, "outcome");
    if (events.isEmpty()) throw new IllegalArgumentException("a scenario needs at least one event");
  }

  @Override
  public <R> R accept(PropertyBodyVisitor<R> v) {
    return v.visit(this);
  }
}
