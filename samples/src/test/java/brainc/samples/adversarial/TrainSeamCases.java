package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.RESUME;
import static brainc.samples.adversarial.TrainCases.brainc;
import static brainc.samples.adversarial.TrainCases.dataset;
import static brainc.samples.adversarial.TrainCases.environment;
import static brainc.samples.adversarial.TrainCases.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import brainc.runtime.io.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * `brainc train` through the execution seam: checkpoints are brainc snapshots (one file per
 * statement), checkpoints of the format before them are refused as an older brainc's, a snapshot
 * of another kind is refused, and the thread count defaults to the machine's cores without
 * making a resume on another machine refuse.
 */
public final class TrainSeamCases {
  private static final String[] DS = {"train", "$D/m.brain", "--data", "$D/data", "--out", "$D/o", "-q"};
  private static final String[] ENV = {"train", "$D/m.brain", "--out", "$D/o", "-q"};

  private TrainSeamCases() {}

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.add(dataset(FILES, "the-dataset-checkpoint-is-a-snapshot").args(DS).exit(0)
        .then(o -> assertKind(o.dir.resolve("o.checkpoint/checkpoint.npz"), "dataset-training")));
    all.add(environment(FILES, "the-environment-checkpoint-is-one-snapshot-file").args(ENV).exit(0)
        .absent("o.checkpoint/state/checkpoint.properties").absent("o.checkpoint/best")
        .then(o -> assertKind(o.dir.resolve("o.checkpoint/state.npz"), "environment-training")));
    all.add(environment(RESUME, "an-environment-checkpoint-of-an-older-brainc-is-refused")
        .file("o.checkpoint/state/checkpoint.properties", "brainc.step=300\ntrainer.next=1\n")
        .args(with(ENV, "--resume")).exit(1).stderrHas("written by an older brainc")
        .stderrHas("start afresh without --resume").stderrLacks("Exception").absent("o"));
    all.add(dataset(RESUME, "a-dataset-checkpoint-of-an-older-brainc-with-a-record-is-refused").setup(d -> {
      Map<String, NpyArray> old = new LinkedHashMap<>();
      old.put("param/h.weight", NpyArray.of(new float[96]));
      old.put("meta", NpyArray.of(new double[] {1, 3, 5}));
      old.put("record", NpyArray.of("seed=5\n".chars().toArray()));
      write(d, "o.checkpoint/checkpoint.npz", old);
    }).args(with(DS, "--resume", "--epochs", "2")).exit(1).stderrHas("written by an older brainc").absent("o"));
    all.add(dataset(RESUME, "a-snapshot-of-another-kind-is-refused").setup(d -> {
      try {
        Files.createDirectories(d.resolve("o.checkpoint"));
        Snapshot.builder("simulation").text("record", "seed=5\n").build().write(d.resolve("o.checkpoint/checkpoint.npz"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).args(with(DS, "--resume", "--epochs", "2")).exit(1).stderrHas("cannot resume").stderrHas("not of a dataset-training")
        .absent("o"));
    int cores = Runtime.getRuntime().availableProcessors();
    all.add(dataset(MESSAGES, "the-default-thread-count-is-the-machines-cores").args(DS).exit(0)
        .stdoutHas(" " + cores + " thread" + (cores == 1 ? "" : "s") + ")"));
    all.add(dataset(RESUME, "a-run-resumed-with-the-default-threads-after-one-thread-is-not-refused")
        .setup(d -> brainc(d, with(DS, "--threads", "1"))).args(with(DS, "--epochs", "2", "--resume")).exit(0)
        .then(o -> assertEquals(3, lines(o.dir.resolve("o/metrics.csv")))));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  private static void assertKind(Path file, String kind) {
    try {
      Snapshot s = Snapshot.read(file);
      assertEquals(kind, s.kind());
      assertTrue(s.texts().containsKey("record"), "the snapshot records the settings it was written under");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path dir, String name, Map<String, NpyArray> arrays) {
    try {
      Files.createDirectories(dir.resolve(name).getParent());
      NpzFile.write(dir.resolve(name), arrays);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
