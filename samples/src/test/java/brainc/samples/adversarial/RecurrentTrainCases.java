package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Recurrent spiking layers trained on sequences (`connect h -> h dense`, the `rows` encoder,
 * `ALIF`), as a careless user writes them: a recurrent connection through a slice of the layer
 * (a matrix that is not square), layers whose declared sizes do not fit a connection, a
 * sequence dataset whose rows are not as wide as the input, a cycle through another layer. Each
 * is a diagnostic with its code and position (or a refusal) and exit 1, and nothing is written.
 * The dataset is {@link TrainCases}'s: 24 training and 8 test images of 4 x 4 pixels, read here
 * as 4 rows of 4.
 */
public final class RecurrentTrainCases {
  /** Line 3 is the input, 7 the recurrent connection (an ALIF variant adds a line 2). */
  static final String MODEL = """
      use brain.neurons.Leaky
      network Rows {
        input row[4] encode rows(steps = 4)
        layer h = Leaky[6]
        layer out = Leaky[2]
        connect row -> h -> out dense
        connect h -> h dense
        output logits = spike_count(out)
      }
      train Rows on dataset fashion_mnist {
        loss cross_entropy(logits)
        optimizer adam(lr = 0.02)
        epochs 1
        batch 8
        seed 5
      }
      """;

  private static final String[] ARGS = {"train", "$D/m.brain", "--data", "$D/data", "--out", "$D/o", "-q"};

