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
  void theSameSeedGivesTheSameSpikesAndAnotherSeedOthers() throws IOException {
    Path model = write("small.brain", NET);
    Run a = brainc("run", model.toString(), "--out", dir.resolve("a").toString(), "-q");
    Run b = brainc("run", model.toString(), "--out", dir.resolve("b").toString(), "-q");
    Run c = brainc("run", model.toString(), "--out", dir.resolve("c").toString(), "-q", "--seed", "8");
    assertEquals(0, a.code() + b.code() + c.code());
    byte[] sa = Files.readAllBytes(dir.resolve("a/spikes_exc.npy"));
    assertTrue(java.util.Arrays.equals(sa, Files.readAllBytes(dir.resolve("b/spikes_exc.npy"))));
    assertFalse(java.util.Arrays.equals(sa, Files.readAllBytes(dir.resolve("c/spikes_exc.npy"))));
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
  void whatCannotRunYetIsSaidPlainly() throws IOException {
    Path model = write("inputs.brain", """
        use brain.neurons.LIF
        network P {
          input sensors[3] encode latency(tau = 5 ms)
          population a = LIF[10]
          connect sensors -> a weight 1 mV all
        }
        run P for 10 ms
        """);
    Run r = brainc("run", model.toString(), "-q");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("brainc: cannot run `P`: the `latency` encoder of `sensors` cannot run yet"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
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
