package brainc.ir.diag;

import brainc.ir.source.Span;
import java.util.Objects;

/** A second location that explains a diagnostic, e.g. the first declaration of a duplicate. */
public record Related(Span span, String message) {
  public Related {
    Objects.requireNonNull(span);
    Objects.requireNonNull(message);
  }
}
