package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.ir.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect at the API: a run stopped after a random record (on one thread or two, snapshots every
 * few records) and resumed, on the same engine or the other, publishes the same bytes as a run
 * that never stopped; a resume without a checkpoint, or under other settings, is refused.
 */
class DetectionsResumeTest {
  @TempDir Path dir;

  private static final String REGION = """
      region Small : htm {
        encode value with rdse(size = 200, sparsity = 0.05, resolution = auto)
        encode timestamp with date(time_of_day = 11, time_of_day_radius = 6)
        spatial_pooler { columns = 128, sparsity = 0.04, potential_pct = 0.8, syn_perm_connected = 0.2 }
        temporal_memory { cells_per_column = 6, activation_threshold = 6, min_threshold = 4, max_new_synapses = 10,
                          max_segments_per_cell = 16, max_synapses_per_segment = 24 }
        anomaly likelihood(learning_period = auto, estimation_samples = auto, spatial_tolerance = 0.05)
      }
      """;

  /** An hourly pattern with noise from {@code seed} and a jump late in the file. */
  private static String series(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) {
      double v = 10 + 5 * (i % 6) + r.nextInt(3) + (i > rows * 4 / 5 ? 30 : 0);
      sb.append(String.format("2015-01-%02d %02d:00:00,%s%n", 1 + i / 24, i % 24, v));
    }
    return sb.toString();
  }

  private Path write(Path p, String text) throws IOException {
    Files.createDirectories(p.toAbsolutePath().getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** A listener that collects problems and stops after {@code stopAfter} records (0: never). */
  private static final class Recorder implements Detections.Listener {
    final List<String> problems = new ArrayList<>();
    final AtomicLong records = new AtomicLong();
    final long stopAfter;

    Recorder(long stopAfter) {
      this.stopAfter = stopAfter;
    }

    @Override
    public synchronized void problem(String line) {
      problems.add(line);
    }

    @Override
    public synchronized void diagnostic(Diagnostic d) {
      problems.add(d.code() + ": " + d.message());
    }

    @Override
    public boolean stopRequested() {
      return stopAfter > 0 && records.incrementAndGet() > stopAfter;
    }
  }

  private Path corpus() throws IOException {
    Path c = dir.resolve("nab");
    write(c.resolve("data/realA/one.csv"), series(500, 1));
    write(c.resolve("data/realA/two.csv"), series(380, 2));
    write(c.resolve("data/realB/three.csv"), series(450, 3));
    return c;
  }

  private static Detections.Options options(String engine, boolean resume, int every, int threads) {
    return new Detections.Options(engine, null, null, resume, every, threads);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    assertEquals(files(expected), files(actual));
    for (Path p : files(expected)) {
      if (p.toString().equals("manifest.json")) continue; // names the engine, which may differ
      assertArrayEquals(Files.readAllBytes(expected.resolve(p)), Files.readAllBytes(actual.resolve(p)), p.toString());
    }
  }

  @Test
  void aCorpusStoppedAtRandomRecordsResumesToTheSameBytes() throws Exception {
    Path model = write(dir.resolve("m.brain"), REGION);
    Analysis analysis = Compiler.check(model);
    Path corpus = corpus();
    Path reference = dir.resolve("ref");
    Detections.Result whole = Detections.detect(analysis, model, options("jvm", false, 100, 1),
        new Detections.Corpus(corpus, reference, "brainc", null), new Recorder(0));
    assertTrue(whole.ok());
    Random random = new Random(15);
    for (int trial = 0; trial < 4; trial++) {
      Path results = dir.resolve("r" + trial);
      long stop = 1 + random.nextInt(1329);
      int every = 20 + random.nextInt(200);
      int threads = 1 + random.nextInt(2);
      String where = "trial " + trial + ": stop after " + stop + " records, snapshots every " + every + ", " + threads + " threads";
      Detections.Corpus c = new Detections.Corpus(corpus, results, "brainc", null);
      Detections.Result stopped = Detections.detect(analysis, model, options("jvm", false, every, threads), c, new Recorder(stop));
      assertTrue(stopped.stopped(), where);
      assertFalse(Files.exists(results.resolve("brainc")), "nothing is published by a stopped run: " + where);
      assertTrue(Files.isDirectory(stopped.checkpoint().orElseThrow()), where);
      String engine = trial % 2 == 0 ? "interp" : "jvm";
      Recorder again = new Recorder(0);
      Detections.Result resumed = Detections.detect(analysis, model, options(engine, true, every, 3 - threads), c, again);
      assertTrue(resumed.ok(), where + ": " + again.problems);
      assertSameTree(reference.resolve("brainc"), results.resolve("brainc"));
      assertFalse(Files.exists(stopped.checkpoint().orElseThrow()), "the checkpoint goes once published: " + where);
    }
  }

  @Test
  void statementsStoppedMidwayResumeToTheSameBytes() throws Exception {
    Path a = write(dir.resolve("a.csv"), series(420, 7));
    Path b = write(dir.resolve("b.csv"), series(300, 8));
    String text = REGION + "detect anomalies with Small in csv \"" + a.toString().replace("\\", "/") + "\" to \""
        + dir.resolve("out/a.csv").toString().replace("\\", "/") + "\"\n"
        + "detect anomalies with Small in csv \"" + b.toString().replace("\\", "/") + "\" to \""
        + dir.resolve("out/b.csv").toString().replace("\\", "/") + "\"\n";
    Path model = write(dir.resolve("m.brain"), text);
    Analysis analysis = Compiler.check(model);
    assertTrue(Detections.detect(analysis, model, options("jvm", false, 50, 1), null, new Recorder(0)).ok());
    byte[] refA = Files.readAllBytes(dir.resolve("out/a.csv"));
    byte[] refB = Files.readAllBytes(dir.resolve("out/b.csv"));
    Files.delete(dir.resolve("out/a.csv"));
    Files.delete(dir.resolve("out/b.csv"));
    for (long stop : new long[] {37, 420, 533}) {
      Detections.Result stopped = Detections.detect(analysis, model, options("jvm", false, 50, 1), null, new Recorder(stop));
      assertTrue(stopped.stopped(), "stop after " + stop);
      Recorder again = new Recorder(0);
      assertTrue(Detections.detect(analysis, model, options("interp", true, 50, 1), null, again).ok(), again.problems.toString());
      assertArrayEquals(refA, Files.readAllBytes(dir.resolve("out/a.csv")), "stop after " + stop);
      assertArrayEquals(refB, Files.readAllBytes(dir.resolve("out/b.csv")), "stop after " + stop);
    }
  }

  @Test
  void aResumeWithoutACheckpointOrUnderOtherSettingsIsRefused() throws Exception {
    Path model = write(dir.resolve("m.brain"), REGION);
    Analysis analysis = Compiler.check(model);
    Path corpus = corpus();
    Detections.Corpus c = new Detections.Corpus(corpus, dir.resolve("r"), "brainc", null);
    Recorder none = new Recorder(0);
    assertFalse(Detections.detect(analysis, model, options("jvm", true, 100, 1), c, none).ok());
    assertTrue(none.problems.get(none.problems.size() - 1).contains("--resume: there is no checkpoint at"), none.problems.toString());

    assertTrue(Detections.detect(analysis, model, options("jvm", false, 100, 1), c, new Recorder(300)).stopped());
    Recorder seed = new Recorder(0);
    Detections.Result other = Detections.detect(analysis, model, new Detections.Options("jvm", 7L, null, true, 100, 1), c, seed);
    assertFalse(other.ok());
    String message = seed.problems.get(seed.problems.size() - 1);
    assertTrue(message.contains("cannot resume from") && message.contains("seed: the region's in the checkpoint, 7 now"), message);

    Files.writeString(corpus.resolve("data/realA/two.csv"), series(380, 99));
    Recorder data = new Recorder(0);
    assertFalse(Detections.detect(analysis, model, options("jvm", true, 100, 1), c, data).ok());
    assertTrue(data.problems.get(data.problems.size() - 1).contains("file 1: "), data.problems.toString());
  }
}
