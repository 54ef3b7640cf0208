package brainc.ir.diag;

import brainc.ir.source.Span;
import java.util.Objects;

/** A suggested edit: replace {@code span} with {@code replacement}. Editors offer it as a quick fix. */
public record Fix(String title, Span span, String replacement) {
  public Fix {
    Objects.requireNonNull(title);
    Objects.requireNonNull(span);
    Objects.requireNonNull(replacement);
  }
}
