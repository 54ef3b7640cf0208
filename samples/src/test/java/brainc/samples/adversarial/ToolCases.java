package brainc.samples.adversarial;

import static brainc.samples.adversarial.Adversarial.directory;
import static brainc.samples.adversarial.Adversarial.symlink;
import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile inputs of the tools around the models: {@code detect} (its CSV streams, its outputs
 * and its results folders), {@code score-nab} (results that do not belong to the corpus),
 * {@code compile} and {@code fmt} outputs, {@code verify} with the values networks really use,
 * and {@code check --json} on files that cannot be read. Tiny CSVs and corpora, made by each case.
 */
public final class ToolCases {
  /** A region small enough that a few records take milliseconds. */
  static final String REGION = """
      region R : htm {
        encode value with rdse(size = 100, sparsity = 0.05, resolution = auto)
        encode timestamp with date(time_of_day = 11, time_of_day_radius = 6)
        spatial_pooler { columns = 64, sparsity = 0.1 }
        temporal_memory { cells_per_column = 4, activation_threshold = 3, min_threshold = 2, max_new_synapses = 4 }
        anomaly raw
      }
      """;

  /** The region, then one detect statement from {@code in} to {@code out} (line 8). */
  static String detect(String in, String out) {
    return REGION + "detect anomalies with R in csv \"" + in + "\" to \"" + out + "\"\n";
  }

