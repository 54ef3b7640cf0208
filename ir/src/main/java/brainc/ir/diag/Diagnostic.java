package brainc.ir.diag;

import brainc.ir.source.Span;
import java.util.List;
import java.util.Objects;

/**
 * One finding about the user's input. User errors are values of this type, never exceptions;
 * only compiler bugs throw.
 */
public record Diagnostic(
    Severity severity, Code code, Span span, String message, List<Related> related, List<Fix> fixes)
    implements Comparable<Diagnostic> {

  public Diagnostic {
    Objects.requireNonNull(severity);
    Objects.requireNonNull(code);
    Objects.requireNonNull(span);
    Objects.requireNonNull(message);
    related = List.copyOf(related);
    fixes = List.copyOf(fixes);
  }

  public static Diagnostic error(Code code, Span span, String message) {
    return new Diagnostic(Severity.ERROR, code, span, message, List.of(), List.of());
  }

  public static Diagnostic warning(Code code, Span span, String message) {
    return new Diagnostic(Severity.WARNING, code, span, message, List.of(), List.of());
  }

  /** The diagnostic with its default severity (that of its code). */
  public static Diagnostic of(Code code, Span span, String message) {
    return new Diagnostic(code.defaultSeverity(), code, span, message, List.of(), List.of());
  }

  public Diagnostic withRelated(Related r) {
    var rs = new java.util.ArrayList<>(related);
    rs.add(r);
    return new Diagnostic(severity, code, span, message, rs, fixes);
  }

  public Diagnostic withFix(Fix f) {
    var fs = new java.util.ArrayList<>(fixes);
    fs.add(f);
    return new Diagnostic(severity, code, span, message, related, fs);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public int compareTo(Diagnostic o) {
    int c = span.compareTo(o.span);
    if (c != 0) return c;
    c = code.compareTo(o.code);
    return c != 0 ? c : message.compareTo(o.message);
  }
}
