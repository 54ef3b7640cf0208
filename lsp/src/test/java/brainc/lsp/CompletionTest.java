package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.junit.jupiter.api.Test;

class CompletionTest {
  private static List<CompletionItem> complete(String marked) {
    Fixture f = Fixture.of(marked);
    return f.service.completion(Fixture.URI, f.cursor, BrainLanguageService.NEVER);
  }

  private static List<String> labels(String marked) {
    return complete(marked).stream().map(CompletionItem::getLabel).toList();
  }

  private static CompletionItem item(String marked, String label) {
    return complete(marked).stream().filter(i -> i.getLabel().equals(label)).findFirst()
        .orElseThrow(() -> new AssertionError(label + " not offered in " + labels(marked)));
  }

  @Test
  void overridesOfAnInstantiationAreTheModelsParametersAndStatesWithUnitsAndDefaults() {
    String src = "use brain.neurons.LIF\nnetwork N {\n  population p = LIF[10] { $0 }\n}\n";
    List<String> l = labels(src);
    assertTrue(l.containsAll(List.of("tau_m", "v_rest", "v_th", "v_reset", "t_ref", "v")), l.toString());
    assertFalse(l.contains("population"), l.toString());
    CompletionItem tau = item(src, "tau_m");
    assertEquals("param: ms = 20 ms", tau.getDetail());
    assertEquals("tau_m = ${1:20 ms}", tau.getInsertText());
    assertTrue(tau.getDocumentation().getRight().getValue().contains("Membrane time constant"));
    assertEquals("state: V = v_rest", item(src, "v").getDetail());
  }

  @Test
  void overridesAfterACommaToo() {
    assertTrue(labels("use brain.neurons.LIF\nnetwork N {\n  population p = LIF[10] { v_th = -50 mV, $0 }\n}\n")
        .contains("t_ref"));
  }

  @Test
  void unitsAfterANumber() {
    List<String> l = labels("neuron N {\n  param tau = 20 $0\n}\n");
    assertEquals("ms", l.get(0));
    assertTrue(l.containsAll(List.of("mV", "Hz", "nA")));
    assertTrue(labels("neuron N {\n  param tau = 20m$0\n}\n").contains("mV"));
  }

  @Test
  void topLevelKeywordsAndSnippets() {
    List<String> l = labels("$0");
    assertTrue(l.containsAll(List.of("neuron", "synapse", "network", "region", "agent", "run", "use")), l.toString());
    CompletionItem neuron = item("$0", "neuron");
    assertTrue(neuron.getInsertText().startsWith("/// "), neuron.getInsertText());
  }

  @Test
  void memberKeywordsDependOnTheBlock() {
    List<String> neuron = labels("neuron N {\n  $0\n}\n");
    assertTrue(neuron.containsAll(List.of("param", "state", "input", "spike", "refractory")), neuron.toString());
    assertFalse(neuron.contains("population"));
    List<String> network = labels("network N {\n  $0\n}\n");
    assertTrue(network.containsAll(List.of("population", "connect", "monitor")), network.toString());
    assertFalse(network.contains("spike"));
  }

  @Test
  void namesInScopeInAnExpression() {
    List<String> l = labels("neuron N {\n  param tau = 10 ms\n  state v = 0 mV\n  v' = -v / $0\n}\n");
    assertTrue(l.containsAll(List.of("tau", "v", "t", "exp")), l.toString());
  }

  @Test
  void neuronModelsAfterPopulationIncludingStdlibOnesWithTheirUse() {
    String src = "network N {\n  population p = $0\n}\n";
    CompletionItem lif = item(src, "LIF");
    assertEquals("use brain.neurons.LIF\n\n", lif.getAdditionalTextEdits().get(0).getNewText());
    assertFalse(labels(src).contains("STDP"));
  }

  @Test
  void synapsesAndKernelsAfterVia() {
    List<String> l = labels("use brain.synapses.STDP\nnetwork N {\n  population a = LIF[1]\n  connect a -> a weight 1 mV via $0\n}\n");
    assertTrue(l.containsAll(List.of("STDP", "exp", "alpha", "delta")), l.toString());
  }

  @Test
  void connectClausesAfterTheEndpoints() {
    List<String> l = labels("network N {\n  population a = LIF[1]\n  connect a -> a $0\n}\n");
    assertTrue(l.containsAll(List.of("weight", "delay", "probability", "via", "one_to_one")), l.toString());
  }

  @Test
  void encodersAndConstructorParameters() {
    List<String> enc = labels("network N {\n  input x[10] encode $0\n}\n");
    assertTrue(enc.containsAll(List.of("rate", "poisson", "latency")), enc.toString());
    List<String> params = labels("network N {\n  input x[10] encode poisson($0)\n}\n");
    assertTrue(params.containsAll(List.of("max", "steps")), params.toString());
    assertEquals("default 100 1/s", item("network N {\n  input x[10] encode poisson($0)\n}\n", "max").getDetail());
  }

  @Test
  void packagesAfterUse() {
    List<String> l = labels("use $0");
    assertTrue(l.containsAll(List.of("brain.neurons", "brain.synapses", "brain.neurons.LIF")), l.toString());
  }

  @Test
  void nothingInAComment() {
    assertTrue(labels("// neuron $0\n").isEmpty());
  }
}
