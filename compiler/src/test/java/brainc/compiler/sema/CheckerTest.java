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
  void aRunOfStrayCharactersIsOneDiagnosticCoveringIt() {
    String stray = "$".repeat(20_000);
    List<String> ds = check("network N { param x = " + stray + "1 }\nnetwork M { param y = $ 1 $$ }\n");
    assertEquals(List.of("[1:23..1:20023] E0101", "[2:23..2:24] E0101", "[2:27..2:29] E0101"),
        ds.stream().filter(d -> d.endsWith("E0101")).toList(), ds.toString());
  }

  @Test
  void invisibleOrLineBreakingStrayCharactersAreEscapedInTheMessage() {
    for (String c : new String[] {"\u2028", "\u0085", "\u202E", "\u200B"}) {
      Analysis a = new Frontend().analyze(SourceFile.of("t.brain", "network N {" + c + " }\n"));
      String expected = String.format("unexpected character `\\u%04X`", (int) c.charAt(0));
      assertEquals(List.of(expected), a.diagnostics().stream().map(Diagnostic::message).toList());
    }
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

  // ---- values checked where they are written (issue 14) ----

  private static final String CELL = """
      neuron Cell {
        param tau = 10 ms
        param v_rest = -65 mV
        state v = v_rest
        input I: mV
        v' = (v_rest - v + I) / tau
        spike when v > -50 mV { v = v_rest }
      }
      """;

  @Test
  void overridesAreCheckedAgainstTheDeclaredRange() {
    assertEquals(List.of("[6:41..6:47] E0307"), check("""
        neuron X {
          param tau = 20 ms in 1 ms .. 200 ms
          state v = 0 mV
          v' = -v / tau
        }
        network N { population p = X[2] { tau = 0.5 ms } }
        """));
  }

  @Test
  void aDefaultOutsideItsRangeAndAnEmptyRangeAreErrors() {
    assertEquals(List.of("[2:13..2:14] E0307", "[3:20..3:26] E0307"), check("""
        neuron X {
          param a = 5 in 0 .. 1
          param b = 0.5 in 1 .. 0
          state v = 0 mV
        }
        """));
  }

  @Test
  void aParameterThatDependsOnAnOverrideIsCheckedOnItsActualValue() {
    // `b = 2 * a` is 4 with `a = 2`, outside 0 .. 3: reported at the override that causes it.
    assertEquals(List.of("[6:39..6:40] E0307"), check("""
        neuron X {
          param a = 1 in 0 .. 2
          param b = 2 * a in 0 .. 3
          state v = 0 mV
        }
        network N { population p = X[2] { a = 2 } }
        """));
  }

  @Test
  void constantDivisionByZeroIsReportedWhereItIsWritten() {
    assertEquals(List.of("[2:13..2:23] E0310", "[4:8..4:16] E0310"), check("""
        neuron X {
          param q = -49 mV / 0
          param tau = 0 ms
          v' = -v / tau
          state v = 0 mV
        }
        """));
  }

  @Test
  void anOverrideThatZeroesADivisorIsReportedAtTheOverride() {
    assertEquals(List.of("[9:44..9:48] E0310"), check(CELL + """
        network N { population a = Cell[2] { tau = 0 ms } }
        """));
  }

  @Test
  void nonFiniteConstantsAreReportedAtTheInnermostOperation() {
    assertEquals(List.of("[2:18..2:32] E0309", "[3:13..3:22] E0309", "[4:15..4:23] E0309"), check("""
        neuron X {
          param v_rest = -1e308 * 1e308 * 1 mV
          param q = exp(1000)
          param far = 1e300 mV
          state v = 0 mV
        }
        """));
  }

  @Test
  void distributionsDelaysAndIntervalsAreChecked() {
    assertEquals(List.of("[10:45..10:50] E0307", "[11:40..11:54] E0307", "[12:40..12:45] E0307",
        "[13:24..13:28] E0307"), check(CELL + """
        network N {
          population a = Cell[2] { v = normal(0 mV, -3 mV) }
          population b = Cell[2] { v = uniform(-50 mV, -60 mV) }
          connect a -> b weight 1 mV all delay -5 ms
          monitor v of a every 0 ms
        }
        """));
  }

  @Test
  void aCycleOfSlicesIsNamedAndSlicesMayComeBeforeTheirPopulation() {
    assertEquals(List.of("[10:18..10:19] E0212", "[12:20..12:27] E0408"), check(CELL + """
        network N {
          population a = b[0 .. 2]
          population b = a[0 .. 2]
          population c = d[0 .. 20]
          population d = Cell[10]
        }
        """));
  }

  @Test
  void aCycleOfSignalsIsACyclicDefinition() {
    assertEquals(List.of("[4:10..4:11] E0212"), check("""
        network N {
          param base = 1
          signal a = b + base
          signal b = a * 2
        }
        """));
  }

  @Test
  void sizesSayWhatIsWrong() {
    SourceFile f = SourceFile.of("t.brain", CELL + """
        network N {
          population a = Cell[2147483648]
          population b = Cell[0]
          population c = Cell[2.5]
        }
        """);
    List<Diagnostic> ds = new Frontend().analyze(f).diagnostics();
    assertEquals(List.of("[10:23..10:33] E0307", "[11:23..11:24] E0307", "[12:23..12:26] E0305"),
        ds.stream().map(d -> render(f, d)).toList());
    assertEquals(true, ds.get(0).message().contains("too large: the limit is 2147483647"), ds.get(0).message());
  }

  @Test
  void aModelHasAtMostOneSpikeRuleAndRefractoryPeriod() {
    assertEquals(List.of("[4:3..4:35] E0413", "[6:3..6:18] E0413"), check("""
        neuron X {
          state v = 0 mV
          spike when v > 1 mV { v = 0 mV }
          spike when v > 2 mV { v = 0 mV }
          refractory 1 ms
          refractory 2 ms
        }
        """));
  }

  @Test
  void aHugePowerOfAQuantityIsAnErrorNotAnOverflow() {
    assertEquals(List.of("[2:22..2:26] E0307"), check("""
        neuron X {
          param a = (2 mV) ^ 1e10
          state v = 0 mV
        }
        """));
  }

  @Test
  void vectorSizesAndIndicesHaveLimits() {
    assertEquals(List.of("[2:13..2:24] E0307", "[3:13..3:14] E0307", "[5:15..5:16] E0307"), check("""
        neuron X {
          param w: [99999999999] mV = 1 mV
          param z: [0] mV
          param u = [1, 2, 3]
          param a = u[3]
          state v = 0 mV
        }
        """));
  }

  @Test
  void catalogBoundsThatExcludeZero() {
    assertEquals(List.of("[11:48..11:52] E0307"), check(CELL + """
        network N {
          population a = Cell[2]
          connect a -> a weight 1 mV all via exp(tau = 0 ms)
        }
        """));
  }
}
