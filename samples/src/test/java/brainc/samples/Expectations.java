package brainc.samples;

import brainc.ir.diag.Diagnostic;
import brainc.ir.source.LineIndex;
import brainc.ir.source.SourceFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline diagnostic expectations in a {@code .brain} test file, rust-analyzer style. An
 * expectation is a comment line under the line it is about; its carets sit in exactly the
 * columns of the expected range, and the message is a prefix of the actual one:
 *
 * <pre>
 *   v' = (v_rest - v) / 20
 * //     ^^^^^^^^^^^^^^^^^^^ error[E0301]: unit mismatch
 * </pre>
 *
 * An empty range is written {@code |} at its column. Several expectation lines may follow one
 * line. A range must start at column 3 or later (the comment marker needs two) and end on the
 * line it starts on; the harness reports any diagnostic that cannot be written this way in full.
 */
final class Expectations {
  private static final Pattern LINE =
      Pattern.compile("^(\\s*//\\s*)(\\^+|\\|) (error|warning|note)\\[([A-Z]\\d{4})\\]: ?(.*)$");

  /** One expectation, or one actual diagnostic in the same shape. */
  record Expect(int anchorLine, int column, int width, String severity, String code, String message) {
    String render() {
      StringBuilder b = new StringBuilder("//");
      b.append(" ".repeat(column - 1 - 2));
      b.append(width == 0 ? "|" : "^".repeat(width));
      return b.append(' ').append(severity).append('[').append(code).append("]: ").append(message).toString();
    }
  }

  static final Comparator<Expect> ORDER = Comparator.comparingInt(Expect::anchorLine)
      .thenComparingInt(Expect::column).thenComparingInt(Expect::width)
      .thenComparing(Expect::code).thenComparing(Expect::message);

  private final List<String> lines;
  private final boolean[] isExpectation;
  private final List<Expect> expected = new ArrayList<>();

  Expectations(String text) {
    this.lines = List.of(text.split("\n", -1));
    this.isExpectation = new boolean[lines.size()];
    int anchor = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = LINE.matcher(lines.get(i));
      if (m.matches() && anchor > 0) {
        isExpectation[i] = true;
        int width = m.group(2).equals("|") ? 0 : m.group(2).length();
        expected.add(new Expect(anchor, m.group(1).length() + 1, width, m.group(3), m.group(4), m.group(5)));
      } else {
        anchor = i + 1;
      }
    }
  }

  List<Expect> expected() {
    return expected;
  }

  /** A diagnostic in expectation form, or empty when no caret line can express its range. */
  static Optional<Expect> of(Diagnostic d, SourceFile file) {
    LineIndex idx = file.lines();
    LineIndex.Position a = idx.position(d.span().start());
    LineIndex.Position b = idx.position(d.span().end());
    if (a.line() != b.line() || a.column() < 3 || d.span().end() > file.text().length()) return Optional.empty();
    return Optional.of(new Expect(a.line(), a.column(), b.column() - a.column(), d.severity().label(),
        d.code().id(), d.message()));
  }

  /** True when {@code actual} is what {@code e} expects: same place, code and severity, message prefix. */
  static boolean matches(Expect e, Expect actual) {
    return e.anchorLine() == actual.anchorLine() && e.column() == actual.column() && e.width() == actual.width()
        && e.severity().equals(actual.severity()) && e.code().equals(actual.code())
        && actual.message().startsWith(e.message());
  }

  /**
   * The file's text with its expectation lines replaced by {@code shown}, each under its anchor
   * line, and with {@code loose} (diagnostics no caret can express) at the end in full.
   */
  String annotate(List<Expect> shown, List<String> loose) {
    List<Expect> sorted = new ArrayList<>(shown);
    sorted.sort(ORDER);
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (isExpectation[i]) continue;
      out.append(lines.get(i));
      if (i < lines.size() - 1 || next < sorted.size()) out.append('\n');
      while (next < sorted.size() && sorted.get(next).anchorLine() == i + 1) {
        out.append(sorted.get(next++).render()).append('\n');
      }
    }
    for (String l : loose) out.append("// unexpressible: ").append(l).append('\n');
    return out.toString();
  }
}
