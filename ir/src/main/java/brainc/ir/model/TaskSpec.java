package brainc.ir.model;

import java.util.List;

/** A task distribution such as {@code sinusoid(amplitude = 0.1 .. 5.0)}. */
public record TaskSpec(String kind, List<Setting> settings) {
  public TaskSpec {
    Checks.name(kind, "kind");
    settings = List.copyOf(settings);
  }
}
