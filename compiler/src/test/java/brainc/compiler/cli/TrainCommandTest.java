package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `brainc train` in an environment: the loop runs, the curve and best weights are written. */
class TrainCommandTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static final String DRIVER = """
      use brain.neurons.LIF
      use brain.synapses.RSTDP
      network Driver {
        input sensors[3] encode rate(max = 200 Hz)
        population net = LIF[30] { excitatory 80%, inhibitory 20%, v_rest = -52 mV }
        connect sensors -> net  weight 20 mV  all  via RSTDP, exp(tau = 5 ms)
        output action = argmax(pools(net, 3))
        signal dopamine = reward - baseline(rate = 0.1)
      }
      train Driver in environment car_track {
        episodes 4
        seed 3
        curriculum { straight until mean(2) > -1000; gentle_curves }
      }
      """;

  @Test
  void trainingWritesTheCurveTheBestWeightsAndASummary() throws IOException {
    Path model = write("driver.brain", DRIVER);
    Path out = dir.resolve("out");
    Run r = brainc("train", model.toString(), "--out", out.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Driver in car_track: 4 episodes"), r.out());
    assertTrue(r.out().contains("best episode reward"), r.out());
    // mean(2) > -1000 holds after two episodes: the last two run on the next phase.
    assertTrue(r.out().contains("curriculum reached phase: gentle_curves"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("learning_curve.csv"));
    assertEquals("episode,phase,reward,steps,crashed", csv.get(0));
    assertEquals(5, csv.size());
    assertTrue(csv.get(1).startsWith("1,straight,"), csv.get(1));
    assertTrue(csv.get(4).startsWith("4,gentle_curves,"), csv.get(4));
    assertTrue(Files.readString(out.resolve("learning_curve.svg")).startsWith("<svg"));
    try (var files = Files.list(out.resolve("best"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".w.npy")));
    }
  }

  @Test
  void theTraceHasOneRowPerEnvironmentStep() throws IOException {
    Path model = write("driver.brain", DRIVER);
    Path trace = dir.resolve("trace.csv");
    Run r = brainc("train", model.toString(), "--out", dir.resolve("out").toString(), "-q", "--trace", trace.toString());
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(trace);
    assertEquals("episode,step,observation,readout,action,reward,terminated", rows.get(0));
    int steps = Files.readAllLines(dir.resolve("out/learning_curve.csv")).stream().skip(1)
        .mapToInt(l -> Integer.parseInt(l.split(",")[3])).sum();
    assertEquals(steps + 1, rows.size());
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      assertEquals(3, f[2].split(" ").length, row);
      double[] pools = java.util.Arrays.stream(f[3].split(" ")).mapToDouble(Double::parseDouble).toArray();
      int action = Integer.parseInt(f[4]);
      for (double p : pools) assertTrue(pools[action] >= p, "the action is a most active pool: " + row);
    }
  }

  @Test
  void theSameSeedTrainsTheSameWay() throws IOException {
    Path model = write("driver.brain", DRIVER);
    Run a = brainc("train", model.toString(), "--out", dir.resolve("a").toString(), "-q");
    Run b = brainc("train", model.toString(), "--out", dir.resolve("b").toString(), "-q");
    assertEquals(0, a.code() + b.code());
    assertEquals(Files.readString(dir.resolve("a/learning_curve.csv")), Files.readString(dir.resolve("b/learning_curve.csv")));
  }

  @Test
  void datasetTrainingWithoutTheDataNamesThePathAndTheInstallCommand() throws IOException {
    Path model = write("snn.brain", """
        use brain.neurons.Leaky
        network F {
          input pixels[4] encode bernoulli(steps = 5)
          layer out = Leaky[2]
          connect pixels -> out dense
          output logits = spike_count(out)
        }
        train F on dataset fashion_mnist { loss cross_entropy(logits) }
        """);
    Run r = brainc("train", model.toString(), "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("o").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("nowhere") && r.err().contains("bin/install-data"), r.err());
    assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
  }

  @Test
  void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws IOException {
    Path model = write("driver.brain", DRIVER.replace("episodes 4", "episodes 6"));
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    assertEquals(0, brainc("train", model.toString(), "--out", whole.toString(), "-q").code());
    assertEquals(0, brainc("train", model.toString(), "--out", parts.toString(), "-q", "--episodes", "3",
        "--checkpoint-every", "3").code());
    Run resumed = brainc("train", model.toString(), "--out", parts.toString(), "-q", "--resume");
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(Files.readString(whole.resolve("learning_curve.csv")), Files.readString(parts.resolve("learning_curve.csv")));
    try (var files = Files.list(whole.resolve("final"))) {
      for (Path f : files.toList()) {
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(parts.resolve("final").resolve(f.getFileName()))),
            "final weights differ: " + f.getFileName());
      }
    }
  }

  @Test
  void resumingWithoutACheckpointSaysWhatIsMissing() throws IOException {
    Path model = write("driver.brain", DRIVER);
    Run r = brainc("train", model.toString(), "--out", dir.resolve("none").toString(), "--resume");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cannot resume: no checkpoint in"), r.err());
  }

  @Test
  void environmentFlagsAreCheckedBeforeAnyWork() throws IOException {
    Path model = write("driver.brain", DRIVER);
    Path out = dir.resolve("o");
    for (String[] bad : List.of(new String[] {"--episodes=-5", "--episodes must be at least 1, not -5"},
        new String[] {"--window=0ms", "--window must be between 0.1ms"},
        new String[] {"--checkpoint-every=0", "--checkpoint-every must be at least 1"},
        new String[] {"--limit=5", "--limit applies to training on a dataset, but `Driver` trains in an environment"},
        new String[] {"--batch=4", "--batch applies to training on a dataset"})) {
      Run r = brainc("train", model.toString(), "--out", out.toString(), bad[0]);
      assertEquals(2, r.code(), bad[0] + "\n" + r.err());
      assertTrue(r.err().contains(bad[1]), r.err());
    }
    Run trace = brainc("train", model.toString(), "--out", out.toString(), "--trace", model.toString());
    assertEquals(1, trace.code(), trace.err());
    assertTrue(trace.err().contains("is the input"), trace.err());
    assertTrue(java.nio.file.Files.notExists(out));
  }

  @Test
  void aResumeWithAnotherWindowOrSeedIsRefused() throws IOException {
    Path model = write("driver.brain", DRIVER);
    Path out = dir.resolve("o");
    assertEquals(0, brainc("train", model.toString(), "--out", out.toString(), "-q", "--episodes", "1").code());
    Run r = brainc("train", model.toString(), "--out", out.toString(), "-q", "--resume", "--window", "5ms", "--seed", "9");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("seed: 3 in the checkpoint, 9 now"), r.err());
    assertTrue(r.err().contains("window: 100 steps of 1.0E-4 s in the checkpoint, 50 steps"), r.err());
    assertTrue(Files.isRegularFile(dir.resolve("o.checkpoint/state.npz")), "checkpoints live beside the results");
  }
}
