package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `brainc train` on a dataset, end to end, on a tiny synthetic IDX dataset written here (two
 * classes: the bright half of a 4 × 4 image is the left or the right one).
 */
class DatasetTrainCommandTest {
  @TempDir Path dir;
  private Path data;
  private Path model;

  private static void idx(Path path, byte[] data, int... shape) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) out.writeInt(d);
    out.write(data);
    out.flush();
    Files.write(path, bytes.toByteArray());
  }

  private static void split(Path dir, String prefix, int n, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] px = new byte[n * 16];
    byte[] labels = new byte[n];
    for (int s = 0; s < n; s++) {
      int c = r.nextInt(2);
      labels[s] = (byte) c;
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          boolean bright = (x < 2) == (c == 0);
          px[s * 16 + y * 4 + x] = (byte) (bright ? 200 + r.nextInt(56) : r.nextInt(40));
        }
      }
    }
    idx(dir.resolve(prefix + "-images-idx3-ubyte"), px, n, 4, 4);
    idx(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, n);
  }

  @BeforeEach
  void setUp() throws IOException {
    data = Files.createDirectories(dir.resolve("data"));
    split(data, "train", 70, 1); // batches of 16: four full ones and a last one of 6
    split(data, "t10k", 40, 2);
    model = dir.resolve("halves.brain");
    Files.writeString(model, """
        use brain.neurons.Leaky
        network Halves {
          input pixels[16] encode bernoulli(steps = 8)
          layer h = Leaky[12]
          layer out = Leaky[2]
          connect pixels -> h -> out dense
          output logits = spike_count(out)
        }
        train Halves on dataset fashion_mnist {
          loss cross_entropy(logits)
          optimizer adam(lr = 0.02)
          epochs 4
          batch 16
          seed 5
        }
        """, StandardCharsets.UTF_8);
  }

  @Test
  void trainsWritesMetricsCurveAndWeightsAndLearnsTheTask() throws IOException {
    Path out = dir.resolve("out");
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("70 training and 40 test samples"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(5, csv.size(), csv.toString());
    assertTrue(csv.get(0).startsWith("epoch,train_loss,train_accuracy,test_loss,test_accuracy"), csv.get(0));
    double finalAccuracy = Double.parseDouble(csv.get(4).split(",")[4]);
    assertTrue(finalAccuracy >= 0.9, "test accuracy after 4 epochs: " + finalAccuracy + "\n" + r.out());
    assertTrue(Files.readString(out.resolve("learning_curve.svg")).startsWith("<svg"));
    Map<String, NpyArray> w = NpzFile.read(out.resolve("weights.npz"));
    assertEquals(List.of("h.weight", "h.bias", "out.weight", "out.bias"), List.copyOf(w.keySet()));
    assertArrayEquals(new int[] {12, 16}, w.get("h.weight").shape());
    assertArrayEquals(new int[] {2}, w.get("out.bias").shape());
  }

  @Test
  void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws IOException {
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    assertEquals(0, brainc("train", model.toString(), "--data", data.toString(), "--out", whole.toString(), "-q").code());
    Run first = brainc("train", model.toString(), "--data", data.toString(), "--out", parts.toString(), "--epochs", "2", "-q");
    assertEquals(0, first.code(), first.err());
    Run rest = brainc("train", model.toString(), "--data", data.toString(), "--out", parts.toString(), "--resume", "-q");
    assertEquals(0, rest.code(), rest.err());
    assertArrayEquals(Files.readAllBytes(whole.resolve("weights.npz")), Files.readAllBytes(parts.resolve("weights.npz")));
    assertEquals(5, Files.readAllLines(parts.resolve("metrics.csv")).size());
  }

  @Test
  void theInterpreterTrainsToTheSameWeightsAsTheJvmBackend() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertEquals(0, brainc("train", model.toString(), "--data", data.toString(), "--out", a.toString(), "--epochs", "1", "-q").code());
    assertEquals(0, brainc("train", model.toString(), "--data", data.toString(), "--out", b.toString(), "--epochs", "1",
        "--backend", "interp", "-q").code());
    Map<String, NpyArray> wa = NpzFile.read(a.resolve("weights.npz"));
    Map<String, NpyArray> wb = NpzFile.read(b.resolve("weights.npz"));
    for (String k : wa.keySet()) {
      float[] x = wa.get(k).floats();
      float[] y = wb.get(k).floats();
      for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-5f, k + "[" + i + "]");
    }
  }

  @Test
  void membraneOutputsMseAndSgdWithMomentumTrainToo() throws IOException {
    Path other = dir.resolve("membrane.brain");
    Files.writeString(other, Files.readString(model)
        .replace("spike_count(out)", "membrane(out)")
        .replace("loss cross_entropy(logits)", "loss mse(logits)")
        .replace("optimizer adam(lr = 0.02)", "optimizer sgd(lr = 0.02, momentum = 0.5)\n  schedule step_decay(every = 2, factor = 0.5)"));
    Path out = dir.resolve("m");
    Run r = brainc("train", other.toString(), "--data", data.toString(), "--out", out.toString(), "--epochs", "6", "-q");
    assertEquals(0, r.code(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
    double first = Double.parseDouble(csv.get(1).split(",")[1]);
    double last = Double.parseDouble(csv.get(6).split(",")[1]);
    assertTrue(last < first / 2, "training loss " + first + " -> " + last + "\n" + csv);
    double best = csv.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[4])).max().orElse(0);
    assertTrue(best >= 0.9, csv.toString());
    assertEquals(0.02 * 0.25, Double.parseDouble(csv.get(6).split(",")[7]), 1e-9);
  }

  @Test
  void theTrainingIrCanBeDumpedAfterEachPass() {
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", dir.resolve("d").toString(), "--epochs", "1",
        "--dump-ir", "after:differentiate", "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("backward {") && r.out().contains("dense_input_grad(d.out.mem', out.weight)"), r.out());
  }

  @Test
  void flagsOutOfRangeOrForAnotherKindOfTrainingAreUsageErrorsBeforeAnyWork() {
    Path out = dir.resolve("o");
    for (String[] bad : List.of(new String[] {"--limit", "0"}, new String[] {"--limit", "-5"},
        new String[] {"--batch", "0"}, new String[] {"--test-limit", "0"}, new String[] {"--threads", "100000"},
        new String[] {"--epochs", "-1"}, new String[] {"--seed", "-2"}, new String[] {"--backend", "gpu"})) {
      Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), bad[0], bad[1]);
      assertEquals(2, r.code(), String.join(" ", bad) + "\n" + r.err());
      assertTrue(r.err().contains(bad[0]), r.err());
    }
    for (String flag : List.of("--episodes", "--window", "--checkpoint-every")) {
      Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), flag,
          flag.equals("--window") ? "5ms" : "3");
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains(flag + " applies to training in an environment") && r.err().contains("on a dataset"), r.err());
    }
    assertTrue(Files.notExists(out));
  }

  @Test
  void aBatchLargerThanTheDataIsClampedWithANote() {
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", dir.resolve("o").toString(), "--epochs", "1",
        "--batch", "100000", "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("using one batch of 70"), r.err());
  }

  @Test
  void outputsAreCheckedBeforeTheFirstEpoch() throws IOException {
    Path file = Files.writeString(dir.resolve("ckpt"), "mine");
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", dir.resolve("o").toString(),
        "--checkpoint", file.toString(), "-q");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("is not a folder"), r.err());
    assertEquals("mine", Files.readString(file));
    assertTrue(Files.notExists(dir.resolve("o")));
    Run over = brainc("train", model.toString(), "--data", data.toString(), "--out", data.toString(), "-q");
    assertEquals(1, over.code(), over.err());
    Run inside = brainc("train", model.toString(), "--data", data.toString(), "--out", dir.resolve("o").toString(),
        "--checkpoint", dir.resolve("o/ck").toString(), "-q");
    assertEquals(1, inside.code(), inside.err());
    assertTrue(inside.err().contains("replaced as a whole"), inside.err());
  }

  @Test
  void theResultsFolderHasAManifestAndTheCheckpointLiesBesideIt() throws IOException {
    Path out = dir.resolve("o");
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), "--epochs", "1", "-q");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"weights.npz\""));
    assertTrue(Files.isRegularFile(dir.resolve("o.checkpoint/checkpoint.npz")));
  }

  @Test
  void aResumeUnderChangedSettingsIsRefusedNamingEachDifference() throws IOException {
    Path out = dir.resolve("o");
    assertEquals(0, brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), "--epochs", "1", "-q").code());
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), "--resume", "--batch", "8",
        "--limit", "30", "--seed", "9", "-q");
    assertEquals(1, r.code(), r.err());
    for (String field : List.of("batch: 16 in the checkpoint, 8 now", "training samples: 70 in the checkpoint, 30 now",
        "seed: 5 in the checkpoint, 9 now")) {
      assertTrue(r.err().contains(field), r.err());
    }
    Files.writeString(model, Files.readString(model).replace("adam(lr = 0.02)", "sgd(lr = 0.02)"));
    Run edited = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), "--resume", "-q");
    assertEquals(1, edited.code(), edited.err());
    assertTrue(edited.err().contains("model: ") && edited.err().contains("optimizer: adam("), edited.err());
  }

  @Test
  void aResumeOnMoreThreadsEndsBitIdentical() throws IOException {
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    assertEquals(0, brainc("train", model.toString(), "--data", data.toString(), "--out", whole.toString(), "--epochs", "2",
        "--batch", "70", "-q").code());
    assertEquals(0, brainc("train", model.toString(), "--data", data.toString(), "--out", parts.toString(), "--epochs", "1",
        "--batch", "70", "-q").code());
    Run rest = brainc("train", model.toString(), "--data", data.toString(), "--out", parts.toString(), "--epochs", "2",
        "--batch", "70", "--threads", "2", "--resume", "-q");
    assertEquals(0, rest.code(), rest.err());
    assertArrayEquals(Files.readAllBytes(whole.resolve("weights.npz")), Files.readAllBytes(parts.resolve("weights.npz")));
  }

  @Test
  void datasetsThatDoNotFitTheNetworkAreRefusedBeforeTraining() throws IOException {
    idx(data.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 1, 7, 0}, 4);
    idx(data.resolve("t10k-images-idx3-ubyte"), new byte[4 * 16], 4, 4, 4);
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", dir.resolve("o").toString(), "-q");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("label 7 of sample 3") && r.err().contains("t10k-labels-idx1-ubyte"), r.err());
    assertTrue(Files.notExists(dir.resolve("o.checkpoint")), "no epoch ran");
  }

  @Test
  void aDivergingRunStopsWithAnErrorInsteadOfPublishingNanWeights() throws IOException {
    Path other = dir.resolve("diverges.brain");
    Files.writeString(other, Files.readString(model).replace("spike_count(out)", "membrane(out)")
        .replace("loss cross_entropy(logits)", "loss mse(logits)").replace("adam(lr = 0.02)", "sgd(lr = 1e30)"));
    Run r = brainc("train", other.toString(), "--data", data.toString(), "--out", dir.resolve("o").toString(), "-q");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("training diverged: the loss became"), r.err());
    assertTrue(Files.notExists(dir.resolve("o")));
  }
}
