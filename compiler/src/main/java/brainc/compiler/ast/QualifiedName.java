package brainc.compiler.ast;

import brainc.ir.source.Span;
import java.util.List;
import java.util.stream.Collectors;

/** A dotted name such as {@code brain.neurons.LIF}. */
public record QualifiedName(List<Ident> parts, Span span) {
  public QualifiedName {
    parts = List.copyOf(parts);
  }

  public String text() {
    return parts.stream().map(Ident::text).collect(Collectors.joining("."));
  }

  public Ident last() {
    return parts.get(parts.size() - 1);
  }

  @Override
  public String toString() {
    return text();
  }
}
