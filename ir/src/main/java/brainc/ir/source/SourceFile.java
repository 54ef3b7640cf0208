package brainc.ir.source;

import java.util.Objects;

/** The text of one document together with its identity and line index. */
public final class SourceFile {
  private final SourceId id;
  private final String text;
  private LineIndex lines;

  public SourceFile(SourceId id, String text) {
    this.id = Objects.requireNonNull(id);
    this.text = Objects.requireNonNull(text);
  }

  public static SourceFile of(String name, String text) {
    return new SourceFile(new SourceId(name), text);
  }

  public SourceId id() {
    return id;
  }

  public String text() {
    return text;
  }

  public LineIndex lines() {
    if (lines == null) lines = new LineIndex(text);
    return lines;
  }

  public Span span(int start, int end) {
    return new Span(id, start, end);
  }

  public String slice(Span s) {
    return text.substring(Math.min(s.start(), text.length()), Math.min(s.end(), text.length()));
  }
}
