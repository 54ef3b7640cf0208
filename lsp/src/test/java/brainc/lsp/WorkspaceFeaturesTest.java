package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.Test;

/** Workspace symbols and document formatting at the service boundary. */
class WorkspaceFeaturesTest {
  private static final CancelChecker NEVER = () -> { };

  @Test
  void workspaceSymbolsFindDeclarationsByPartOfTheirName() {
    Fixture f = Fixture.of("""
        neuron Pyramidal { state v = 0 }
        neuron Interneuron { state v = 0 }
        network Cortex { }
        """);
    List<String> names = f.service.workspaceSymbols("neuron", NEVER).stream().map(s -> s.getName()).toList();
    assertEquals(List.of("Interneuron"), names);
    assertEquals(3, f.service.workspaceSymbols("", NEVER).size());
  }

  @Test
  void formattingReplacesTheDocumentWithItsCanonicalLayout() {
    Fixture f = Fixture.of("neuron   N{\nparam tau=20 ms\n}\n");
    var edits = f.service.formatting(Fixture.URI, NEVER);
    assertEquals(1, edits.size());
    assertEquals("neuron N {\n  param tau = 20 ms\n}\n", edits.get(0).getNewText());
  }

  @Test
  void aDocumentWithSyntaxErrorsIsNotFormatted() {
    Fixture f = Fixture.of("neuron N {\n  param tau = (20 ms\n}\n");
    assertTrue(f.service.formatting(Fixture.URI, NEVER).isEmpty());
  }

  @Test
  void numbersAndTheirUnitsAreSemanticTokens() {
    Fixture f = Fixture.of("neuron N {\n  param tau = 20 ms\n}\n");
    List<Integer> data = f.service.semanticTokens(Fixture.URI, NEVER).getData();
    // Tokens come in fives: delta line, delta start, length, type, modifiers.
    boolean number = false;
    boolean unit = false;
    for (int i = 0; i + 4 < data.size(); i += 5) {
      if (data.get(i + 3) == brainc.lsp.features.SemanticTokens.TYPES.indexOf("number") && data.get(i + 2) == 2) number = true;
      if (data.get(i + 3) == brainc.lsp.features.SemanticTokens.TYPES.indexOf("type") && data.get(i + 2) == 2) unit = true;
    }
    assertTrue(number && unit, data.toString());
  }
}
