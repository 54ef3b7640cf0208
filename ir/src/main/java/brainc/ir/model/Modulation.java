package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** What a synapse does when a third-factor signal is present. */
public record Modulation(String signal, List<Stmt> body, Origin origin) {
  public Modulation {
    Checks.name(signal, "signal");
    body = List.copyOf(body);
    Objects.requireNonNull(origin, "origin");
  }
}
