package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** Hover, navigation, outline, tokens, signature help, quick fixes and staleness, at the service boundary. */
class FeaturesTest {
  private static final String CUBA = "use brain.neurons.LIF\n"
      + "network N {\n"
      + "  /// The weight.\n"
      + "  param we = 2 mV\n"
      + "  population all = LIF[10] { v_rest = -49 mV }\n"
      + "  connect all -> all weight we probability 0.1\n"
      + "}\n";

  private static String hover(String marked) {
    Fixture f = Fixture.of(marked);
    return f.service.hover(Fixture.URI, f.cursor, BrainLanguageService.NEVER).orElseThrow().getContents().getRight().getValue();
  }

  private static String at(String text, String needle) {
    int i = text.indexOf(needle);
    return text.substring(0, i) + "$0" + text.substring(i);
  }

  @Test
  void hoverOnAnOverrideShowsTheDeclarationTheDefaultAndTheNewValue() {
    String h = hover(at(CUBA, "rest = -49"));
    assertTrue(h.contains("param v_rest: mV = -65 mV"), h);
    assertTrue(h.contains("Overridden here: `v_rest = -49 mV`"), h);
    assertTrue(h.contains("Resting potential"), h);
  }

  @Test
  void hoverOnAStdlibModelShowsItsDocumentation() {
    String h = hover(at(CUBA, "LIF[10]"));
    assertTrue(h.contains("neuron brain.neurons.LIF"), h);
    assertTrue(h.contains("Leaky integrate-and-fire"), h);
  }

  @Test
  void hoverOnALocalParameterShowsDocAndUnit() {
    String h = hover(at(CUBA, "we probability"));
    assertTrue(h.contains("param we: mV = 2 mV"), h);
    assertTrue(h.contains("The weight."), h);
  }

  @Test
  void hoverOnAnEquationShowsItsUnit() {
    String h = hover("neuron N {\n  param tau = 10 ms\n  state v = 0 mV\n  $0v' = -v / tau\n}\n");
    assertTrue(h.contains("Equation `v'`: V/s"), h);
    String e = hover("neuron N {\n  param tau = 10 ms\n  state v = 0 mV\n  v' = -v / t$0au\n}\n");
    assertTrue(e.contains("tau"), e);
  }

  @Test
  void hoverOnACatalogConstructor() {
    String h = hover("network N {\n  population a = LIF[1]\n  connect a -> a weight 1 mV via e$0xp(tau = 5 ms)\n}\n");
    assertTrue(h.contains("exp(tau)"), h);
    assertTrue(h.contains("Exponentially decaying"), h);
  }

  @Test
  void definitionGoesIntoTheReadOnlyStdlibDocument() {
    Fixture f = Fixture.of(at(CUBA, "LIF[10]"));
    List<Location> l = f.service.definition(Fixture.URI, f.cursor, BrainLanguageService.NEVER);
    assertEquals(1, l.size());
    assertEquals("brainc-stdlib:/brain/neurons.brain", l.get(0).getUri());
    String stdlib = f.service.stdlibText(l.get(0).getUri()).orElseThrow();
    assertTrue(stdlib.split("\n")[l.get(0).getRange().getStart().getLine()].contains("neuron LIF"));
  }

  @Test
  void definitionAndReferencesOfALocalParameter() {
    Fixture f = Fixture.of(at(CUBA, "we probability"));
    List<Location> d = f.service.definition(Fixture.URI, f.cursor, BrainLanguageService.NEVER);
    assertEquals(new Range(new Position(3, 8), new Position(3, 10)), d.get(0).getRange());
    List<Location> refs = f.service.references(Fixture.URI, f.cursor, true, BrainLanguageService.NEVER);
    assertEquals(List.of("3:8-3:10", "5:28-5:30"), refs.stream().map(l -> r(l.getRange())).toList());
  }

  private static String r(Range r) {
    return r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-" + r.getEnd().getLine() + ":" + r.getEnd().getCharacter();
  }