  /** {@code rows} hourly records from 2015-01-01 00:00. */
  static String series(int rows) {
    StringBuilder sb = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) sb.append(time(i)).append(',').append(10 + i % 5).append('\n');
    return sb.toString();
  }

  static String time(int row) {
    return String.format("2015-01-%02d %02d:00:00", 1 + row / 24, row % 24);
  }

  /** A case running the one detect statement of m.brain over in.csv (as $D paths) into out.csv. */
  static Case detectCase(Case.Kind kind, String name, String csv) {
    return Case.of(kind, name).file("in.csv", csv).setup(dir -> write(dir, "m.brain",
        detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
        .args("detect", "$D/m.brain");
  }

  // ---- a NAB corpus of one file of ten rows, with one window (rows 6 and 7) ----

  static final int ROWS = 10;

  static Consumer<Path> corpus(String prefix) {
    return dir -> {
      write(dir, prefix + "data/c/a.csv", series(ROWS));
      write(dir, prefix + "labels/combined_windows.json",
          "{\"c/a.csv\": [[\"" + time(6) + ".000000\", \"" + time(7) + ".000000\"]]}\n");
      write(dir, prefix + "config/profiles.json",
          "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0}}}\n");
    };
  }

  /** Results rows {@code timestamp,anomaly_score} for the given times (row numbers) and scores. */
  static String results(int[] rows, String... scores) {
    StringBuilder sb = new StringBuilder("timestamp,anomaly_score\n");
    for (int i = 0; i < rows.length; i++) sb.append(time(rows[i])).append(',').append(scores[i]).append('\n');
    return sb.toString();
  }

  static int[] rows(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) r[i] = from + i;
    return r;
  }

  static String[] scores(int n, String value) {
    String[] s = new String[n];
    java.util.Arrays.fill(s, value);
    return s;
  }

  static final String RESULTS = "res/brainc/c/brainc_a.csv";

  static Case scoreCase(Case.Kind kind, String name, String resultsText) {
    return Case.of(kind, name).setup(corpus("nab/")).file(RESULTS, resultsText)
        .args("score-nab", "$D/res", "--data", "$D/nab");
  }

  // ---- synapse models for verify ----

  /** Bounded by its lower limit `lo`, which has no declared range: verify keeps its default. */
  static final String FLOOR = """
      use brain.neurons.LIF

      synapse Floor {
        param lo = 0.0
        param A = 0.1 in 0.01 .. 0.2
        var w = 0.5
        trace x decays 10 ms on post += 1
        on pre {
          deliver w
          w = clip(w - A * x, lo, 1)
        }
        property bounded: always 0 <= w <= 1
      }

      network N {
        population a = LIF[1]
        population b = LIF[1]
        connect a -> b weight 1 mV all via Floor%s
      }
      """;

  static final String MODEL = "network N {}\n";

  static void write(Path dir, String relative, String text) {
    try {
      Path p = dir.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A named pipe: reading it would block until someone writes. */
  static Consumer<Path> fifo(String relative) {
    return dir -> {
      try {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (mk.waitFor() != 0) throw new IllegalStateException("mkfifo " + p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }

  static Consumer<Path> mode(String relative, String perms) {
    return dir -> {
      try {
        Files.setPosixFilePermissions(dir.resolve(relative), PosixFilePermissions.fromString(perms));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  static Consumer<Outcome> hasMode(String relative, String perms) {
    return o -> {
      try {
        assertEquals(perms, PosixFilePermissions.toString(Files.getPosixFilePermissions(o.path(relative))), relative);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  static Consumer<Outcome> isLink(String relative) {
    return o -> assertTrue(Files.isSymbolicLink(o.path(relative)), relative + " is no longer a link\n" + o);
  }

  static Consumer<Outcome> stdoutLacks(String fragment) {
    return o -> assertFalse(o.out.contains(fragment), "stdout has `" + fragment + "`\n" + o);
  }

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.addAll(csvCases());
    all.addAll(detectFileCases());
    all.addAll(scoreNabCases());
    all.addAll(compileAndFmtCases());
    all.addAll(verifyAndCheckCases());
    return all;
  }

  // ------------------------------------------------------------------------------------------
  // detect: the CSV stream
  // ------------------------------------------------------------------------------------------

  static List<Case> csvCases() {
    String head = "timestamp,value\n";
    return List.of(
        detectCase(CONTRACTS, "detect-rows-out-of-time-order",
            head + time(0) + ",1\n" + time(2) + ",2\n" + time(1) + ",3\n").error("E0804", 4, 1).absent("out.csv"),
        detectCase(CONTRACTS, "detect-duplicate-timestamp", head + time(0) + ",1\n" + time(0) + ",2\n")
            .error("E0804", 3, 1).stderrHas("repeats the one on line 2").absent("out.csv"),
        detectCase(CONTRACTS, "detect-duplicate-after-blank-lines-names-the-real-line",
            head + time(0) + ",1\n\n\n" + time(0) + ",2\n").error("E0804", 5, 1).stderrHas("line 2"),
        detectCase(CONTRACTS, "detect-same-instant-other-spelling",
            head + "2015-01-01 00:00:00,1\n2015-01-01T00:00:00,2\n").error("E0804", 3, 1),
        detectCase(CONTRACTS, "detect-nan-value", head + time(0) + ",1\n" + time(1) + ",NaN\n")
            .error("E0803", 3, 21).stderrHas("is NaN").absent("out.csv"),
        detectCase(CONTRACTS, "detect-infinite-value", head + time(0) + ",1e999\n")
            .error("E0803", 2, 21).stderrHas("infinite"),
        detectCase(CONTRACTS, "detect-minus-infinity", head + time(0) + ",-Infinity\n")
            .error("E0803", 2, 21).stderrHas("infinite"),
        detectCase(CONTRACTS, "detect-empty-value", head + time(0) + ",1\n" + time(1) + ",\n")
            .error("E0803", 3, 21).stderrHas("is empty"),
        detectCase(CONTRACTS, "detect-non-numeric-value", head + time(0) + ",12 kW\n")
            .error("E0803", 2, 21).stderrHas("`12 kW` is not a number"),
        detectCase(CONTRACTS, "detect-bad-timestamp", head + "yesterday,1\n")
            .error("E0803", 2, 1).stderrHas("not a date-time"),
        detectCase(CONTRACTS, "detect-impossible-date", head + "2015-02-30 00:00:00,1\n")
            .error("E0803", 2, 1),
        detectCase(CONTRACTS, "detect-reset-not-zero-or-one", "timestamp,value,reset\n" + time(0) + ",1,2\n")
            .error("E0803", 2, 23).stderrHas("field `reset`"),
        detectCase(CONTRACTS, "detect-bad-row-far-down-is-found-before-scoring",
            series(40) + time(40) + ",oops\n").error("E0803", 42, 21).absent("out.csv"),
        Case.of(CONTRACTS, "detect-epoch-timestamps-out-of-order").file("in.csv", "timestamp,value\n100,1\n200,2\n150,3\n")
            .setup(dir -> write(dir, "m.brain", REGION.replace("  encode timestamp with date(time_of_day = 11, "
                + "time_of_day_radius = 6)\n", "") + "detect anomalies with R in csv \"" + dir.resolve("in.csv")
                + "\" to \"" + dir.resolve("out.csv") + "\"\n"))
            .args("detect", "$D/m.brain").error("E0804", 4, 1).absent("out.csv"),
        Case.of(CONTRACTS, "detect-label-timestamps-are-not-ordered").file("in.csv", "timestamp,value\nb,1\na,2\n")
            .setup(dir -> write(dir, "m.brain", REGION.replace("  encode timestamp with date(time_of_day = 11, "
                + "time_of_day_radius = 6)\n", "") + "detect anomalies with R in csv \"" + dir.resolve("in.csv")
                + "\" to \"" + dir.resolve("out.csv") + "\"\n"))
            .args("detect", "$D/m.brain").exit(0).output("out.csv").exists("out.csv"),
        detectCase(MESSAGES, "detect-values-too-wide-for-auto-resolution",
            head + time(0) + ",-1e308\n" + time(1) + ",1e308\n").error("E0803", 1, 1).stderrHas("too wide"),
        detectCase(SILENT, "detect-a-results-file-as-input", "timestamp,value,anomaly_score\n" + time(0) + ",1,0.5\n")
            .error("E0803", 1, 17).stderrHas("already has a column `anomaly_score`").absent("out.csv"),
        detectCase(MESSAGES, "detect-empty-csv", "").error("E0803", 1, 1).stderrHas("the file is empty"),
        detectCase(MESSAGES, "detect-header-only", head).error("E0803", 2, 1).stderrHas("no records"),
        detectCase(MESSAGES, "detect-blank-header", "\n" + time(0) + ",1\n").error("E0803", 1, 1),
        detectCase(MESSAGES, "detect-missing-encoded-column", "timestamp,reading\n" + time(0) + ",1\n")
            .error("E0803", 1, 1).stderrHas("`value`"),
        detectCase(MESSAGES, "detect-ragged-row", head + time(0) + ",1,2\n")
            .error("E0803", 2, 1).stderrHas("expected 2 fields"),
        detectCase(MESSAGES, "detect-duplicate-header-name", "timestamp,value,value\n" + time(0) + ",1,2\n")
            .error("E0803", 1, 17).stderrHas("twice"),
        detectCase(MESSAGES, "detect-empty-header-name", "timestamp,,value\n" + time(0) + ",1,2\n")
            .error("E0803", 1, 11).stderrHas("has no name"),
        Case.of(MESSAGES, "detect-non-utf8-csv").bytes("in.csv", ("timestamp,value\n" + time(0) + ",caf\u0000")
                .replace('\u0000', '?').getBytes()).setup(dir -> {
                  try {
                    byte[] b = Files.readAllBytes(dir.resolve("in.csv"));
                    b[b.length - 1] = (byte) 0xE9;
                    Files.write(dir.resolve("in.csv"), b);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString()));
                })
            .args("detect", "$D/m.brain").error("E0803", 2, 24).stderrHas("not UTF-8").stderrLacks("Input length"),
        detectCase(MESSAGES, "detect-very-long-line",
            head + time(0) + ",1" + "0".repeat((1 << 20) + 10) + "\n").error("E0803", 2, 1).stderrHas("at most"),
        detectCase(CONTRACTS, "detect-bom-is-read", "\uFEFF" + series(3)).exit(0).output("out.csv").exists("out.csv"),
        detectCase(CONTRACTS, "detect-crlf-is-read", series(3).replace("\n", "\r\n")).exit(0).output("out.csv")
            .then(o -> assertEquals(4, o.text("out.csv").lines().count(), o.toString())),
        detectCase(CONTRACTS, "detect-cr-only-is-read", series(3).replace("\n", "\r")).exit(0).output("out.csv")
            .then(o -> assertEquals(4, o.text("out.csv").lines().count(), o.toString())),
        Case.of(CRASHES, "detect-csv-is-a-folder").setup(directory("in.csv"))
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).stderrHas("is a folder"),
        Case.of(CRASHES, "detect-csv-missing")
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("no.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).stderrHas("no such file"),
        Case.of(CRASHES, "detect-csv-is-a-fifo").setup(fifo("in.csv"))
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).stderrHas("not a regular file"),
        Case.of(CRASHES, "fmt-a-fifo").setup(fifo("m.brain")).args("fmt", "$D/m.brain").exit(1)
            .stderrHas("not a regular file"),
        Case.of(CRASHES, "check-dev-null").args("check", "/dev/null").exit(1).stderrHas("not a regular file"),
        Case.of(CRASHES, "detect-model-is-a-folder").setup(directory("m.brain"))
            .args("detect", "$D/m.brain").exit(1).stderrHas("is a directory"));
  }

  // ------------------------------------------------------------------------------------------
  // detect: outputs and results folders
  // ------------------------------------------------------------------------------------------

  static List<Case> detectFileCases() {
    String csv = series(5);
    return List.of(
        Case.of(FILES, "detect-output-is-its-input").file("in.csv", csv)
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("in.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).stderrHas("is the input"),
        Case.of(FILES, "detect-output-is-its-input-spelled-otherwise").file("in.csv", csv)
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir + "/./sub/../in.csv")))
            .setup(directory("sub"))
            .args("detect", "$D/m.brain").error("E0803", 8, 1),
        Case.of(FILES, "detect-output-is-a-link-to-its-input").file("in.csv", csv).setup(symlink("out.csv", "in.csv"))
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).then(isLink("out.csv")),
        Case.of(FILES, "detect-output-is-the-model").file("in.csv", csv)
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("m.brain").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1)
            .then(o -> assertTrue(o.text("m.brain").startsWith("region R"), "the model was overwritten")),
        Case.of(FILES, "detect-output-is-a-folder").file("in.csv", csv).file("out.csv/keep.txt", "mine")
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).stderrHas("is a folder"),
        Case.of(FILES, "detect-output-folder-is-a-file").file("in.csv", csv).file("notdir", "mine")
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("notdir/out.csv").toString())))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).stderrHas("is a file, not a folder"),
        Case.of(FILES, "detect-two-statements-one-output").file("in.csv", csv).file("in2.csv", csv)
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())
                + "detect anomalies with R in csv \"" + dir.resolve("in2.csv") + "\" to \"" + dir.resolve("out.csv") + "\"\n"))
            .args("detect", "$D/m.brain").error("E0803", 9, 1).stderrHas("also the output").absent("out.csv"),
        Case.of(FILES, "detect-one-statement-writes-anothers-input").file("in.csv", csv).file("in2.csv", csv)
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("in2.csv").toString())
                + "detect anomalies with R in csv \"" + dir.resolve("in2.csv") + "\" to \"" + dir.resolve("out.csv") + "\"\n"))
            .args("detect", "$D/m.brain").error("E0803", 8, 1).absent("out.csv"),
        Case.of(FILES, "detect-second-csv-bad-first-output-not-written").file("in.csv", csv).file("in2.csv", "timestamp,value\n")
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())
                + "detect anomalies with R in csv \"" + dir.resolve("in2.csv") + "\" to \"" + dir.resolve("out2.csv") + "\"\n"))
            .args("detect", "$D/m.brain").error("E0803", 2, 1).absent("out.csv").absent("out2.csv"),
        Case.of(FILES, "detect-existing-output-keeps-its-mode").file("in.csv", csv).file("out.csv", "old\n")
            .setup(mode("out.csv", "rw-r-----")).output("out.csv")
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").exit(0).then(hasMode("out.csv", "rw-r-----"))
            .then(o -> assertTrue(o.text("out.csv").startsWith("timestamp,value,anomaly_score"), o.toString())),
        Case.of(FILES, "detect-output-through-a-link-stays-a-link").file("in.csv", csv).file("real/out.csv", "old\n")
            .output("real/out.csv").setup(symlink("out.csv", "real/out.csv"))
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").exit(0).then(isLink("out.csv"))
            .then(o -> assertTrue(o.text("real/out.csv").startsWith("timestamp,value,anomaly_score"), o.toString())),
        Case.of(FILES, "detect-results-into-a-foreign-folder").file("m.brain", REGION).setup(corpus("nab/"))
            .file("res/brainc/notes.txt", "mine")
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1).stderrHas("did not write"),
        Case.of(FILES, "detect-results-is-a-file").file("m.brain", REGION).setup(corpus("nab/")).file("res", "mine")
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1),
        Case.of(FILES, "detect-results-is-the-corpus").file("m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/nab").exit(1).stderrHas("holds the input")
            .absent("nab/brainc"),
        Case.of(FILES, "detect-results-inside-the-corpus-data").file("m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/nab/data/x").exit(1)
            .stderrHas("inside the corpus's data folder").absent("nab/data/x"),
        Case.of(FILES, "detect-results-holding-the-model").file("res/m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/res/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1).stderrHas("holds the input"),
        Case.of(FILES, "detect-failing-corpus-publishes-nothing").file("m.brain", REGION).setup(corpus("nab/"))
            .setup(dir -> write(dir, "nab/data/c/b.csv", "timestamp,value\n" + time(0) + ",x\n"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").error("E0803", 2, 21)
            .absent("res/brainc"),
        Case.of(FILES, "detect-results-folder-has-a-manifest").file("m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(0)
            .exists("res/brainc/manifest.json").exists("res/brainc/c/brainc_a.csv")
            .then(o -> assertEquals(ROWS + 1, o.text("res/brainc/c/brainc_a.csv").lines().count())),
        Case.of(FILES, "detect-rerun-replaces-its-own-results-whole").file("m.brain", REGION).setup(corpus("nab/"))
            .file("res/brainc/manifest.json", "{\"brainc\": \"results\"}\n").file("res/brainc/old/brainc_stale.csv", "x\n")
            .output("res/brainc/manifest.json").output("res/brainc/old/brainc_stale.csv")
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(0)
            .absent("res/brainc/old/brainc_stale.csv").exists("res/brainc/c/brainc_a.csv"),
        Case.of(CONTRACTS, "detect-corpus-file-out-of-order-is-noted").file("m.brain", REGION).setup(corpus("nab/"))
            .setup(dir -> write(dir, "nab/data/c/a.csv", series(4) + time(3) + ",1\n"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(0).stderrHas("6:1: note:")
            .stderrHas("scored in file order"),
        Case.of(SILENT, "detect-corpus-file-outside-a-category-is-named").file("m.brain", REGION).setup(corpus("nab/"))
            .setup(dir -> write(dir, "nab/data/loose.csv", series(3)))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(0)
            .stderrHas("loose.csv is not in a category folder").absent("res/brainc/brainc_loose.csv"),
        Case.of(FILES, "detect-corpus-killed-leaves-no-partial-results").file("m.brain", REGION).setup(corpus("nab/"))
            .setup(dir -> {
              for (int k = 0; k < 20; k++) write(dir, "nab/data/c/f" + k + ".csv", series(200));
            })
            .args("detect", "m.brain", "--corpus", "nab", "--results", "res").killAfter(java.time.Duration.ofMillis(1500))
            .then(o -> assertTrue(!Files.exists(o.path("res/brainc")) || Files.exists(o.path("res/brainc/manifest.json")),
                "a results folder without its manifest\n" + o)),
        Case.of(CRASHES, "detect-corpus-csv-named-folder").file("m.brain", REGION).setup(directory("nab/data/c/a.csv"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1).stderrHas("no <category>/*.csv"),
        Case.of(CONTRACTS, "detect-detector-with-underscore").file("m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--detector", "my_det").usage("--detector my_det"),
        Case.of(CONTRACTS, "detect-detector-with-slash").file("m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--detector", "a/b").usage("--detector a/b"),
        Case.of(CONTRACTS, "detect-detector-dot-dot").file("m.brain", REGION).setup(corpus("nab/"))
            .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--detector", "..").usage("--detector .."),
        Case.of(CONTRACTS, "detect-max-records-zero").file("m.brain", REGION)
            .args("detect", "$D/m.brain", "--max-records", "0").usage("--max-records"),
        Case.of(CONTRACTS, "detect-negative-seed").file("m.brain", REGION)
            .args("detect", "$D/m.brain", "--seed", "-1").usage("--seed"),
        Case.of(CONTRACTS, "detect-unknown-backend").file("m.brain", REGION)
            .args("detect", "$D/m.brain", "--backend", "gpu").usage("jvm, interp"),
        Case.of(CONTRACTS, "detect-results-without-corpus").file("m.brain", REGION)
            .args("detect", "$D/m.brain", "--results", "$D/res").usage("--results needs --corpus").absent("res"),
        Case.of(CONTRACTS, "detect-region-without-corpus").file("m.brain", REGION)
            .args("detect", "$D/m.brain", "--region", "R").usage("--region needs --corpus"),
        Case.of(CONTRACTS, "detect-detector-without-corpus").file("m.brain", REGION)
            .args("detect", "$D/m.brain", "--detector", "mine").usage("--detector needs --corpus"));
  }

  // ------------------------------------------------------------------------------------------
  // score-nab
  // ------------------------------------------------------------------------------------------

  static List<Case> scoreNabCases() {
    int[] all = rows(0, ROWS);
    int[] reversed = new int[ROWS];
    for (int i = 0; i < ROWS; i++) reversed[i] = ROWS - 1 - i;
    return List.of(
        scoreCase(SILENT, "score-nab-reversed-results", results(reversed, scores(ROWS, "0.5")))
            .error("E0805", 2, 1).stderrHas("row 1 has timestamp " + time(9)),
        scoreCase(SILENT, "score-nab-results-shifted-by-one-row", results(rows(1, ROWS + 1), scores(ROWS, "0.5")))
            .error("E0805", 2, 1),
        scoreCase(SILENT, "score-nab-one-row-swapped-far-down",
            results(new int[] {0, 1, 2, 3, 4, 5, 6, 8, 7, 9}, scores(ROWS, "0.1"))).error("E0805", 9, 1),
        scoreCase(SILENT, "score-nab-too-few-rows", results(rows(0, ROWS - 1), scores(ROWS - 1, "0.5")))
            .error("E0805", ROWS + 1, 1).stderrHas("ends after 9 rows"),
        scoreCase(SILENT, "score-nab-too-many-rows", results(rows(0, ROWS + 1), scores(ROWS + 1, "0.5")))
            .error("E0805", ROWS + 2, 1).stderrHas("more rows"),
        scoreCase(SILENT, "score-nab-results-of-another-year",
            results(all, scores(ROWS, "0.5")).replace("2015-", "2016-")).error("E0805", 2, 1),
        scoreCase(CONTRACTS, "score-nab-score-above-one", results(all, "0", "0", "0", "1.5", "0", "0", "0", "0", "0", "0"))
            .error("E0805", 5, 21).stderrHas("outside [0, 1]"),
        scoreCase(CONTRACTS, "score-nab-negative-score", results(all, "-0.1", "0", "0", "0", "0", "0", "0", "0", "0", "0"))
            .error("E0805", 2, 21),
        scoreCase(CONTRACTS, "score-nab-nan-score", results(all, "0", "NaN", "0", "0", "0", "0", "0", "0", "0", "0"))
            .error("E0805", 3, 21),
        scoreCase(CONTRACTS, "score-nab-infinite-score", results(all, "0", "Infinity", "0", "0", "0", "0", "0", "0", "0", "0"))
            .error("E0805", 3, 21),
        scoreCase(CONTRACTS, "score-nab-word-for-a-score", results(all, "0", "high", "0", "0", "0", "0", "0", "0", "0", "0"))
            .error("E0805", 3, 21).stderrHas("not a number"),
        scoreCase(SILENT, "score-nab-two-score-columns", results(all, scores(ROWS, "0.5"))
            .replace("anomaly_score\n", "anomaly_score,anomaly_score\n").replace(",0.5\n", ",0.5,0.9\n"))
            .exit(1).stderrHas("names 'anomaly_score' twice"),
        scoreCase(CONTRACTS, "score-nab-aligned-results-score", results(all, scores(ROWS, "0.5"))).exit(0)
            .stdoutHas("standard"),
        scoreCase(CONTRACTS, "score-nab-nab-fractional-timestamps-match",
            results(all, scores(ROWS, "0.5")).replace(":00,", ":00.000000,")).exit(0),
        scoreCase(CONTRACTS, "score-nab-threshold-nan", results(all, scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab", "--threshold", "standard=NaN").usage("--threshold standard=NaN"),
        scoreCase(CONTRACTS, "score-nab-detector-with-underscore", results(all, scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab", "--detector", "my_det").usage("--detector my_det"),
        scoreCase(SILENT, "score-nab-json-is-json", results(all, scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab", "--json", "--files").exit(0).then(stdoutLacks("NaN"))
            .then(o -> {
              try {
                assertTrue(Json.parse(o.out) instanceof Map<?, ?>, o.out);
              } catch (Json.SyntaxException e) {
                throw new AssertionError("not JSON: " + e.getMessage() + "\n" + o, e);
              }
            }),
        Case.of(SILENT, "score-nab-without-windows-is-refused-not-nan").setup(corpus("nab/"))
            .setup(dir -> write(dir, "nab/labels/combined_windows.json", "{\"c/a.csv\": []}\n"))
            .file(RESULTS, results(all, scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab", "--json").exit(1).stderrHas("no labelled windows")
            .then(stdoutLacks("NaN")),
        Case.of(MESSAGES, "score-nab-non-utf8-results").setup(corpus("nab/"))
            .bytes(RESULTS, new byte[] {'t', 'i', 'm', 'e', (byte) 0xFF, '\n'})
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("not UTF-8 text").stderrLacks("Input length"),
        Case.of(MESSAGES, "score-nab-non-utf8-corpus-file").setup(corpus("nab/"))
            .setup(dir -> {
              try {
                Files.write(dir.resolve("nab/data/c/a.csv"), new byte[] {'t', 'i', 'm', 'e', (byte) 0xFF, '\n'});
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
            .file(RESULTS, results(all, scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("not UTF-8 text").stderrLacks("Input length"),
        Case.of(CRASHES, "score-nab-results-dir-is-a-file").setup(corpus("nab/")).file("res", "x")
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("results directory not found"),
        Case.of(CRASHES, "score-nab-missing-corpus").file(RESULTS, "timestamp,anomaly_score\n")
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("corpus directory not found"),
        Case.of(CRASHES, "score-nab-labels-not-json").setup(corpus("nab/"))
            .setup(dir -> write(dir, "nab/labels/combined_windows.json", "{oops"))
            .file(RESULTS, results(all, scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("combined_windows.json"),
        Case.of(CRASHES, "score-nab-labels-is-a-fifo").setup(corpus("nab/")).setup(dir -> {
              try {
                Files.delete(dir.resolve("nab/labels/combined_windows.json"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }).setup(fifo("nab/labels/combined_windows.json"))
            .file(RESULTS, results(rows(0, ROWS), scores(ROWS, "0.5")))
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("not a regular file"),
        Case.of(CRASHES, "score-nab-results-file-is-a-fifo").setup(corpus("nab/")).setup(fifo(RESULTS))
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("not a regular file"),
        Case.of(FILES, "detect-output-dangling-link-creates-its-target").file("in.csv", series(5)).setup(symlink("out.csv", "real.csv"))
            .output("real.csv")
            .setup(dir -> write(dir, "m.brain", detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
            .args("detect", "$D/m.brain").exit(0).then(isLink("out.csv")).exists("real.csv"),
        Case.of(FILES, "compile-o-link-into-a-missing-folder").file("m.brain", MODEL).setup(symlink("ir.txt", "gone/ir.txt"))
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/ir.txt").exit(1).stderrHas("no such folder")
            .then(isLink("ir.txt")),
        Case.of(CRASHES, "compile-o-link-loop").file("m.brain", MODEL).setup(symlink("a.txt", "b.txt"))
            .setup(symlink("b.txt", "a.txt"))
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/a.txt").exit(1).stderrHas("symbolic links"),
        Case.of(CRASHES, "score-nab-results-file-is-a-folder").setup(corpus("nab/")).setup(directory(RESULTS))
            .args("score-nab", "$D/res", "--data", "$D/nab").exit(1).stderrHas("brainc_a.csv"));
  }

  // ------------------------------------------------------------------------------------------
  // compile and fmt outputs
  // ------------------------------------------------------------------------------------------

  static List<Case> compileAndFmtCases() {
    String unformatted = "network   N {}\n";
    return List.of(
        Case.of(FILES, "compile-emit-ir-over-its-source").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/m.brain").exit(1).stderrHas("is the input"),
        Case.of(FILES, "compile-emit-ir-over-a-link-to-its-source").file("m.brain", MODEL).setup(symlink("ir.txt", "m.brain"))
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/ir.txt").exit(1).stderrHas("is the input")
            .then(isLink("ir.txt")),
        Case.of(FILES, "compile-emit-ir-over-an-imported-file").file("m.brain", "use lib\n" + MODEL)
            .file("lib.brain", "package lib\n\nneuron Cell {\n  state v = 0 mV\n  v' = -v / 10 ms\n  spike when v > 1 mV\n}\n")
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/lib.brain").exit(1).stderrHas("is the input"),
        Case.of(FILES, "compile-emit-ir-into-a-folder").file("m.brain", MODEL).setup(directory("out"))
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/out").exit(1).stderrHas("is a folder"),
        Case.of(MESSAGES, "compile-emit-ir-into-a-missing-folder").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/nope/ir.txt").exit(1).stderrHas("no such folder")
            .then(o -> assertFalse(o.err.contains("ir.txt: " + o.dir), "the reason repeats the path\n" + o)).absent("nope"),
        Case.of(MESSAGES, "compile-emit-ir-under-a-file").file("m.brain", MODEL).file("f", "x")
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/f/ir.txt").exit(1).stderrHas("is a file, not a folder"),
        Case.of(FILES, "compile-emit-ir-keeps-the-mode").file("m.brain", MODEL).file("ir.txt", "old")
            .setup(mode("ir.txt", "rw-------")).output("ir.txt")
            .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/ir.txt").exit(0).then(hasMode("ir.txt", "rw-------"))
            .then(o -> assertTrue(o.text("ir.txt").contains("network"), o.toString())),
        Case.of(FILES, "compile-target-java-into-a-foreign-folder").file("m.brain", MODEL).file("gen/notes.txt", "mine")
            .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/gen").exit(1).stderrHas("did not write"),
        Case.of(FILES, "compile-target-java-into-the-models-folder").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--target", "java", "-o", "$D").exit(1).stderrHas("holds the input"),
        Case.of(FILES, "compile-target-jvm-over-the-model").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--target", "jvm", "-o", "$D/m.brain").exit(1).stderrHas("is the input"),
        Case.of(FILES, "compile-target-java-publishes-a-manifest").file("m.brain", "use brain.synapses.STDP\n" + MODEL)
            .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/gen").exit(0).exists("gen/manifest.json"),
        Case.of(FILES, "compile-target-jvm-rerun-replaces-stale-files").file("m.brain", MODEL)
            .file("gen/manifest.json", "{\"brainc\": \"results\"}\n").file("gen/Old.class", "stale")
            .output("gen/manifest.json").output("gen/Old.class")
            .args("compile", "$D/m.brain", "--target", "jvm", "-o", "$D/gen").exit(0).absent("gen/Old.class")
            .exists("gen/manifest.json"),
        Case.of(CONTRACTS, "compile-o-with-explain-only").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--explain", "-o", "$D/x.txt").usage("-o").absent("x.txt"),
        Case.of(CONTRACTS, "compile-target-with-emit-ir").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--target", "java", "--emit-ir", "-o", "$D/gen").usage("--target java").absent("gen"),
        Case.of(CONTRACTS, "fmt-write-and-check").file("m.brain", unformatted)
            .args("fmt", "--write", "--check", "$D/m.brain").usage("--write and --check"),
        Case.of(CONTRACTS, "compile-unknown-target").file("m.brain", MODEL)
            .args("compile", "$D/m.brain", "--target", "loihi", "-o", "$D/gen").usage("available: java, cuda, nir, jvm").absent("gen"),
        Case.of(FILES, "fmt-write-through-a-link").file("real/m.brain", unformatted).output("real/m.brain")
            .setup(mode("real/m.brain", "rw-r-----")).setup(symlink("m.brain", "real/m.brain"))
            .args("fmt", "--write", "$D/m.brain").exit(0).then(isLink("m.brain")).then(hasMode("real/m.brain", "rw-r-----"))
            .then(o -> assertEquals("network N { }\n", o.text("real/m.brain"), o.toString())),
        Case.of(FILES, "fmt-write-keeps-the-mode").file("m.brain", unformatted).output("m.brain")
            .setup(mode("m.brain", "rwxr-x---"))
            .args("fmt", "--write", "$D/m.brain").exit(0).then(hasMode("m.brain", "rwxr-x---")),
        Case.of(FILES, "fmt-write-through-a-chain-of-links").file("real/m.brain", unformatted).output("real/m.brain")
            .setup(symlink("l1.brain", "real/m.brain")).setup(symlink("l2.brain", "l1.brain"))
            .args("fmt", "--write", "$D/l2.brain").exit(0).then(isLink("l1.brain")).then(isLink("l2.brain"))
            .then(o -> assertEquals("network N { }\n", o.text("real/m.brain"), o.toString())),
        Case.of(FILES, "fmt-write-leaves-no-temporary-files").file("m.brain", unformatted).output("m.brain")
            .args("fmt", "--write", "$D/m.brain").exit(0).then(o -> {
              try (Stream<Path> s = Files.list(o.dir)) {
                assertEquals(List.of("m.brain"), s.map(p -> p.getFileName().toString()).toList(), o.toString());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }),
        Case.of(FILES, "fmt-check-writes-nothing").file("m.brain", unformatted)
            .args("fmt", "--check", "$D/m.brain").exit(1).stdoutHas("not formatted").stderrHas("fmt --write"),
        Case.of(CRASHES, "fmt-write-a-dangling-link").setup(symlink("m.brain", "gone.brain"))
            .args("fmt", "--write", "$D/m.brain").exit(1).stderrHas("no such file").absent("gone.brain")
            .then(o -> assertTrue(Files.isSymbolicLink(o.path("m.brain")) && !Files.exists(o.path("m.brain"))
                && Files.exists(o.path("m.brain"), LinkOption.NOFOLLOW_LINKS))));
  }

  // ------------------------------------------------------------------------------------------
  // verify and check
  // ------------------------------------------------------------------------------------------

  static List<Case> verifyAndCheckCases() {
    return List.of(
        Case.of(CONTRACTS, "verify-a-networks-override-breaks-an-invariant").file("m.brain", FLOOR.formatted(" { lo = -1 }"))
            .args("verify", "$D/m.brain", "--tries", "50").exit(1)
            .stdoutHas("Floor.bounded ... passed")
            .stdoutHas("Floor.bounded in N: a -> b { lo = -1 } ... failed")
            .stdoutHas("`0 <= w` fails"),
        Case.of(CONTRACTS, "verify-a-harmless-override-passes").file("m.brain", FLOOR.formatted(" { lo = 0.1, A = 0.05 }"))
            .args("verify", "$D/m.brain", "--tries", "50").exit(0)
            .stdoutHas("Floor.bounded in N: a -> b { lo = 0.1, A = 0.05 } ... passed"),
        Case.of(CONTRACTS, "verify-an-overridden-initial-var").file("m.brain", FLOOR.formatted(" { w = 1.5 }"))
            .args("verify", "$D/m.brain", "--tries", "20").exit(1)
            .stdoutHas("Floor.bounded in N: a -> b { w = 1.5 } ... failed"),
        Case.of(CONTRACTS, "verify-tries-zero").file("m.brain", FLOOR.formatted(""))
            .args("verify", "$D/m.brain", "--tries", "0").usage("--tries"),
        Case.of(CONTRACTS, "verify-tries-beyond-any-use").file("m.brain", FLOOR.formatted(""))
            .args("verify", "$D/m.brain", "--tries", "2000000000").usage("between 1 and 1000000"),
        Case.of(CRASHES, "verify-package-not-a-java-name").file("m.brain", FLOOR.formatted(""))
            .args("verify", "$D/m.brain", "--tries", "5", "--package", "1bad").usage("--package 1bad"),
        Case.of(CRASHES, "verify-package-a-keyword").file("m.brain", FLOOR.formatted(""))
            .args("verify", "$D/m.brain", "--tries", "5", "--package", "my.class").usage("not a Java package name"),
        Case.of(FILES, "verify-emit-java-into-a-foreign-folder").file("m.brain", FLOOR.formatted("")).file("gen/notes.txt", "mine")
            .args("verify", "$D/m.brain", "--tries", "5", "--emit-java", "$D/gen").exit(1).stderrHas("did not write"),
        Case.of(FILES, "verify-emit-java-over-the-model").file("m.brain", FLOOR.formatted(""))
            .args("verify", "$D/m.brain", "--tries", "5", "--emit-java", "$D/m.brain").exit(1),
        Case.of(MESSAGES, "check-json-missing-file").args("check", "--json", "$D/none.brain").exit(1)
            .stdoutHas("\"code\": \"E0806\"").stdoutHas("none.brain").stderrHas("no such file")
            .then(o -> assertFalse(o.out.strip().equals("[]"), o.toString())),
        Case.of(MESSAGES, "check-json-folder").setup(directory("d.brain")).args("check", "--json", "$D/d.brain").exit(1)
            .stdoutHas("\"code\": \"E0806\"").stdoutHas("is a directory"),
        Case.of(MESSAGES, "check-json-missing-beside-good").file("ok.brain", MODEL)
            .args("check", "--json", "$D/ok.brain", "$D/none.brain").exit(1).stdoutHas("E0806"),
        Case.of(MESSAGES, "check-missing-file-human").args("check", "$D/none.brain").exit(1)
            .stderrHas("cannot read").stderrHas("no such file").stderrLacks("E0806"),
        Case.of(MESSAGES, "check-json-non-utf8").bytes("bad.brain", new byte[] {'n', (byte) 0xC0, '\n'})
            .args("check", "--json", "$D/bad.brain").exit(1).stdoutHas("E0806").stdoutHas("UTF-8"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
