package brainc.lsp;

import brainc.lsp.model.TextDocument;
import brainc.lsp.model.Uris;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Frontend;
import brainc.ir.source.SourceFile;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

/** A rename either leaves a file that means the same with the new name, or is refused with a message. */
class RenameTest {
  private static final String MODEL = String.join("\n",
      "use brain.neurons.LIF",
      "neuron Cell {",
      "  param tau = 10 ms",
      "  param gain = 2",
      "  state v = 0 mV",
      "  v' = -v / tau * gain",
      "  spike when v > 1 mV",
      "}",
      "network N {",
      "  population e$0xc = Cell[10]",
      "  population other = LIF[5]",
      "  connect exc -> other weight 1 mV",
      "}",
      "run N for 1 ms",
      "");

  private static ResponseErrorException refused(String marked, String newName) {
    Fixture f = Fixture.of(marked);
    ResponseErrorException e = assertThrows(ResponseErrorException.class,
        () -> f.service.rename(Fixture.URI, f.cursor, newName, BrainLanguageService.NEVER));
    assertEquals(ResponseErrorCode.RequestFailed.getValue(), e.getResponseError().getCode());
    assertEquals(null, e.getResponseError().getData());
    return e;
  }

  @Test
  void aKeywordIsRefused() {
    for (String keyword : List.of("network", "population", "run", "spike", "param", "if", "true")) {
      String m = refused(MODEL, keyword).getMessage();
      assertTrue(m.contains("keyword") || m.contains("would change"), keyword + ": " + m);
    }
    assertTrue(refused(MODEL, "network").getMessage().contains("`network` is a keyword"));
  }

  @Test
  void somethingThatIsNotANameIsRefused() {
    for (String bad : List.of("", "1abc", "a b", "x'", "a-b", "exc;", "\u00e9t\u00e9")) {
      assertTrue(refused(MODEL, bad).getMessage().contains("is not a name"), bad);
    }
  }

  @Test
  void aClashWithAnotherDeclarationIsRefused() {
    String m = refused(MODEL, "other").getMessage();
    assertTrue(m.startsWith("renaming `exc` to `other` would change the program"), m);
    // A parameter renamed to the name of another parameter of the same neuron.
    String p = refused(MODEL.replace("e$0xc", "exc").replace("/ tau", "/ t$0au"), "gain").getMessage();
    assertTrue(p.contains("would change the program"), p);
  }

  @Test
  void aGoodNameRenamesEveryUseAndTheResultMeansTheSame() {
    Fixture f = Fixture.of(MODEL);
    var edit = f.service.rename(Fixture.URI, f.cursor, "excitatory", BrainLanguageService.NEVER).orElseThrow();
    List<TextEdit> edits = edit.getChanges().get(Fixture.URI);
    assertEquals(2, edits.size(), edits.toString());
    String after = apply(f.text, edits, f.service.document(Fixture.URI).orElseThrow());
    assertTrue(after.contains("population excitatory = Cell[10]") && after.contains("connect excitatory -> other"), after);
    var before = new Frontend().analyze(new SourceFile(Uris.sourceId(Fixture.URI), f.text)).diagnostics();
    var now = new Frontend().analyze(new SourceFile(Uris.sourceId(Fixture.URI), after)).diagnostics();
    assertEquals(before.size(), now.size(), now.toString());
  }

  @Test
  void theSameNameIsNoEdit() {
    Fixture f = Fixture.of(MODEL);
    assertEquals(List.of(), f.service.rename(Fixture.URI, f.cursor, "exc", BrainLanguageService.NEVER).orElseThrow()
        .getChanges().get(Fixture.URI));
  }

  private static String apply(String text, List<TextEdit> edits, TextDocument doc) {
    StringBuilder b = new StringBuilder(text);
    edits.stream().sorted(Comparator.comparingInt((TextEdit e) -> doc.offset(e.getRange().getStart())).reversed())
        .forEach(e -> b.replace(doc.offset(e.getRange().getStart()), doc.offset(e.getRange().getEnd()), e.getNewText()));
    return b.toString();
  }
}
