package brainc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Fix;
import brainc.ir.diag.Related;
import brainc.ir.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {
  private final SourceFile file = SourceFile.of("m.brain", "neuron A {\n\tparam tau = 20\r\n}\n");
  private final DiagnosticRenderer renderer = new DiagnosticRenderer(Map.of(file.id(), file));

  @Test
  void caretsFollowTabsAndStopAtTheEndOfTheLine() {
    Diagnostic d = Diagnostic.error(Code.E0308, file.span(13, 40), "needs a unit")
        .withFix(new Fix("Add the unit ms", file.span(23, 25), "20 ms"))
        .withRelated(new Related(file.span(7, 8), "declared here"));
    assertEquals("m.brain:2:3: error[E0308]: needs a unit\n"
        + " 2 | \tparam tau = 20\n"
        + "   | \t ^^^^^^^^^^^^^\n"
        + "  help: Add the unit ms: `20 ms`\n"
        + "  note: m.brain:1:8: declared here\n", renderer.human(d));
  }

  @Test
  void emptySpansGetOneCaretAndUnknownSourcesNoSnippet() {
    Diagnostic empty = Diagnostic.error(Code.E0100, file.span(10, 10), "missing `}`");
    assertEquals("m.brain:1:11: error[E0100]: missing `}`\n 1 | neuron A {\n   |           ^\n",
        renderer.human(empty));
    Diagnostic elsewhere = Diagnostic.warning(Code.W0002, SourceFile.of("x", "").span(3, 4), "unused");
    assertEquals("x: warning[W0002]: unused\n", renderer.human(elsewhere));
  }

  @Test
  void summaryCountsErrorsAndWarnings() {
    Diagnostic e = Diagnostic.error(Code.E0100, file.span(0, 1), "e");
    Diagnostic w = Diagnostic.warning(Code.W0002, file.span(0, 1), "w");
    assertEquals("", DiagnosticRenderer.summary(List.of()));
    assertEquals("1 error", DiagnosticRenderer.summary(List.of(e)));
    assertEquals("2 errors, 1 warning", DiagnosticRenderer.summary(List.of(e, e, w)));
    assertEquals("2 warnings", DiagnosticRenderer.summary(List.of(w, w)));
  }

  @Test
  void jsonEscapesEverythingRfc8259Requires() {
    assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"", DiagnosticRenderer.quote("a\"b\\c\nd\te\u0001\u2028"));
    assertEquals("\"\uD83E\uDDE0 \\ud83e\"", DiagnosticRenderer.quote("\uD83E\uDDE0 \uD83E"));
  }

  @Test
  void jsonCarriesRelatedAndFixes() {
    Diagnostic d = Diagnostic.error(Code.E0202, file.span(7, 8), "dup")
        .withRelated(new Related(file.span(0, 6), "first"))
        .withFix(new Fix("Rename", file.span(7, 8), "B"));
    assertEquals("[\n  {\"file\": \"m.brain\", \"severity\": \"error\", \"code\": \"E0202\", "
        + "\"name\": \"duplicate-declaration\", \"message\": \"dup\", "
        + "\"range\": {\"start\": {\"line\": 1, \"column\": 8}, \"end\": {\"line\": 1, \"column\": 9}}, "
        + "\"related\": [{\"file\": \"m.brain\", \"range\": {\"start\": {\"line\": 1, \"column\": 1}, "
        + "\"end\": {\"line\": 1, \"column\": 7}}, \"message\": \"first\"}], "
        + "\"fixes\": [{\"title\": \"Rename\", \"range\": {\"start\": {\"line\": 1, \"column\": 8}, "
        + "\"end\": {\"line\": 1, \"column\": 9}}, \"replacement\": \"B\"}]}\n]\n", renderer.json(List.of(d)));
  }
}
