package brainc.ir.source;

import java.util.Arrays;

/**
 * Maps UTF-16 offsets to 1-based line and column numbers and back. Lines end at {@code \n},
 * {@code \r\n} or a lone {@code \r}; the end belongs to the line it ends. Columns count UTF-16 units from 1.
 */
public final class LineIndex {
  private final int[] lineStarts;
  private final int length;

  public LineIndex(CharSequence text) {
    int[] starts = new int[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      // A line ends at \n, \r\n or a lone \r, as the lexer (and the language server protocol) read
      // it: counting only \n put every error of a file with old Mac line endings on line 1.
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
        if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
        starts[n++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, n);
    this.length = text.length();
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** The 1-based line of an offset; offsets past the end belong to the last line. */
  public int line(int offset) {
    int o = Math.max(0, Math.min(offset, length));
    int i = Arrays.binarySearch(lineStarts, o);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** The 1-based column of an offset. */
  public int column(int offset) {
    int o = Math.max(0, Math.min(offset, length));
    return o - lineStarts[line(o) - 1] + 1;
  }

  /** The offset of a 1-based line and column, clamped to the document. */
  public int offset(int line, int column) {
    int l = Math.max(1, Math.min(line, lineStarts.length));
    return Math.max(0, Math.min(lineStarts[l - 1] + column - 1, length));
  }

  public int lineStart(int line) {
    return lineStarts[Math.max(1, Math.min(line, lineStarts.length)) - 1];
  }

  public Position position(int offset) {
    return new Position(line(offset), column(offset));
  }

  /** A 1-based line and column. */
  public record Position(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }
}
