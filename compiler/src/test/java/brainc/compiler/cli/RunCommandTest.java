package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `brainc run`: the summary, the monitors, overrides, and clear failures without stack traces. */
class RunCommandTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** Two populations of self-driven LIF neurons (rest above threshold), sparsely coupled. */
  private static final String NET = """
      use brain.neurons.LIF
      network Small {
        population all = LIF[200] { v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 5 ms,
                                    v = uniform(-60 mV, -50 mV) }
        population exc = all[0 .. 160]
        population inh = all[160 .. 200]
        connect exc -> all weight 1 mV probability 0.05 via exp(tau = 5 ms)
        connect inh -> all weight -4 mV probability 0.05 via exp(tau = 10 ms) delay 1 ms
        monitor spikes of exc
        monitor v of inh every 1 ms
      }
      run Small for 200 ms dt 0.1 ms seed 7
      """;

  @Test
  void runPrintsASummaryAndWritesTheMonitors() throws IOException {
    Path model = write("small.brain", NET);
    Path out = dir.resolve("results");
    Run r = brainc("run", model.toString(), "--out", out.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("Small on jvm: 200 neurons, "), r.out());
    assertTrue(r.out().contains("2000 steps of 0.1000 ms"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("exc") && l.contains("160 neurons")), r.out());
    var spikes = NpyReader.read(out.resolve("spikes_exc.npy"));
    assertEquals(2, spikes.shape().length);
    assertTrue(spikes.shape()[0] > 0, "no spikes recorded");
    var v = NpyReader.read(out.resolve("v_inh.npy"));
    assertEquals(40, v.shape()[1]);
    assertEquals(200, v.shape()[0]);
  }

  @Test
  void optionsOverrideTheFile() throws IOException {
    Path model = write("small.brain", NET);
    Run r = brainc("run", model.toString(), "--out", dir.resolve("o").toString(), "-q", "--duration", "50ms",
        "--dt", "0.5ms");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("100 steps of 0.5000 ms"), r.out());
  }

  @Test
  void aTimeWithoutUnitIsAUsageError() throws IOException {
    Path model = write("small.brain", NET);
    Run r = brainc("run", model.toString(), "--duration", "50");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--duration needs a time with a unit"), r.err());
  }

  @Test
  void whatCannotRunYetIsADiagnosticAtTheConstructInRunAndInCheck() throws IOException {
    Path model = write("log10.brain", """
        neuron G {
          state x = 1
          step x = x + 1
        }
        network P {
          population a = G[3] { x = exp(uniform(0, 1)) }
        }
        run P for 10 ms
        """);
    Run r = brainc("run", model.toString(), "-q");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("log10.brain:6:3: error[W1021]: a value drawn per neuron or synapse"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    Run c = brainc("check", model.toString());
    // A valid model that does not run yet: check warns (exit 0), run refuses with the same code.
    assertEquals(0, c.code());
    assertTrue(c.err().contains("log10.brain:6:3: warning[W1021]"), c.err());
  }

  @Test
  void aRunGivesInputsNoValuesSoItRefusesThemAtTheInput() throws IOException {
    Path model = write("inputs.brain", """
        use brain.neurons.LIF
        network P {
          input sensors[3] encode poisson(max = 15 Hz)
          population a = LIF[10]
          connect sensors -> a weight 1 mV all
        }
        run P for 10 ms
        """);
    Run r = brainc("run", model.toString(), "-q");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("inputs.brain:3:3: error[E1007]"), r.err());
    assertEquals(1, brainc("check", model.toString()).code());
  }

  @Test
  void aNeuronWithoutSpikeRuleRunsAndItsStatesAreRecorded() throws IOException {
    Path model = write("leak.brain", """
        neuron Leak {
          state v = 1
          v' = -v / 10 ms
        }
        network N {
          population p = Leak[3]
          monitor v of p
        }
        run N for 2 ms dt 0.1 ms
        """);
    Path out = dir.resolve("leak");
    Run r = brainc("run", model.toString(), "--out", out.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    assertEquals(20, NpyReader.read(out.resolve("v_p.npy")).shape()[0]);
    Run explain = brainc("compile", "--explain", model.toString());
    assertEquals(0, explain.code(), explain.err());
    Path spikes = write("leak2.brain", Files.readString(model).replace("monitor v of p", "monitor spikes of p"));
    Run s = brainc("run", spikes.toString(), "-q", "--out", dir.resolve("leak2").toString());
    assertEquals(1, s.code());
    assertTrue(s.err().contains("leak2.brain:7:11: error[E0406]"), s.err());
  }

  @Test
  void twoMonitorsOfOneVariableAreAnErrorAtTheSecond() throws IOException {
    Path model = write("twice.brain", NET.replace("monitor v of inh every 1 ms", "monitor v of inh every 1 ms\n  monitor v of inh"));
    Run r = brainc("run", model.toString(), "-q", "--out", dir.resolve("twice").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("twice.brain:11:3: error[E1006]"), r.err());
  }

  @Test
  void senselessFlagValuesAreUsageErrorsNamingTheFlag() throws IOException {
    Path model = write("small.brain", NET);
    String[][] cases = {
        {"--duration", "0ms", "--duration must be a positive time"},
        {"--dt", "0ms", "--dt must be a positive time"},
        {"--duration", "1e400s", "--duration must be a positive time"},
        {"--dt", "1s", "--dt (1000 ms) is longer than the run's duration"},
        {"--threads", "100000", "--threads must be between 1 and"},
        {"--threads", "0", "--threads must be between 1 and"},
        {"--duration", "1e9s", "steps, more than the"},
    };
    for (String[] c : cases) {
      Run r = brainc("run", model.toString(), "-q", "--out", dir.resolve("flags").toString(), c[0], c[1]);
      assertEquals(2, r.code(), c[0] + " " + c[1] + ": " + r.err());
      assertTrue(r.err().contains(c[2]), r.err());
      assertFalse(Files.exists(dir.resolve("flags")));
    }
  }

  @Test
  void monitorsThatCannotBeHeldAreRefusedBeforeTheSimulation() throws IOException {
    Path model = write("small.brain", NET.replace("monitor v of inh every 1 ms", "monitor v of all"));
    // 200 neurons x 2e8 steps: more values than one Java array holds, whatever the heap.
    Run r = brainc("run", model.toString(), "-q", "--out", dir.resolve("big").toString(), "--duration", "20000s");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("the monitor v_all would record 4.00e+10 values"), r.err());
    assertFalse(r.out().contains("Small on"), r.out());
    assertFalse(Files.exists(dir.resolve("big")));
  }

  @Test
  void helpListsThePasses() {
    Run r = brainc("run", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("specialize-params, fold-constants"), r.out());
    assertFalse(r.out().contains("null"), r.out());
  }

  @Test
  void theOutputIsCheckedBeforeTheSimulation() throws IOException {
    Path model = write("small.brain", NET);
    Path file = write("taken.txt", "mine");
    Run r = brainc("run", model.toString(), "-q", "--out", file.toString());
    assertEquals(1, r.code());
    assertFalse(r.out().contains("Small on"), "it simulated first: " + r.out());
    assertEquals("mine", Files.readString(file));
    Run self = brainc("run", model.toString(), "-q", "--out", dir.toString());
    assertEquals(1, self.code());
    assertTrue(self.err().contains("holds the input"), self.err());
  }

  @Test
  void theMonitorFolderIsReplacedWholeWithAManifest() throws IOException {
    Path model = write("small.brain", NET);
    Path out = dir.resolve("res");
    assertEquals(0, brainc("run", model.toString(), "-q", "--out", out.toString()).code());
    Path two = write("two.brain", NET.replace("monitor v of inh every 1 ms", ""));
    Run r = brainc("run", two.toString(), "-q", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(out.resolve("v_inh.npy")), "a stale monitor of the earlier run survived");
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertTrue(manifest.contains("\"model\": \"" + two.toString().replace("\\", "\\\\") + "\""), manifest);
    assertTrue(manifest.contains("model_sha256"), manifest);
  }

  @Test
  void theFirstNonFiniteStepIsReportedExactlyOnBothBackends() throws IOException {
    Path model = write("overflow.brain", """
        neuron Grow {
          state x = 1
          step x = x * 10
        }
        network N { population p = Grow[2] }
        run N for 100 ms dt 1 ms
        """);
    for (String backend : new String[] {"jvm", "interp"}) {
      Run r = brainc("run", model.toString(), "-q", "--backend", backend);
      assertEquals(1, r.code(), r.out());
      // 10^(n+1) overflows float at n = 38; the periodic check comes at step 99.
      assertTrue(r.err().contains("p.x[0] is Infinity at step 38 "), r.err());
    }
  }

  @Test
  void aFileWithoutRunStatementsSaysHowToAddOne() throws IOException {
    Path model = write("none.brain", "use brain.neurons.LIF\nnetwork N { population a = LIF[3] }\n");
    Run r = brainc("run", model.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has no `run` statement"), r.err());
  }

  @Test
  void nanInStateNamesThePopulationVariableAndStep() throws IOException {
    Path model = write("blowup.brain", """
        neuron Bad {
          state x = 1
          x' = x * x / 1 ms
          spike when x > 1e300 { x = 0 }
        }
        network N { population p = Bad[2] }
        run N for 100 ms dt 1 ms
        """);
    Run r = brainc("run", model.toString(), "-q");
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("p.x"), r.err());
    assertTrue(r.err().contains("step"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
