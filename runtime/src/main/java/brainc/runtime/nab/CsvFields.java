package brainc.runtime.nab;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV record into fields (RFC 4180 quoting; NAB's files need none). */
final class CsvFields {
  private CsvFields() {}

  /** The fields of {@code line}; {@code null} if a quoted field is not closed. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
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
