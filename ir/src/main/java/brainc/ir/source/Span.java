package brainc.ir.source;

import java.util.Objects;

/**
 * A range of a source document in UTF-16 offsets, {@code end} exclusive. Line and column are
 * computed on demand by a {@link LineIndex}, so spans stay small and comparable.
 */
public record Span(SourceId source, int start, int end) implements Comparable<Span> {
  public Span {
    Objects.requireNonNull(source, "source");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span " + start + ".." + end);
    }
  }

  public static Span of(SourceId source, int start, int end) {
    return new Span(source, start, end);
  }

  public int length() {
    return end - start;
  }

  public boolean contains(int offset) {
    return offset >= start && offset <= end;
  }

  public boolean contains(Span other) {
    return source.equals(other.source) && start <= other.start && other.end <= end;
  }

  /** The smallest span covering both; both must be in the same document. */
  public Span union(Span other) {
    if (!source.equals(other.source)) {
      throw new IllegalArgumentException("spans of different documents");
    }
    return new Span(source, Math.min(start, other.start), Math.max(end, other.end));
  }

  @Override
  public int compareTo(Span o) {
    int c = source.compareTo(o.source);
    if (c != 0) return c;
    c = Integer.compare(start, o.start);
    return c != 0 ? c : Integer.compare(end, o.end);
  }

  @Override
  public String toString() {
    return source + ":" + start + ".." + end;
  }
}
