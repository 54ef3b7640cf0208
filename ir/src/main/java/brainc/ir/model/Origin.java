package brainc.ir.model;

import brainc.ir.source.Span;
import java.util.Objects;

/** Where a declaration-level entity came from; synthesized entities carry the origin of what they were derived from. */
public record Origin(Span span) {
  public Origin {
    Objects.requireNonNull(span, "span");
  }

  public static Origin of(Span span) {
    return new Origin(span);
  }
}
