package brainc.lsp.features;

import brainc.ir.diag.Related;
import brainc.ir.diag.Severity;
import brainc.lsp.model.DocumentModel;
import brainc.lsp.model.Uris;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The compiler's diagnostics of one document as LSP diagnostics: the same codes, messages and
 * ranges as {@code brainc check} (the front end's, then what the engine each run, train and detect
 * statement would use refuses: {@code Legality.statements}), in the same order. Diagnostics of imported files are not
 * repeated here; each open document publishes its own.
 */
public final class Diagnostics {
  public static final String SOURCE = "brainc";

  private Diagnostics() {}

  public static List<Diagnostic> of(DocumentModel m) {
    List<Diagnostic> out = new ArrayList<>();
    for (brainc.ir.diag.Diagnostic d : reported(m.analysis())) {
      if (!d.span().source().equals(m.id())) continue;
      out.add(toLsp(m, d));
    }
    return out;
  }

  /**
   * Everything {@code brainc check} reports for an analysis: the front end's diagnostics, then
   * what the engine each `run`, `train` and `detect` statement names (or the default) would
   * refuse, as warnings where the model is valid ({@code Legality.statements}; only on
   * error-free input).
   */
  public static List<brainc.ir.diag.Diagnostic> reported(brainc.compiler.driver.Analysis a) {
    List<brainc.ir.diag.Diagnostic> all = new ArrayList<>(a.diagnostics());
    all.addAll(brainc.compiler.api.Legality.statements(a));
    return all;
  }

  public static Diagnostic toLsp(DocumentModel m, brainc.ir.diag.Diagnostic d) {
    Diagnostic out = new Diagnostic(m.document().range(d.span()), d.message(), severity(d.severity()), SOURCE);
    out.setCode(Either.forLeft(d.code().id()));
    List<DiagnosticRelatedInformation> related = new ArrayList<>();
    for (Related r : d.related()) {
      related.add(new DiagnosticRelatedInformation(location(m, r.span()), r.message()));
    }
    if (!related.isEmpty()) out.setRelatedInformation(related);
    return out;
  }

  public static DiagnosticSeverity severity(Severity s) {
    switch (s) {
      case ERROR:
        return DiagnosticSeverity.Error;
      case WARNING:
        return DiagnosticSeverity.Warning;
      default:
        return DiagnosticSeverity.Information;
    }
  }

  /** The location of a span in any source the analysis loaded. */
  public static Location location(DocumentModel m, brainc.ir.source.Span s) {
    if (s.source().equals(m.id())) return new Location(m.document().uri(), m.document().range(s));
    var src = m.source(s.source());
    Range r = src.map(f -> brainc.lsp.model.TextDocument.of(Uris.uriOf(s.source()), 0, f.text()).range(s))
        .orElse(new Range(new org.eclipse.lsp4j.Position(0, 0), new org.eclipse.lsp4j.Position(0, 0)));
    return new Location(Uris.uriOf(s.source()), r);
  }
}
