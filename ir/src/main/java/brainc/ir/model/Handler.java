package brainc.ir.model;

import java.util.List;
import java.util.Objects;

/** What a synapse does on a pre- or postsynaptic spike. */
public record Handler(Side side, List<Stmt> body, Origin origin) {
  public Handler {
    Objects.requireNonNull(side, "side");
    body = List.copyOf(body);
    Objects.requireNonNull(origin, "origin");
  }
}