  private RecurrentTrainCases() {}

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.add(rows(SILENT, "a-recurrent-network-on-rows-trains").args(ARGS).exit(0).exists("o/weights.npz")
        .exists("o/metrics.csv"));
    all.add(rows(SILENT, "alif-with-bernoulli-rows-trains").file("m.brain", MODEL.replace("use brain.neurons.Leaky",
        "use brain.neurons.Leaky\nuse brain.neurons.ALIF").replace("layer h = Leaky[6]", "layer h = ALIF[6]")
        .replace("rows(steps = 4)", "rows(steps = 4, spikes = true)")).args(ARGS).exit(0)
        .exists("o/weights.npz"));
    all.add(rows(SILENT, "the-same-run-twice-gives-the-same-weights")
        .setup(d -> TrainCases.brainc(d, TrainCases.with(ARGS, "--out", "$D/first"))).args(ARGS).exit(0)
        .then(o -> assertArrayEquals(o.bytes("first/weights.npz"), o.bytes("o/weights.npz"))));
    // A recurrent connection from a slice of the layer: its matrix would not be square.
    all.add(rows(CONTRACTS, "a-recurrent-connection-of-the-wrong-size").file("m.brain",
        line(7, "connect h[0 .. 3] -> h dense")).args(ARGS).error("E1020", 7, 3).absent("o").absent("o.checkpoint"));
    all.add(rows(CONTRACTS, "check-reports-the-recurrent-connection-of-the-wrong-size").file("m.brain",
        line(7, "connect h[2 .. 6] -> h dense")).args("check", "$D/m.brain").error("E1020", 7, 3)
        .stderrHas("reads 4 of its 6 neurons"));
    // Declared layers whose sizes do not fit the connection between them.
    all.add(rows(CONTRACTS, "layers-of-other-sizes-one-to-one").file("m.brain", line(7, "connect h -> out one_to_one"))
        .args(ARGS).error("E1001", 7, 20).absent("o"));
    all.add(rows(CONTRACTS, "a-recurrent-layer-one-to-one-onto-a-smaller-one").file("m.brain",
        line(7, "connect h -> h dense").replace("connect row -> h -> out dense", "connect row -> h dense\n  connect h -> out one_to_one"))
        .args(ARGS).error("E1001", 7, 20).absent("o"));
    // The other loss the sample offers: cross-entropy on the readout's membrane after the last step.
    all.add(rows(SILENT, "the-loss-on-the-readouts-membrane-trains").file("m.brain", MODEL
        .replace("output logits = spike_count(out)", "output logits = spike_count(out)\n  output potentials = membrane(out)")
        .replace("cross_entropy(logits)", "cross_entropy(potentials)")).args(ARGS).exit(0).exists("o/weights.npz"));
    all.add(rows(SILENT, "alif-with-the-loss-on-the-membrane-over-sequences-of-several-lengths-trains").file("m.brain", MODEL
        .replace("use brain.neurons.Leaky", "use brain.neurons.Leaky\nuse brain.neurons.ALIF")
        .replace("layer h = Leaky[6]", "layer h = ALIF[6]")
        .replace("output logits = spike_count(out)", "output logits = spike_count(out)\n  output potentials = membrane(out)")
        .replace("cross_entropy(logits)", "cross_entropy(potentials)"))
        .bytes("data/train-lengths-idx1-ubyte", TrainCases.idx(lengthsOneToFour(24), 24))
        .args(ARGS).exit(0).exists("o/weights.npz"));
    // The sequence dataset: images of 16 values read as rows of the wrong width.
    all.add(rows(MESSAGES, "rows-wider-than-the-images").file("m.brain", line(3, "input row[5] encode rows(steps = 4)"))
        .args(ARGS).error("E1020", 3, 3).stderrHas("reads 4 rows of 5 values (20) per sample")
        .stderrHas("has 16 values per image; give it 4 values per row").absent("o").absent("o.checkpoint"));
    all.add(rows(MESSAGES, "more-rows-than-the-images-hold").file("m.brain", line(3, "input row[4] encode rows(steps = 28)"))
        .args(ARGS).error("E1020", 3, 3).stderrHas("give it `rows(steps = 4)`").absent("o"));
    all.add(rows(MESSAGES, "rows-that-tile-nothing").file("m.brain", line(3, "input row[3] encode rows(steps = 5)"))
        .args(ARGS).error("E1020", 3, 3).stderrHas("choose a width and a number of rows whose product is 16").absent("o"));
    all.add(rows(MESSAGES, "rows-of-another-width-in-the-test-set")
        .bytes("data/t10k-images-idx3-ubyte", TrainCases.idx(new byte[8 * 25], 8, 5, 5))
        .args(ARGS).error("E1020", 3, 3).stderrHas("t10k-images-idx3-ubyte[.gz] has 25 values per image").absent("o"));
    all.add(rows(CONTRACTS, "rows-with-zero-steps").file("m.brain", line(3, "input row[4] encode rows(steps = 0)"))
        .args(ARGS).exit(1).code("E0307").absent("o"));
    // A synthetic dataset of sequences of several lengths (1 to 4 rows of the 4), and lengths that do not fit.
    byte[] trainLengths = new byte[24];
    for (int i = 0; i < 24; i++) trainLengths[i] = (byte) (1 + i % 4);
    all.add(rows(SILENT, "sequences-of-several-lengths-train")
        .bytes("data/train-lengths-idx1-ubyte", TrainCases.idx(trainLengths, 24))
        .bytes("data/t10k-lengths-idx1-ubyte", TrainCases.idx(new byte[] {4, 3, 2, 1, 1, 2, 3, 4}, 8))
        .args(ARGS).exit(0).exists("o/weights.npz"));
    all.add(rows(MESSAGES, "a-sequence-longer-than-the-input-reads")
        .bytes("data/train-lengths-idx1-ubyte", TrainCases.idx(new byte[] {1, 2, 3, 4, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1}, 24))
        .args(ARGS).exit(1).stderrHas("train-lengths-idx1-ubyte[.gz]: sample 5 has 5 rows, but the input of Rows reads at"
            + " most 4 steps").absent("o").absent("o.checkpoint"));
    all.add(rows(MESSAGES, "a-sequence-of-no-rows").bytes("data/t10k-lengths-idx1-ubyte", TrainCases.idx(new byte[8], 8))
        .args(ARGS).exit(1).stderrHas("sample 1 has length 0; a sequence has at least one row").absent("o"));
    all.add(rows(MESSAGES, "lengths-of-another-count").bytes("data/t10k-lengths-idx1-ubyte", TrainCases.idx(new byte[] {1, 2}, 2))
        .args(ARGS).exit(1).stderrHas("has 2 lengths but the split has 8 samples").absent("o"));
    // A cycle through another layer stays refused, with a word on what is trained.
    all.add(rows(MESSAGES, "a-cycle-through-another-layer-is-refused").file("m.brain", line(7, "connect out -> h dense"))
        .args(ARGS).exit(1).code("W1020").stderrHas("a layer's connection to itself is trained").absent("o"));
    return all;
  }

  private static byte[] lengthsOneToFour(int n) {
    byte[] l = new byte[n];
    for (int i = 0; i < n; i++) l[i] = (byte) (1 + i % 4);
    return l;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  private static Case rows(Case.Kind kind, String name) {
    return TrainCases.dataset(kind, name).file("m.brain", MODEL);
  }

  /** The model with line {@code n} (1-based, as in the text block) replaced by {@code text}. */
  private static String line(int n, String text) {
    String[] lines = MODEL.split("\n", -1);
    lines[n - 1] = "  " + text;
    return String.join("\n", lines);
  }
}
