package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `run` would refuse is found from the analysis alone, with its code and place. */
class RunCheckTest {
  private static List<String> check(String text) {
    Frontend fe = new Frontend();
    Analysis a = fe.analyze(SourceFile.of("m.brain", text));
    assertEquals(List.of(), a.diagnostics(), "the model should check clean");
    return RunCheck.check(a).stream()
        .map(d -> d.code().name() + "@" + a.main().source().lines().position(d.span().start()))
        .toList();
  }

  private static final String LEAK = "neuron Leak {\n  state v = 1\n  v' = -v / 10 ms\n}\n";

  @Test
  void aCleanRunHasNoProblems() {
    assertEquals(List.of(), check(LEAK + "network N {\n  population p = Leak[2]\n  monitor v of p\n}\nrun N for 1 ms\n"));
  }

  @Test
  void aNetworkThatNoRunNamesIsNotChecked() {
    assertEquals(List.of(), check(LEAK + "network N {\n  population p = Leak[2]\n  monitor v of p\n  monitor v of p\n}\n"));
  }

  @Test
  void eachRefusalHasItsCodeAtItsConstruct() {
    assertEquals(List.of("E1006@8:3"),
        check(LEAK + "network N {\n  population p = Leak[2]\n  monitor v of p\n  monitor v of p\n}\nrun N for 1 ms\n"));
    assertEquals(List.of("E1008@3:3"),
        check("neuron C {\n  state v = 0\n  v' = t / 1 ms / 1 ms\n}\nnetwork N {\n  population p = C[1]\n}\nrun N for 1 ms\n"));
    assertEquals(List.of("E0307@8:1"),
        check(LEAK + "network N {\n  population p = Leak[2]\n}\nrun N for 1 ms dt 2 ms\n"));
    assertEquals(List.of("W1021@6:3"),
        check("neuron G {\n  state x = 1\n  step x = x + 1\n}\nnetwork N {\n  population a = G[3] { x = exp(uniform(0, 1)) }"
            + "\n}\nrun N for 1 ms\n"));
  }

  @Test
  void inputsAreRefusedOnlyForRuns() {
    String net = "use brain.neurons.LIF\nnetwork N {\n  input x[2] encode poisson()\n  population p = LIF[2]\n"
        + "  connect x -> p\n}\n";
    assertEquals(List.of(), check(net));
    assertEquals(List.of("E1007@3:3"), check(net + "run N for 1 ms\n"));
  }

  @Test
  void aMonitorSamplingMoreOftenThanTheStepIsRefused() {
    String net = LEAK + "network N {\n  population p = Leak[2]\n  monitor v of p every %s\n}\nrun N for 1 ms dt 0.1 ms\n";
    assertEquals(List.of("E0307@7:3"), check(net.formatted("0.05 ms")));
    assertEquals(List.of("E0307@7:3"), check(net.formatted("0.099 ms")));
    assertEquals(List.of(), check(net.formatted("0.1 ms")));
    assertEquals(List.of(), check(net.formatted("0.3 ms")));
    assertEquals(List.of(), check(net.formatted("5 ms")));
  }
}
