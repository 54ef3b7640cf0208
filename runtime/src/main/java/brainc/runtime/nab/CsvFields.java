package brainc.runtime.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Splits one CSV record into fields (RFC 4180 quoting; NAB's files need none). */
final class CsvFields {
  private CsvFields() {}

  /** Takes the field a row is read for, with the row's line number (from 1, the header). */
  interface Field {
    void accept(String value, int line) throws NabException;
  }

  /**
   * Reads a CSV file with a header that must name every column of {@code header} (in that order of
   * complaint), and hands {@code field} the value of column {@code read} of every non-blank row.
   * Every error names the file and line.
   */
  static void read(BufferedReader in, Path file, List<String> header, String read, Field field)
      throws IOException, NabException {
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new NabException(file + ": empty file, expected a header with "
          + header.stream().map(c -> "'" + c + "'").collect(Collectors.joining(" and ")));
    }
    if (headerLine.startsWith("\uFEFF")) headerLine = headerLine.substring(1);
    List<String> names = split(headerLine);
    for (String c : header) {
      if (names == null || column(names, c) < 0) throw new NabException(file + ":1: no '" + c + "' column in the header");
    }
    int column = column(names, read);
    String line;
    int lineNo = 1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      List<String> fields = split(line);
      if (fields == null || fields.size() <= column) {
        throw new NabException(file + ":" + lineNo + ": expected " + names.size() + " fields");
      }
      field.accept(fields.get(column), lineNo);
    }
  }

  /** Takes the values of the requested columns of one row, where each starts (from 1), and the line. */
  interface Row {
    void accept(String[] values, int[] starts, int line) throws NabException;
  }

  /**
   * Reads a CSV file with a header that must name every column of {@code header}, and hands
   * {@code row} the values of those columns, in that order, for every non-blank row; returns
   * the number of the last line read. Every error names the file and line.
   */
  static int readRows(BufferedReader in, Path file, List<String> header, Row row) throws IOException, NabException {
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new NabException(file + ": empty file, expected a header with "
          + header.stream().map(c -> "'" + c + "'").collect(Collectors.joining(" and ")));
    }
    if (headerLine.startsWith("\uFEFF")) headerLine = headerLine.substring(1);
    List<String> names = split(headerLine);
    int[] index = new int[header.size()];
    for (int k = 0; k < header.size(); k++) {
      index[k] = names == null ? -1 : column(names, header.get(k));
      if (index[k] < 0) throw new NabException(file + ":1: no '" + header.get(k) + "' column in the header");
      String wanted = header.get(k);
      if (names.subList(index[k] + 1, names.size()).stream().anyMatch(n -> n.strip().equals(wanted))) {
        // Two columns of one name: which one holds the scores is anyone's guess.
        throw new NabException(file + ":1: the header names '" + header.get(k) + "' twice");
      }
    }
    String line;
    int lineNo = 1;
    List<Integer> starts = new ArrayList<>();
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      starts.clear();
      List<String> fields = split(line, starts);
      String[] values = new String[index.length];
      int[] at = new int[index.length];
      for (int k = 0; k < index.length; k++) {
        if (fields == null || fields.size() <= index[k]) {
          throw new NabException(file + ":" + lineNo + ": expected " + names.size() + " fields");
        }
        values[k] = fields.get(index[k]);
        at[k] = starts.get(index[k]) + 1;
      }
      row.accept(values, at, lineNo);
    }
    return lineNo;
  }

  /** The fields of {@code line}; {@code null} if a quoted field is not closed. */
  static List<String> split(String line) {
    return split(line, new ArrayList<>());
  }

  /** As {@link #split(String)}, and adds where each field starts (from 0) to {@code starts}. */
  static List<String> split(String line, List<Integer> starts) {
    List<String> fields = new ArrayList<>();
    starts.add(0);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c != '"') {
          field.append(c);
        } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = false;
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        starts.add(i + 1);
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else {
        field.append(c);
      }
    }
    if (quoted) return null;
    fields.add(field.toString());
    return fields;
  }

  /** The index of the column named {@code name} in a header, or -1. */
  static int column(List<String> header, String name) {
    for (int k = 0; k < header.size(); k++) {
      if (header.get(k).strip().equals(name)) return k;
    }
    return -1;
  }
}
