package brainc.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker's findings on small models, as `[line:col..line:col] CODE` so that the exact range
 * and code are asserted, never just "it failed".
 */
class CheckerTest {
  private static List<String> check(String src) {
    SourceFile f = SourceFile.of("t.brain", src);
    Analysis a = new Frontend().analyze(f);
    return a.diagnostics().stream().map(d -> render(f, d)).toList();
  }

  private static String render(SourceFile f, Diagnostic d) {
    return "[" + f.lines().position(d.span().start()) + ".." + f.lines().position(d.span().end()) + "] "
        + d.code().id();
  }

  @Test
  void odeMustHaveTheUnitOfItsVariablePerSecond() {
    assertEquals(List.of("[4:8..4:15] E0301"), check("""
        neuron N {
          param tau = 20 ms
          state v = 0 mV
          v' = v * tau
        }
        """));
  }

  @Test
  void plainNumberWhereATimeIsNeeded() {
    assertEquals(List.of("[3:14..3:15] E0308"), check("""
        neuron N {
          state v = 0
          refractory 2
        }
        """));
  }

  @Test
  void everySyntaxErrorIsReportedInOneRun() {
    List<String> ds = check("""
        neuron A {
          param x = (1 +
        }
        neuron B {
          state v = 0 $
        }
        network N { population p = A[ }
        """);
    assertEquals(3, ds.stream().filter(d -> d.endsWith("E0100") || d.endsWith("E0101")).count(), ds.toString());
  }

  @Test
  void unknownOverrideSuggestsTheClosestName() {
    SourceFile f = SourceFile.of("t.brain", """
        neuron N {
          param tau_m = 20 ms
          state v = 0 mV
          input I: mV
          v' = (I - v) / tau_m
          spike when v > 1 mV { v = 0 mV }
        }
        network Net { population p = N[4] { tau_n = 5 ms } }
        """);
    Analysis a = new Frontend().analyze(f);
    assertEquals(1, a.diagnostics().size(), a.diagnostics().toString());
    Diagnostic d = a.diagnostics().get(0);
    assertEquals("E0205", d.code().id());
    assertEquals("[8:37..8:42]", "[" + f.lines().position(d.span().start()) + ".." + f.lines().position(d.span().end()) + "]");
    assertEquals(true, d.message().contains("did you mean `tau_m`?"), d.message());
    assertEquals("tau_m", d.fixes().get(0).replacement());
  }

  @Test
  void assigningAParameterInAResetIsAnError() {
    assertEquals(List.of("[4:22..4:25] E0401"), check("""
        neuron N {
          param tau = 1 ms
          state v = 0
          spike when v > 1 { tau = 2 ms }
        }
        """));
  }

  @Test
  void agentShapesAreCheckedAtCompileTime() {
    List<String> ds = check("""
        agent A : active_inference {
          hidden location[9]
          observe cell[9] likelihood A = noisy_identity(0.9)
          control move[up, right, down, left, stay] transition B = grid(4, 4, slip = 0.1)
          prior D = one_hot(12)
          plan horizon 2
        }
        """);
    assertEquals(List.of("[4:60..4:82] E0501", "[5:21..5:23] E0501"), ds);
  }

  @Test
  void fuzzyRulesNeedBoundVariablesAndConsistentArity() {
    List<String> ds = check("""
        rules R : fuzzy(product) {
          predicate P, Q
          rule forall x: P(x) -> Q(x, y)
          fact Q(a)
        }
        """);
    assertEquals(List.of("[3:31..3:32] E0602", "[4:8..4:12] E0601"), ds);
  }
}
