package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `brainc train` on a synthetic dataset of sequences of several lengths, written here (rows of 4
 * values, a `PREFIX-lengths-idx1-ubyte` beside the images): the steps after a sample's end are
 * masked, so they change neither the loss nor the gradients. A dataset whose samples all have L
 * of their 4 rows trains to the same weights and metrics, bit for bit, as the same samples cut
 * to L rows in a network of L steps, whatever the padding rows hold; with lengths of 1 to 4, two
 * datasets that differ only in their padding train alike. For the recurrent `Leaky` and `ALIF`
 * layers, losses on spike counts and on the readout's membrane.
 */
class SequenceDatasetTrainTest {
  @TempDir Path dir;

  private static final int TRAIN = 40;
  private static final int TEST = 12;

  private static byte[] idx(byte[] data, int... shape) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) out.writeInt(d);
    out.write(data);
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * Rows of 4 pixels: class 0 is bright on the left of its first row, class 1 on the right. Each
   * sample has {@code length.applyAsInt(s)} real rows of the {@code rows} written; the rest are
   * padding drawn from {@code padSeed}.
   */
  private static Path dataset(Path at, int rows, IntUnaryOperator length, long padSeed) throws IOException {
    Files.createDirectories(at);
    for (String split : new String[] {"train", "t10k"}) {
      int n = split.equals("train") ? TRAIN : TEST;
      Random r = new Random(split.hashCode());
      Random pad = new Random(padSeed + split.hashCode());
      byte[] px = new byte[n * rows * 4];
      byte[] labels = new byte[n];
      byte[] lengths = new byte[n];
      for (int s = 0; s < n; s++) {
        int c = r.nextInt(2);
        labels[s] = (byte) c;
        lengths[s] = (byte) length.applyAsInt(s);
        for (int row = 0; row < 4; row++) {
          for (int x = 0; x < 4; x++) {
            // Every real row is drawn (so the first rows agree whatever the count written).
            int v = (row == 0 && (x < 2) == (c == 0)) ? 180 + r.nextInt(76) : r.nextInt(90);
            if (row >= rows) continue;
            px[(s * rows + row) * 4 + x] = (byte) (row < lengths[s] ? v : pad.nextInt(256));
          }
        }
      }
      Files.write(at.resolve(split + "-images-idx3-ubyte"), idx(px, n, rows, 4));
      Files.write(at.resolve(split + "-labels-idx1-ubyte"), idx(labels, n));
      if (rows == 4) Files.write(at.resolve(split + "-lengths-idx1-ubyte"), idx(lengths, n));
    }
    return at;
  }

  private Path model(int steps, String neuron, String logits) throws IOException {
    Path m = dir.resolve("rows" + steps + neuron + logits + ".brain");
    Files.writeString(m, """
        use brain.neurons.Leaky
        use brain.neurons.ALIF
        network Rows {
          input row[4] encode rows(steps = %d)
          layer h = %s[8]
          layer out = Leaky[2]
          connect row -> h -> out dense
          connect h -> h dense
          output logits = spike_count(out)
          output potentials = membrane(out)
        }
        train Rows on dataset fashion_mnist {
          loss cross_entropy(%s)
          optimizer adam(lr = 0.02)
          epochs 2
          batch 8
          seed 5
        }
        """.formatted(steps, neuron, logits), StandardCharsets.UTF_8);
    return m;
  }

  /** Trains; returns weights.npz's bytes and metrics.csv without its timing columns. */
  private Trained train(Path model, Path data, String name) throws IOException {
    Path out = dir.resolve("out-" + name);
    Run r = brainc("train", model.toString(), "--data", data.toString(), "--out", out.toString(), "-q");
    assertEquals(0, r.code(), r.err());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv")).stream()
        .map(l -> String.join(",", Arrays.asList(l.split(",")).subList(0, 5))).toList();
    return new Trained(Files.readAllBytes(out.resolve("weights.npz")), metrics, r.out());
  }

  private record Trained(byte[] weights, List<String> metrics, String out) {}

  private void paddedTrainsAsCut(String neuron, String logits) throws IOException {
    for (int l : new int[] {1, 3}) {
      String tag = neuron + logits + l;
      Trained padded = train(model(4, neuron, logits), dataset(dir.resolve("padded" + tag), 4, s -> l, 1), "padded" + tag);
      Trained cut = train(model(l, neuron, logits), dataset(dir.resolve("cut" + tag), l, s -> l, 1), "cut" + tag);
      assertEquals(cut.metrics(), padded.metrics(), neuron + ", " + logits + ", length " + l);
      assertArrayEquals(cut.weights(), padded.weights(), neuron + ", " + logits + ", length " + l);
    }
  }

  @Test
  void samplesOfLengthLPaddedToFourRowsTrainAsTheSameSamplesInANetworkOfLSteps() throws IOException {
    paddedTrainsAsCut("Leaky", "logits");
    paddedTrainsAsCut("ALIF", "potentials");
  }

  @Test
  void whatThePaddingHoldsChangesNothingForSequencesOfSeveralLengths() throws IOException {
    IntUnaryOperator lengths = s -> 1 + (s * 7) % 4;
    for (String[] v : new String[][] {{"Leaky", "potentials"}, {"ALIF", "logits"}}) {
      Path m = model(4, v[0], v[1]);
      Trained a = train(m, dataset(dir.resolve("a" + v[0]), 4, lengths, 1), "a" + v[0]);
      Trained b = train(m, dataset(dir.resolve("b" + v[0]), 4, lengths, 2), "b" + v[0]);
      assertEquals(a.metrics(), b.metrics(), v[0] + ", " + v[1]);
      assertArrayEquals(a.weights(), b.weights(), v[0] + ", " + v[1]);
      // Without the lengths the padding is read, and training differs: the check can fail.
      Path unmasked = dataset(dir.resolve("u" + v[0]), 4, lengths, 2);
      Files.delete(unmasked.resolve("train-lengths-idx1-ubyte"));
      Files.delete(unmasked.resolve("t10k-lengths-idx1-ubyte"));
      assertNotEquals(Arrays.hashCode(a.weights()), Arrays.hashCode(train(m, unmasked, "u" + v[0]).weights()));
    }
  }

  @Test
  void trainingPrintsTheTapesMemoryPerBatch() throws IOException {
    Trained t = train(model(4, "Leaky", "logits"), dataset(dir.resolve("tape"), 4, s -> 4, 1), "tape");
    assertTrue(t.out().contains("tape: "), t.out());
    assertTrue(t.out().contains(" per batch of 8: what backpropagation through time keeps of the 4 steps"), t.out());
  }
}
