package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import brainc.runtime.io.ResultFolder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both trainings through the library API: stopped at a random epoch or episode boundary (its
 * checkpoint, a snapshot, written), resumed in a fresh instance and finished, they end exactly
 * where an uninterrupted run ends; checkpoints of the format before snapshots are refused.
 */
class TrainingResumeTest {
  @TempDir Path dir;

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
        episodes 6
        seed 3
        schedule phase_reset(decay = 0.9)
        curriculum { straight until mean(2) > -1000; gentle_curves }
      }
      """;

  private static final String HALVES = """
      use brain.neurons.Leaky
      network Halves {
        input pixels[16] encode bernoulli(steps = 6)
        layer h = Leaky[10]
        layer out = Leaky[2]
        connect pixels -> h -> out dense
        output logits = spike_count(out)
      }
      train Halves on dataset fashion_mnist {
        loss cross_entropy(logits)
        optimizer adam(lr = 0.02)
        epochs 5
        batch 16
        seed 5
      }
      """;

  private Trainings.Plan plan(String name, String text) throws IOException {
    Path model = dir.resolve(name);
    Files.writeString(model, text);
    return Trainings.plan(model, Compiler.check(model), dir.resolve("data"));
  }

  private interface Body {
    void run(TrainingFiles files) throws IOException;
  }

  /** Trains into a fresh results folder {@code out} with its checkpoints in {@code out.checkpoint}, and publishes it. */
  private void train(Trainings.Plan plan, String out, Body body) throws IOException {
    Path target = dir.resolve(out);
    try (ResultFolder folder = ResultFolder.open(target, Map.of("command", "train"))) {
      body.run(new TrainingFiles(folder, "", target, Trainings.defaultCheckpoint(target), plan.modelHash(), 0, () -> false));
      folder.commit();
    }
  }

  private static EnvironmentTraining.Options environment(Integer episodes, boolean resume) {
    return new EnvironmentTraining.Options(episodes, null, 100, false, "jvm", resume, 1, null);
  }

  @Test
  void anEnvironmentTrainingResumedAtARandomEpisodeEndsBitIdentical() throws IOException {
    Trainings.Plan plan = plan("driver.brain", DRIVER);
    var t = plan.statements().get(0);
    var silent = new EnvironmentTraining.Listener() {};
    train(plan, "whole", f -> EnvironmentTraining.run(plan.module(), t, environment(null, false), f, silent));
    int k = 1 + new Random().nextInt(5);
    train(plan, "parts", f -> EnvironmentTraining.run(plan.module(), t, environment(k, false), f, silent));
    assertTrue(Files.isRegularFile(dir.resolve("parts.checkpoint/state.npz")));
    train(plan, "parts", f -> EnvironmentTraining.run(plan.module(), t, environment(null, true), f, silent));
    assertEquals(Files.readString(dir.resolve("whole/learning_curve.csv")), Files.readString(dir.resolve("parts/learning_curve.csv")),
        "stopped after episode " + k);
    for (String sub : List.of("final", "best")) {
      try (Stream<Path> files = Files.list(dir.resolve("whole").resolve(sub))) {
        for (Path f : files.toList()) {
          assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("parts").resolve(sub).resolve(f.getFileName())),
              sub + " weights differ after stopping at episode " + k + ": " + f.getFileName());
        }
      }
    }
  }

  private DatasetTrainingRun.Options dataset(Integer epochs, boolean resume, int threads) {
    return new DatasetTrainingRun.Options(epochs, null, null, dir.resolve("data"), resume, "jvm", threads, false, null, null, null);
  }

  @Test
  void aDatasetTrainingResumedAtARandomEpochEndsBitIdentical() throws IOException {
    halves();
    Trainings.Plan plan = plan("halves.brain", HALVES);
    var t = plan.statements().get(0);
    var silent = new DatasetTrainingRun.Listener() {};
    List<DatasetTrainingRun.Epoch>[] whole = new List[1];
    train(plan, "whole", f -> whole[0] = DatasetTrainingRun.run(plan.module(), t, dataset(null, false, 1), f, silent).history());
    int k = 1 + new Random().nextInt(4);
    train(plan, "parts", f -> DatasetTrainingRun.run(plan.module(), t, dataset(k, false, 2), f, silent));
    List<DatasetTrainingRun.Epoch>[] parts = new List[1];
    train(plan, "parts", f -> parts[0] = DatasetTrainingRun.run(plan.module(), t, dataset(null, true, 3), f, silent).history());
    assertArrayEquals(Files.readAllBytes(dir.resolve("whole/weights.npz")), Files.readAllBytes(dir.resolve("parts/weights.npz")),
        "weights differ after stopping at epoch " + k);
    assertEquals(whole[0].size(), parts[0].size());
    for (int i = 0; i < whole[0].size(); i++) {
      var a = whole[0].get(i);
      var b = parts[0].get(i);
      assertEquals(List.of(a.epoch(), a.trainLoss(), a.trainAccuracy(), a.testLoss(), a.testAccuracy(), a.lr()),
          List.of(b.epoch(), b.trainLoss(), b.trainAccuracy(), b.testLoss(), b.testAccuracy(), b.lr()), "epoch " + (i + 1));
    }
  }

  @Test
  void checkpointsOfTheFormatBeforeSnapshotsAreRefusedAsAnOlderBraincs() throws IOException {
    halves();
    Trainings.Plan data = plan("halves.brain", HALVES);
    Path ck = Files.createDirectories(dir.resolve("o.checkpoint"));
    NpzFile.write(ck.resolve("checkpoint.npz"), Map.of("meta", NpyArray.of(new double[] {1, 3, 5})));
    TrainingException e = assertThrows(TrainingException.class, () -> train(data, "o", f -> DatasetTrainingRun.run(
        data.module(), data.statements().get(0), dataset(null, true, 1), f, new DatasetTrainingRun.Listener() {})));
    assertTrue(e.getMessage().contains("written by an older brainc") && e.getMessage().contains("start afresh"), e.getMessage());

    Trainings.Plan env = plan("driver.brain", DRIVER);
    Files.createDirectories(dir.resolve("e.checkpoint/state"));
    Files.writeString(dir.resolve("e.checkpoint/state/checkpoint.properties"), "brainc.step=10\n");
    e = assertThrows(TrainingException.class, () -> train(env, "e", f -> EnvironmentTraining.run(env.module(),
        env.statements().get(0), environment(null, true), f, new EnvironmentTraining.Listener() {})));
    assertTrue(e.getMessage().contains("written by an older brainc") && e.getMessage().contains("start afresh"), e.getMessage());
  }

  // ---- a tiny IDX dataset: the bright half of a 4 x 4 image, left or right ----

  private void halves() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    split(data, "train", 50, 1);
    split(data, "t10k", 20, 2);
  }

  private static void split(Path dir, String prefix, int n, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] px = new byte[n * 16];
    byte[] labels = new byte[n];
    for (int s = 0; s < n; s++) {
      int c = r.nextInt(2);
      labels[s] = (byte) c;
      for (int i = 0; i < 16; i++) px[s * 16 + i] = (byte) (((i % 4) < 2) == (c == 0) ? 200 + r.nextInt(56) : r.nextInt(40));
    }
    idx(dir.resolve(prefix + "-images-idx3-ubyte"), px, n, 4, 4);
    idx(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, n);
  }

  private static void idx(Path path, byte[] data, int... shape) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) out.writeInt(d);
    out.write(data);
    out.flush();
    Files.write(path, bytes.toByteArray());
  }
}
