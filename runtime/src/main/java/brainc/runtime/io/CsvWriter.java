package brainc.runtime.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes RFC 4180 CSV (UTF-8, CRLF line ends), published atomically when closed.
 *
 * <p>Monitors write traces row by row during a run and the file is read by spreadsheets, pandas
 * and the project's own tests, so it must be plain RFC 4180 and must not be seen half-written.
 * Rows go to a pending {@link AtomicFiles} replacement; {@link #close()} publishes it, so a reader
 * sees the old file until then and the complete new one after.
 *
 * <p>A field is quoted only when it must be: when it contains a comma, a double quote (doubled
 * inside the quotes), CR or LF. The one exception is a row of a single empty field, written as
 * {@code ""} so the line is not blank. Every row must have as many fields as the first.
 *
 * <pre>{@code
 * try (CsvWriter csv = CsvWriter.open(path)) {
 *   csv.row("t_ms", "neuron", "v_mV");
 *   csv.row(0.1, 3, -65.0f);
 * }
 * }</pre>
 *
 * Closing publishes even when the block ends with an exception from the caller's own code, since
 * {@code close()} cannot see it; call {@link #abort()} in a {@code catch} to keep the old file
 * instead. A failed write aborts by itself.
 */
public final class CsvWriter implements Closeable {
  private static final String CRLF = "\r\n";

  private final AtomicFiles.Output out;
  private final Writer writer;
  private int columns = -1;
  private boolean aborted;
  private boolean closed;

  private CsvWriter(AtomicFiles.Output out) {
    this.out = out;
    this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  /** Starts replacing {@code path}; nothing is visible there until {@link #close()}. */
  public static CsvWriter open(Path path) throws IOException {
    return new CsvWriter(AtomicFiles.open(path));
  }

  /**
   * Appends one record. Values are written with {@link String#valueOf(Object)}, so floats and
   * doubles come out in Java's shortest round-tripping form ({@code -65.0}, {@code 1.0E-5}), which
   * numpy and pandas parse; {@code null} is an empty field.
   *
   * @throws IllegalArgumentException if the row is empty or its width differs from the first row's
   */
  public CsvWriter row(Object... fields) throws IOException {
    return row(List.of(nullsToEmpty(fields)));
  }

  /** Appends one record; see {@link #row(Object...)}. */
  public CsvWriter row(List<?> fields) throws IOException {
    if (closed || aborted) {
      throw new IOException("CSV writer is closed or aborted: " + out.target());
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a CSV record needs at least one field");
    }
    if (columns >= 0 && fields.size() != columns) {
      throw new IllegalArgumentException(
          "row has " + fields.size() + " fields, the first row had " + columns);
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(fields.get(i)));
    }
    if (fields.size() == 1 && line.length() == 0) {
      line.append("\"\"");
    }
    try {
      writer.write(line.append(CRLF).toString());
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    columns = fields.size();
    return this;
  }

  private static Object[] nullsToEmpty(Object[] fields) {
    Object[] copy = fields.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        copy[i] = "";
      }
    }
    return copy;
  }

  /** One field as it appears in the file: verbatim, or quoted with quotes doubled. */
  static String field(Object value) {
    String s = value == null ? "" : String.valueOf(value);
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /** Discards everything written; the file at the path stays as it was. Idempotent. */
  public void abort() throws IOException {
    if (!aborted && !closed) {
      aborted = true;
      out.close();
    }
  }

  /** Publishes the rows written, unless aborted. A second close does nothing. */
  @Override
  public void close() throws IOException {
    if (closed || aborted) {
      return;
    }
    closed = true;
    try {
      writer.flush();
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    out.commit();
  }
}
