package brainc.ir.model;

import java.util.List;

/** An input encoder such as {@code rate(max)} or {@code poisson(steps)}. */
public record Encoder(String kind, List<Setting> settings) {
  public Encoder {
    Checks.name(kind, "kind");
    settings = List.copyOf(settings);
  }
}
