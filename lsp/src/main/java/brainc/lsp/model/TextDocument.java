package brainc.lsp.model;

import brainc.ir.source.SourceFile;
import brainc.ir.source.SourceId;
import brainc.ir.source.Span;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * One version of an open document and the conversions between LSP positions (0-based line,
 * UTF-16 character) and the front end's UTF-16 offsets.
 */
public record TextDocument(String uri, int version, SourceFile source) {
  public static TextDocument of(String uri, int version, String text) {
    return new TextDocument(uri, version, new SourceFile(Uris.sourceId(uri), text));
  }

  public SourceId id() {
    return source.id();
  }

  public String text() {
    return source.text();
  }

  /** The offset of an LSP position, clamped to its line (a character past the end is the line's end). */
  public int offset(Position p) {
    var lines = source.lines();
    int line = Math.max(0, p.getLine());
    if (line >= lines.lineCount()) return text().length();
    int start = lines.lineStart(line + 1);
    int end = line + 1 < lines.lineCount() ? lines.lineStart(line + 2) - 1 : text().length();
    if (end > start && end <= text().length() && end - 1 >= start && text().charAt(end - 1) == '\r') end--;
    // Not start + character: a character near Integer.MAX_VALUE would overflow to the line's start.
    return start + Math.max(0, Math.min(p.getCharacter(), end - start));
  }

  public Position position(int offset) {
    var lines = source.lines();
    int o = Math.max(0, Math.min(offset, text().length()));
    return new Position(lines.line(o) - 1, lines.column(o) - 1);
  }

  public Range range(Span s) {
    return new Range(position(s.start()), position(s.end()));
  }

  public Range range(int start, int end) {
    return new Range(position(start), position(end));
  }
}
