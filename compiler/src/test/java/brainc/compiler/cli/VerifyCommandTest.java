package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `brainc verify`: every property of the standard library's synapse rules passes, a wrong rule
 * fails with a minimal counterexample in the model's terms, and the selection of models follows
 * the file's `use`s.
 */
class VerifyCommandTest {
  private static final Path SAMPLES = Path.of("../samples");

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void everyStdlibSynapsePropertyPasses() throws IOException {
    Path model = write("all.brain", "use brain.synapses\n");
    Run r = brainc("verify", model.toString(), "--tries", "300");
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("", r.err());
    List<String> expected = List.of(
        "Static.fixed", "STDP.bounded", "STDP.potentiates", "STDP.depresses", "STDP.quiet",
        "STDPMult.bounded", "STDPMult.potentiates", "STDPMult.depresses", "STDPMult.quiet",
        "TripletSTDP.bounded", "TripletSTDP.depresses", "TripletSTDP.quiet",
        "RSTDP.bounded", "RSTDP.quiet", "RSTDP.gated", "RSTDP.rewarded_causal", "RSTDP.rewarded_anticausal",
        "Oja.bounded", "Oja.potentiates", "Oja.quiet");
    List<String> lines = r.out().lines().toList();
    assertEquals(Stream.concat(expected.stream().map(l -> l + " ... passed (300 tries)"), Stream.of("20 passed, 0 failed"))
        .toList(), lines);
  }

  @Test
  void aWrongRuleFailsWithAMinimalCounterexampleInTheModelsTerms() {
    Run r = brainc("verify", SAMPLES.resolve("wrong_stdp.brain").toString(), "--tries", "200");
    assertEquals(1, r.code(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("WrongSTDP.bounded ... passed (200 tries)", lines.get(0));
    assertEquals("WrongSTDP.potentiates ... failed", lines.get(1));
    // Shrunk: the shortest lag of the window, and every parameter back at its default.
    assertEquals("    spikes: pre at 0 ms, post at 1 ms", lines.get(2));
    assertEquals("    parameters: A_plus = 0.005, A_minus = 0.00525, tau_plus = 20 ms, tau_minus = 20 ms, w_max = 1",
        lines.get(3));
    // 0.5 - 0.005 exp(-1 ms / 20 ms) = 0.495244.
    assertEquals("    w = 0.495244 at the end, 0.5 at the start: expected it to increase", lines.get(4));
    assertEquals("WrongSTDP.depresses ... passed (200 tries)", lines.get(5));
    assertEquals("2 passed, 1 failed", lines.get(6));
  }

  @Test
  void aBrokenInvariantNamesTheVariableAndItsValue() throws IOException {
    Path model = write("leaky.brain", """
        synapse Unbounded {
          param A = 0.1 in 0.01 .. 0.5
          var w = 0.5
          trace x decays 10 ms on pre += 1
          on pre { deliver w }
          on post { w = w + A * x }
          property bounded: always 0 <= w <= 1
        }
        """);
    Run r = brainc("verify", model.toString(), "--tries", "500");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("Unbounded.bounded ... failed\n    spikes: "), r.out());
    assertTrue(r.out().contains("`w <= 1` fails: w = 1."), r.out());
    assertTrue(r.out().contains("\n    parameters: A = "), r.out());
    assertTrue(r.out().contains("\n    start: w = "), r.out());
  }

  @Test
  void onlyTheImportedModelIsVerifiedNotItsWholePackage() throws IOException {
    Path model = write("one.brain", "use brain.synapses.Oja\n");
    Run r = brainc("verify", model.toString(), "--tries", "50");
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(List.of("Oja.bounded ... passed (50 tries)", "Oja.potentiates ... passed (50 tries)",
        "Oja.quiet ... passed (50 tries)", "3 passed, 0 failed"), r.out().lines().toList());
  }

  @Test
  void inheritedPropertiesAreVerifiedWithTheRedeclaredParameters() {
    Run r = brainc("verify", SAMPLES.resolve("stdp_pair.brain").toString(), "--tries", "100");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("CappedSTDP.below_one ... passed (100 tries)"), r.out());
    assertTrue(r.out().contains("CappedSTDP.potentiates ... passed (100 tries)"), r.out());
    assertTrue(r.out().contains("STDP.bounded ... passed (100 tries)"), r.out());
  }

