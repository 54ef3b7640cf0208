package brainc.lsp.features;

import brainc.compiler.syntax.Formatter;
import brainc.lsp.model.DocumentModel;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Document formatting: the same canonical layout as `brainc fmt`, as one edit replacing the
 * whole document. A document with syntax errors is left alone, so that half-typed text is never
 * rearranged around a guess.
 */
public final class Formatting {
  private Formatting() {}

  public static List<TextEdit> of(DocumentModel m) {
    boolean syntaxErrors = m.analysis().diagnostics().stream()
        .anyMatch(d -> d.code().id().startsWith("E01") && d.span().source().equals(m.analysis().main().source().id()));
    if (syntaxErrors) return List.of();
    String text = m.text();
    String formatted = Formatter.format(text);
    if (formatted.equals(text)) return List.of();
    var lines = m.analysis().main().source().lines();
    Position end = new Position(lines.line(text.length()) - 1, lines.column(text.length()) - 1);
    return List.of(new TextEdit(new Range(new Position(0, 0), end), formatted));
  }
}
