package brainc.runtime.htm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV file of records with a header line (NAB's layout: {@code timestamp,value}), read whole:
 * each column as texts and as numbers ({@code NaN} where a cell is not a number). Fields are
 * separated by commas and may not contain commas or quotes, as in NAB's files.
 */
public final class RecordStream {
  /** A malformed file: the message names the line. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public FormatException(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private final List<String> header;
  private final String[][] texts;
  private final double[][] numbers;

  private RecordStream(List<String> header, String[][] texts, double[][] numbers) {
    this.header = List.copyOf(header);
    this.texts = texts;
    this.numbers = numbers;
  }

  public static RecordStream read(Path file) throws IOException, FormatException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = in.readLine();
      if (first == null) throw new FormatException(1, "the file is empty; expected a header like `timestamp,value`");
      if (first.startsWith("\uFEFF")) first = first.substring(1);
      List<String> header = new ArrayList<>();
      for (String h : first.split(",", -1)) header.add(h.trim());
      List<String[]> rows = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        String[] cells = line.split(",", -1);
        if (cells.length != header.size()) {
          throw new FormatException(lineNo, "expected " + header.size() + " fields, found " + cells.length);
        }
        rows.add(cells);
      }
      int cols = header.size();
      String[][] texts = new String[cols][rows.size()];
      double[][] numbers = new double[cols][rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < cols; c++) {
          String cell = rows.get(r)[c].trim();
          texts[c][r] = cell;
          numbers[c][r] = parse(cell);
        }
      }
      return new RecordStream(header, texts, numbers);
    }
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
