package brainc.ir.model;

import java.util.Objects;

/** The expected change of a variable at the end of a scenario. */
public record Outcome(String variable, Trend trend) {
  public Outcome {
    Checks.name(variable, "variable");
    Objects.requireNonNull(trend, "trend");
  }
}