  @Test
  void renameALocalDeclarationEverywhereButNotAStdlibOne() {
    Fixture f = Fixture.of(at(CUBA, "all ->"));
    var edit = f.service.rename(Fixture.URI, f.cursor, "pop", BrainLanguageService.NEVER).orElseThrow();
    var edits = edit.getChanges().get(Fixture.URI);
    assertEquals(3, edits.size(), edits.toString());
    assertTrue(edits.stream().allMatch(e -> e.getNewText().equals("pop")));
    Fixture g = Fixture.of(at(CUBA, "LIF[10]"));
    var refused = org.junit.jupiter.api.Assertions.assertThrows(org.eclipse.lsp4j.jsonrpc.ResponseErrorException.class,
        () -> g.service.rename(Fixture.URI, g.cursor, "X", BrainLanguageService.NEVER));
    assertTrue(refused.getMessage().contains("standard library"), refused.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(org.eclipse.lsp4j.jsonrpc.ResponseErrorException.class,
        () -> g.service.prepareRename(Fixture.URI, g.cursor, BrainLanguageService.NEVER));
  }

  @Test
  void outlineFoldingAndTokens() {
    Fixture f = Fixture.of(CUBA);
    var symbols = f.service.documentSymbols(Fixture.URI, BrainLanguageService.NEVER);
    assertEquals("N", symbols.get(0).getName());
    assertEquals(List.of("we", "all"), symbols.get(0).getChildren().stream().map(s -> s.getName()).toList());
    var folds = f.service.foldingRanges(Fixture.URI, BrainLanguageService.NEVER);
    assertTrue(folds.stream().anyMatch(r -> r.getStartLine() == 1 && r.getEndLine() == 6), folds.toString());
    var tokens = f.service.semanticTokens(Fixture.URI, BrainLanguageService.NEVER).getData();
    assertEquals(0, tokens.size() % 5);
    assertTrue(tokens.size() >= 5 * 5, tokens.toString());
  }

  @Test
  void signatureHelpForConstructorsAndInstantiations() {
    Fixture f = Fixture.of("network N {\n  input x[10] encode latency(tau = 5 ms, $0)\n}\n");
    var h = f.service.signatureHelp(Fixture.URI, f.cursor, BrainLanguageService.NEVER).orElseThrow();
    assertTrue(h.getSignatures().get(0).getLabel().startsWith("latency(tau = "), h.toString());
    Fixture g = Fixture.of("use brain.neurons.LIF\nnetwork N {\n  population p = LIF[1] { v_th = $0 }\n}\n");
    var s = g.service.signatureHelp(Fixture.URI, g.cursor, BrainLanguageService.NEVER).orElseThrow();
    assertTrue(s.getSignatures().get(0).getLabel().startsWith("LIF { tau_m = 20 ms"), s.toString());
    assertEquals(2, s.getActiveParameter());
  }

  @Test
  void quickFixFromDidYouMean() {
    Fixture f = Fixture.of("neuron N {\n  param tau_m = 10 ms\n  state v = 0 mV\n  v' = -v / tau_n\n}\n");
    var ds = f.service.diagnostics(Fixture.URI);
    assertEquals("E0201", ds.get(0).getCode().getLeft());
    var actions = f.service.codeActions(Fixture.URI, ds.get(0).getRange(), BrainLanguageService.NEVER);
    assertEquals("Change to `tau_m`", actions.get(0).getTitle());
    assertEquals("tau_m", actions.get(0).getEdit().getChanges().get(Fixture.URI).get(0).getNewText());
  }

  @Test
  void aRequestWhoseDocumentChangesMeanwhileIsCancelled() {
    Fixture f = Fixture.of(at(CUBA, "we probability"));
    int[] calls = {0};
    // The first check comes before the model is built, the second after: the edit lands in between.
    assertThrows(CancellationException.class, () -> f.service.hover(Fixture.URI, f.cursor, () -> {
      if (++calls[0] == 2) {
        f.service.change(Fixture.URI, 2, "network M {}\n");
      }
    }));
    assertFalse(f.service.hover(Fixture.URI, f.cursor, BrainLanguageService.NEVER).isPresent());
  }
}
