package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.TrainCases.DATASET;
import static brainc.samples.adversarial.TrainCases.brainc;
import static brainc.samples.adversarial.TrainCases.dataset;
import static brainc.samples.adversarial.TrainCases.environment;
import static brainc.samples.adversarial.TrainCases.model;
import static brainc.samples.adversarial.TrainCases.with;
import static org.junit.jupiter.api.Assertions.assertFalse;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code brainc train --init FILE.npz}: an export starts a new training; an archive that cannot
 * be read (E1025) or does not fit the network (E1026) is a diagnostic of the file naming the
 * array and both shapes, exit 1, nothing written; flags that make no sense with it are usage
 * errors. And {@code --explain}, which prints each training pass's time as {@code run --explain} does.
 */
public final class InitCases {
  private static final String[] DS = {"train", "$D/m.brain", "--data", "$D/data", "--out", "$D/o", "-q"};
  private static final String[] ENV = {"train", "$D/m.brain", "--out", "$D/o", "-q"};
  /** Trains the case's model once into {@code first/}: its weights.npz is the archive the cases edit. */
  private static final Consumer<Path> FIRST = d -> brainc(d, with(DS, "--out", "$D/first"));

  private InitCases() {}

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.add(dataset(FILES, "training-starts-from-an-export").setup(FIRST)
        .args(with(DS, "--init", "$D/first/weights.npz")).exit(0)
        .then(o -> assertFalse(Arrays.equals(o.bytes("first/weights.npz"), o.bytes("o/weights.npz")),
            "the same run from the export ends elsewhere than from random parameters")));
    all.add(dataset(FILES, "an-init-archive-inside-the-results-folder-is-not-replaced")
        .setup(d -> brainc(d, DS)).args(with(DS, "--init", "$D/o/weights.npz")).exit(1)
        .stderrHas("holds the input").stderrHas("o/weights.npz"));
    all.add(dataset(FILES, "a-missing-init-file").args(with(DS, "--init", "$D/none.npz")).error("E1025", 1, 1)
        .stderrHas("none.npz:1:1: error[E1025]: no such file").absent("o").absent("o.checkpoint"));
    all.add(dataset(FILES, "an-init-file-that-is-not-an-npz").file("w.npz", "h.weight,h.bias\n1,2\n")
        .args(with(DS, "--init", "$D/w.npz")).error("E1025", 1, 1).stderrHas("not an .npz archive").absent("o"));
    all.add(dataset(FILES, "a-single-npy-is-not-an-archive").setup(d -> npy(d, "w.npz"))
        .args(with(DS, "--init", "$D/w.npz")).error("E1025", 1, 1).stderrHas("a single .npy array is not").absent("o"));
    all.add(mismatch("a-missing-parameter-is-named", a -> a.remove("out.bias"))
        .stderrHas("the parameter `out.bias` [2] is missing"));
    all.add(mismatch("an-extra-array-is-named", a -> a.put("h2.weight", NpyArray.of(new float[4], 2, 2)))
        .stderrHas("the array `h2.weight` is not a parameter of the network (its parameters: h.weight, h.bias"));
    all.add(mismatch("a-transposed-weight-names-both-shapes", a -> a.put("h.weight", NpyArray.of(new float[96], 16, 6)))
        .stderrHas("`h.weight` has shape [16, 6] in the file, but the network's is [6, 16] ([out, in])"));
    all.add(mismatch("integer-weights-are-refused", a -> a.put("out.bias", NpyArray.of(new long[2], 2)))
        .stderrHas("`out.bias` is int64, not float32 or float64"));
    all.add(dataset(CONTRACTS, "init-and-resume-conflict").args(with(DS, "--init", "$D/w.npz", "--resume"))
        .usage("--init and --resume conflict"));
    all.add(environment(CONTRACTS, "init-on-an-environment-is-a-usage-error").args(with(ENV, "--init", "$D/w.npz"))
        .usage("--init applies to training on a dataset"));
    all.add(dataset(CONTRACTS, "init-with-two-dataset-statements-is-a-usage-error")
        .file("m.brain", model(DATASET, 15, "")
            + "train Halves on dataset fashion_mnist {\n  loss cross_entropy(logits)\n  epochs 1\n  batch 8\n}\n")
        .args(with(DS, "--init", "$D/w.npz")).usage("several `train ... on dataset` statements"));
    all.add(dataset(MESSAGES, "explain-prints-each-training-pass-time").args(with(DS, "--explain")).exit(0)
        .stderrHas("explain: time: schedule-training ").stderrHas("explain: time: differentiate ").stderrHas(" ms\n"));
    all.add(environment(MESSAGES, "explain-prints-the-environment-pipeline-times").args(with(ENV, "--explain", "--episodes", "1"))
        .exit(0).stderrHas("explain: time: ").stderrHas(" ms\n"));
    all.add(dataset(MESSAGES, "without-explain-no-pass-times").args(DS).exit(0).stderrLacks("explain:"));
    all.add(dataset(MESSAGES, "help-documents-init").args("train", "--help").exit(0).stdoutHas("--init=FILE.npz"));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  /** The case's model trained once, its export edited into {@code w.npz}, then given to --init. */
  private static Case mismatch(String name, Consumer<Map<String, NpyArray>> edit) {
    return dataset(FILES, name).setup(FIRST).setup(d -> {
      try {
        Map<String, NpyArray> arrays = new LinkedHashMap<>(NpzFile.read(d.resolve("first/weights.npz")));
        edit.accept(arrays);
        NpzFile.write(d.resolve("w.npz"), arrays);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).args(with(DS, "--init", "$D/w.npz")).error("E1026", 1, 1).absent("o").absent("o.checkpoint");
  }

  private static void npy(Path dir, String name) {
    try {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      brainc.runtime.io.NpyWriter.write(b, NpyArray.of(new float[2], 2));
      Files.write(dir.resolve(name), b.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
