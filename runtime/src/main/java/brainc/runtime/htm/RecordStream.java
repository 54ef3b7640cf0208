package brainc.runtime.htm;

import brainc.runtime.io.Utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file of records with a header line (NAB's layout: {@code timestamp,value}), read whole:
 * each column as texts and as numbers ({@code NaN} where a cell is not a number). Fields are
 * separated by commas and may not contain commas or quotes, as in NAB's files.
 */
public final class RecordStream {
  /** A malformed file: the message says what is wrong; {@link #line} and {@link #column} where. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;
    private final boolean order;

    public FormatException(int line, String message) {
      this(line, 1, message, false);
    }

    public FormatException(int line, int column, String message, boolean order) {
      super(message);
      this.line = line;
      this.column = column;
      this.order = order;
    }

    /** The line (from 1, the header). */
    public int line() {
      return line;
    }

    /** The column (from 1) where the offending field starts. */
    public int column() {
      return column;
    }

    /** Whether the rows are out of time order or repeat a timestamp (else the file is malformed). */
    public boolean order() {
      return order;
    }
  }

  /** The longest line read, in characters: a longer one is no CSV record of a stream. */
  public static final int MAX_LINE = 1 << 20;

  private final List<String> header;
  private final String[][] texts;
  private final double[][] numbers;
  private final int[] lines;
  private final int[][] columns;

  private RecordStream(List<String> header, String[][] texts, double[][] numbers, int[] lines, int[][] columns) {
    this.header = List.copyOf(header);
    this.texts = texts;
    this.numbers = numbers;
    this.lines = lines;
    this.columns = columns;
  }

  /**
   * Reads a whole file. Refuses, naming the line: bytes that are not UTF-8, an empty file, a
   * header without rows, empty or repeated column names, and rows with another number of fields.
   * A byte-order mark and CRLF line ends are accepted; blank lines are skipped.
   */
  public static RecordStream read(Path file) throws IOException, FormatException {
    String text = decode(Files.readAllBytes(file));
    List<String> lineTexts = splitLines(text);
    if (lineTexts.isEmpty() || (lineTexts.size() == 1 && lineTexts.get(0).isBlank())) {
      throw new FormatException(1, "the file is empty; expected a header like `timestamp,value`, then one row per record");
    }
    String first = lineTexts.get(0);
    if (first.startsWith("\uFEFF")) first = first.substring(1);
    if (first.isBlank()) throw new FormatException(1, "the header line is blank; expected column names like `timestamp,value`");
    List<String> header = new ArrayList<>();
    int at = 1;
    for (String h : first.split(",", -1)) {
      String name = h.trim();
      if (name.isEmpty()) throw new FormatException(1, at, "column " + (header.size() + 1) + " of the header has no name", false);
      if (header.contains(name)) {
        throw new FormatException(1, at, "the header names column `" + name + "` twice", false);
      }
      header.add(name);
      at += h.length() + 1;
    }
    List<String[]> rows = new ArrayList<>();
    List<Integer> rowLines = new ArrayList<>();
    for (int k = 1; k < lineTexts.size(); k++) {
      String line = lineTexts.get(k);
      int lineNo = k + 1;
      if (line.isBlank()) continue;
      if (line.length() > MAX_LINE) {
        throw new FormatException(lineNo, "the line is " + line.length() + " characters long; a record line may have at most "
            + MAX_LINE);
      }
      String[] cells = line.split(",", -1);
      if (cells.length != header.size()) {
        throw new FormatException(lineNo, "expected " + header.size() + " fields (" + String.join(",", header) + "), found "
            + cells.length);
      }
      rows.add(cells);
      rowLines.add(lineNo);
    }
    if (rows.isEmpty()) {
      throw new FormatException(Math.min(2, lineTexts.size() + 1), "the file has a header but no records");
    }
    int cols = header.size();
    String[][] texts = new String[cols][rows.size()];
    double[][] numbers = new double[cols][rows.size()];
    int[][] starts = new int[cols][rows.size()];
    int[] lines = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      lines[r] = rowLines.get(r);
      int col = 1;
      for (int c = 0; c < cols; c++) {
        String raw = rows.get(r)[c];
        String cell = raw.trim();
        texts[c][r] = cell;
        numbers[c][r] = parse(cell);
        starts[c][r] = col + (raw.length() - raw.stripLeading().length());
        col += raw.length() + 1;
      }
    }
    return new RecordStream(header, texts, numbers, lines, starts);
  }

  /** The text of UTF-8 bytes; malformed bytes are an error naming their line and column. */
  private static String decode(byte[] bytes) throws FormatException {
    try {
      return Utf8.decode(bytes);
    } catch (Utf8.MalformedException e) {
      throw new FormatException(e.line(), 1 + e.before().length(), String.format(Locale.ROOT,
          "the file is not UTF-8 text (byte 0x%02X cannot start or continue a character); save it as UTF-8",
          e.value()), false);
    }
  }

  /** Lines without their ends ({@code \n}, {@code \r\n} or {@code \r}); no empty last line for a final end. */
  private static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\n' || ch == '\r') {
        lines.add(text.substring(start, i));
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
        start = i + 1;
      }
    }
    if (start < text.length()) lines.add(text.substring(start));
    return lines;
  }

  /** The line of the file (from 1, the header) that holds record {@code record}. */
  public int line(int record) {
    return lines[record];
  }

  /** The column (from 1) where field {@code column} of record {@code record} starts on its line. */
  public int columnOf(int column, int record) {
    return columns[column][record];
  }

  private static double parse(String s) {
    if (s.isEmpty()) return Double.NaN;
    char c = s.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) return Double.NaN;
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public List<String> header() {
    return header;
  }

  /** The column of a header name, or -1. */
  public int column(String name) {
    return header.indexOf(name);
  }

  public int records() {
    return texts.length == 0 ? 0 : texts[0].length;
  }

  public String text(int column, int record) {
    return texts[column][record];
  }

  public double number(int column, int record) {
    return numbers[column][record];
  }

  /** Smallest and largest number of a column, ignoring non-numbers; {NaN, NaN} when none. */
  public double[] range(int column) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : numbers[column]) {
      if (Double.isNaN(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo > hi ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
  }

  /** Fills {@code t} and {@code x} with one record's fields. */
  public void record(int r, String[] t, double[] x) {
    for (int c = 0; c < t.length; c++) {
      t[c] = texts[c][r];
      x[c] = numbers[c][r];
    }
  }

  @Override
  public String toString() {
    return "RecordStream" + Arrays.toString(header.toArray()) + " x " + records();
  }
}