  @Test
  void emitJavaWritesACompilablePackage() throws IOException {
    Path out = dir.resolve("gen");
    Run r = brainc("verify", SAMPLES.resolve("wrong_stdp.brain").toString(), "--tries", "10", "--emit-java", out.toString(),
        "--package", "demo.plasticity");
    assertEquals(1, r.code(), r.out() + r.err());
    for (String f : List.of("WrongSTDPSynapse.java", "WrongSTDPProperties.java", "Spikes.java")) {
      Path p = out.resolve("demo/plasticity").resolve(f);
      assertTrue(Files.exists(p), p.toString());
      assertTrue(Files.readString(p).startsWith("// Generated by brainc"), f);
    }
  }

  @Test
  void aFileWithoutPropertiesHasNothingToVerify() throws IOException {
    Path model = write("plain.brain", "synapse Plain {\n  var w = 1.0\n  on pre { deliver w }\n}\n");
    Run r = brainc("verify", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("no synapse properties to verify in "), r.out());
  }

  @Test
  void errorsInTheModelAreDiagnosticsNotVerification() throws IOException {
    Path model = write("bad.brain", "synapse Bad {\n  var w = 1.0\n  on pre { deliver q }\n}\n");
    Run r = brainc("verify", model.toString());
    assertEquals(1, r.code());
    assertFalse(r.err().isEmpty());
    assertEquals("", r.out());
  }

  @Test
  void theValuesANetworkUsesAreVerifiedNotOnlyTheDeclaredRanges() throws IOException {
    // `lo` has no range, so sampling keeps its default 0 and the invariant holds; the network
    // runs the rule with lo = -1, where it does not.
    String model = """
        use brain.neurons.LIF
        synapse Floor {
          param lo = 0.0
          var w = 0.5
          trace x decays 10 ms on post += 1
          on pre {
            deliver w
            w = clip(w - 0.1 * x, lo, 1)
          }
          property bounded: always 0 <= w <= 1
        }
        network N {
          population a = LIF[1]
          population b = LIF[1]
          connect a -> b weight 1 mV all via Floor { lo = -1 }
          connect b -> a weight 1 mV all via Floor { lo = -1 }
          connect a -> a weight 1 mV all via Floor
        }
        """;
    Run r = brainc("verify", write("floor.brain", model).toString(), "--tries", "100");
    assertEquals(1, r.code(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("Floor.bounded ... passed (100 tries)", lines.get(0));
    // One check per distinct set of values, named by the first projection that uses it.
    assertEquals("Floor.bounded in N: a -> b { lo = -1 } ... failed", lines.get(1));
    assertTrue(lines.get(2).startsWith("    spikes: "), lines.get(2));
    assertTrue(r.out().contains("parameters: lo = -1"), r.out());
    assertTrue(r.out().contains("`0 <= w` fails"), r.out());
    assertEquals("1 passed, 1 failed", lines.get(lines.size() - 1));
  }

  @Test
  void aPackageThatIsNoJavaNameIsAUsageErrorNotABug() {
    for (String bad : new String[] {"1bad", "a.b-c", "my.class", "", "a..b"}) {
      Run r = brainc("verify", SAMPLES.resolve("wrong_stdp.brain").toString(), "--tries", "5", "--package", bad);
      assertEquals(2, r.code(), bad + ": " + r.err());
      assertTrue(r.err().contains("not a Java package name"), r.err());
    }
    assertTrue(VerifyCommand.isPackageName("my.models.verify_1"));
  }
}
