package brainc.compiler.driver;

import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Fix;
import brainc.ir.diag.Related;
import brainc.ir.diag.Severity;
import brainc.ir.source.LineIndex;
import brainc.ir.source.SourceFile;
import brainc.ir.source.SourceId;
import brainc.ir.source.Span;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns diagnostics into text for people and JSON for tools. Positions are 1-based lines and
 * columns in UTF-16 units, the same numbers an editor shows; ends are exclusive.
 *
 * <p>The human form follows the {@code file:line:col: severity[code]: message} convention, so
 * editors and CI logs link it, then the source line with carets under the range:
 *
 * <pre>
 * cuba.brain:12:8: error[E0301]: unit mismatch: ...
 *    12 |   v' = (v_rest - v) / tau_m + I
 *       |        ^^^^^^^^^^^^^^^^^^^^^^^^
 *    help: add the unit: `20 ms`
 * </pre>
 *
 * The renderer never throws on a span that lies outside its document or in a document it was
 * not given: it prints what it can.
 */
public final class DiagnosticRenderer {
  private final Map<SourceId, SourceFile> sources;

  /** {@code sources} supplies the text for source lines and for line and column numbers. */
  public DiagnosticRenderer(Map<SourceId, SourceFile> sources) {
    this.sources = Map.copyOf(sources);
  }

  // ---- human ----

  /** One diagnostic in the human form, ending with a newline. */
  public String human(Diagnostic d) {
    StringBuilder out = new StringBuilder();
    out.append(location(d.span())).append(": ").append(d.severity().label())
        .append('[').append(d.code().id()).append("]: ").append(d.message()).append('\n');
    snippet(d.span(), out);
    for (Fix f : d.fixes()) {
      out.append("  help: ").append(f.title());
      String shown = f.replacement().strip();
      if (!shown.isEmpty() && !f.title().contains(shown)) {
        out.append(": `").append(shown).append('`');
      }
      out.append('\n');
    }
    for (Related r : d.related()) {
      out.append("  note: ").append(location(r.span())).append(": ").append(r.message()).append('\n');
    }
    return out.toString();
  }

  /** All diagnostics in the human form, then the summary line (nothing when there are none). */
  public String human(Collection<Diagnostic> ds) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : ds) out.append(human(d));
    String summary = summary(ds);
    if (!summary.isEmpty()) out.append(summary).append('\n');
    return out.toString();
  }

  /** {@code 2 errors, 1 warning}; empty when there is nothing to report. */
  public static String summary(Collection<Diagnostic> ds) {
    long errors = ds.stream().filter(d -> d.severity() == Severity.ERROR).count();
    long warnings = ds.stream().filter(d -> d.severity() == Severity.WARNING).count();
    StringBuilder s = new StringBuilder();
    if (errors > 0) s.append(count(errors, "error"));
    if (warnings > 0) s.append(s.length() > 0 ? ", " : "").append(count(warnings, "warning"));
    return s.toString();
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code file:line:col} of the span's start. */
  public String location(Span s) {
    SourceFile file = sources.get(s.source());
    if (file == null) return s.source().name();
    LineIndex.Position p = file.lines().position(s.start());
    return s.source().name() + ":" + p.line() + ":" + p.column();
  }

  /**
   * The line that holds the span's start, and carets under the part of the span on that line
   * (one caret for an empty span). Tabs in the line are kept in the caret line so that the
   * carets stay aligned in a terminal.
   */
  private void snippet(Span s, StringBuilder out) {
    SourceFile file = sources.get(s.source());
    if (file == null) return;
    String text = file.text();
    LineIndex lines = file.lines();
    int start = Math.min(s.start(), text.length());
    int line = lines.line(start);
    int lineStart = lines.lineStart(line);
    int lineEnd = line < lines.lineCount() ? lines.lineStart(line + 1) : text.length();
    String body = text.substring(lineStart, lineEnd);
    if (body.endsWith("\n")) body = body.substring(0, body.length() - 1);
    if (body.endsWith("\r")) body = body.substring(0, body.length() - 1);
    int end = Math.max(start, Math.min(s.end(), lineStart + body.length()));
    String gutter = String.valueOf(line);
    String pad = " ".repeat(gutter.length());
    out.append(' ').append(gutter).append(" | ").append(body).append('\n');
    out.append(' ').append(pad).append(" | ");
    for (int i = lineStart; i < start; i++) out.append(text.charAt(i) == '\t' ? '\t' : ' ');
    out.append("^".repeat(Math.max(1, end - start))).append('\n');
  }

  // ---- JSON ----

  /**
   * The diagnostics as a JSON array of objects with {@code file, severity, code, name, message,
   * range, related, fixes}; a range is {@code {start:{line,column}, end:{line,column}}}, 1-based,
   * end exclusive. Written by hand, keys in a fixed order, so the output is deterministic.
   */
  public String json(List<Diagnostic> ds) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < ds.size(); i++) {
      out.append(i == 0 ? "\n  " : ",\n  ");
      json(ds.get(i), out);
    }
    out.append(ds.isEmpty() ? "]\n" : "\n]\n");
    return out.toString();
  }

  private void json(Diagnostic d, StringBuilder out) {
    out.append("{\"file\": ").append(quote(d.span().source().name()))
        .append(", \"severity\": ").append(quote(d.severity().label()))
        .append(", \"code\": ").append(quote(d.code().id()))
        .append(", \"name\": ").append(quote(d.code().kebab()))
        .append(", \"message\": ").append(quote(d.message()))
        .append(", \"range\": ");
    range(d.span(), out);
    out.append(", \"related\": [");
    for (int i = 0; i < d.related().size(); i++) {
      Related r = d.related().get(i);
      if (i > 0) out.append(", ");
      out.append("{\"file\": ").append(quote(r.span().source().name())).append(", \"range\": ");
      range(r.span(), out);
      out.append(", \"message\": ").append(quote(r.message())).append('}');
    }
    out.append("], \"fixes\": [");
    for (int i = 0; i < d.fixes().size(); i++) {
      Fix f = d.fixes().get(i);
      if (i > 0) out.append(", ");
      out.append("{\"title\": ").append(quote(f.title())).append(", \"range\": ");
      range(f.span(), out);
      out.append(", \"replacement\": ").append(quote(f.replacement())).append('}');
    }
    out.append("]}");
  }

  private void range(Span s, StringBuilder out) {
    SourceFile file = sources.get(s.source());
    LineIndex.Position a;
    LineIndex.Position b;
    if (file == null) {
      // Without the text there are no lines; say so with line 0 rather than invent one.
      a = new LineIndex.Position(0, s.start() + 1);
      b = new LineIndex.Position(0, s.end() + 1);
    } else {
      a = file.lines().position(s.start());
      b = file.lines().position(s.end());
    }
    out.append("{\"start\": {\"line\": ").append(a.line()).append(", \"column\": ").append(a.column())
        .append("}, \"end\": {\"line\": ").append(b.line()).append(", \"column\": ").append(b.column())
        .append("}}");
  }

  /** A JSON string literal (RFC 8259); see {@link brainc.runtime.io.Json#quote}. */
  public static String quote(String s) {
    return brainc.runtime.io.Json.quote(s);
  }
}
