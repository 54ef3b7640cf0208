package brainc.ir.verify;

import brainc.ir.model.Origin;
import java.util.Objects;

/** One broken invariant of a module, at the declaration-level entity where it was found. */
public record Problem(Origin origin, String message) {
  public Problem {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return origin.span() + ": " + message;
  }
}
