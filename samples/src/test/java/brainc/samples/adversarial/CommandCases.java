package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;
import static brainc.samples.adversarial.ToolCases.RESULTS;
import static brainc.samples.adversarial.ToolCases.ROWS;
import static brainc.samples.adversarial.ToolCases.corpus;
import static brainc.samples.adversarial.ToolCases.results;
import static brainc.samples.adversarial.ToolCases.rows;
import static brainc.samples.adversarial.ToolCases.scores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The executing verbs ({@code run}, {@code train}, {@code detect}, {@code score-nab}) against
 * each other and against hostile configuration: one verb's results folder named as another's
 * output, a folder whose {@code manifest.json} is another program's, NAB profiles whose weights
 * make the scores meaningless, flags given twice with different values.
 */
public final class CommandCases {
  /** Five self-driven LIF neurons, two monitors, a 1 ms run (10 steps). */
  static final String RUN = """
      use brain.neurons.LIF
      network N {
        population p = LIF[5] { v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 2 ms }
        monitor v of p
        monitor spikes of p
      }
      run N for 1 ms dt 0.1 ms seed 3
      """;

  /** The environment training of TrainCases: two episodes of 15 steps. */
  static final String TRAIN = TrainCases.ENVIRONMENT.replace("EXTRA", "");

  /** The manifest a results folder of {@code command} holds. */
  static String manifest(String command) {
    return "{\n  \"brainc\": \"results\",\n  \"command\": \"" + command + "\",\n  \"model\": \"x.brain\",\n  \"files\": []\n}\n";
  }

  /** A results folder {@code dir} of {@code command} with one precious file. */
  static Case withResultsOf(Case c, String dir, String command, String file) {
    return c.file(dir + "/manifest.json", manifest(command)).file(dir + "/" + file, "precious");
  }

  /** A folder of another program that happens to hold a manifest.json (a browser extension). */
  static Case withForeignManifest(Case c, String dir) {
    return c.file(dir + "/manifest.json", "{\"manifest_version\": 3, \"name\": \"my extension\"}\n")
        .file(dir + "/background.js", "precious");
  }

  private CommandCases() {}

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    otherVerbsResults(c);
    unwritable(c);
    emptyPaths(c);
    sampling(c);
    scoreNab(c);
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  // ---- one verb's results are not another's to replace ----

  private static void otherVerbsResults(List<Case> c) {
    c.add(withResultsOf(Case.of(FILES, "run-out-over-trained-weights"), "o", "train", "final/w.npy").file("m.brain", RUN)
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("holds the results of `brainc train`")
        .absent("o/v_p.npy"));
    c.add(withResultsOf(Case.of(FILES, "run-out-over-detect-results"), "o", "detect", "brainc/c/brainc_a.csv")
        .file("m.brain", RUN).args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1)
        .stderrHas("holds the results of `brainc detect`"));
    c.add(withResultsOf(Case.of(FILES, "run-out-over-compiled-java"), "o", "compile", "N.java").file("m.brain", RUN)
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("holds the results of `brainc compile`"));
    c.add(withResultsOf(Case.of(FILES, "run-out-through-a-link-to-trained-weights"), "real", "train", "final/w.npy")
        .file("m.brain", RUN).setup(Adversarial.symlink("o", "real"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("holds the results of `brainc train`"));
    c.add(withResultsOf(Case.of(FILES, "train-out-over-run-monitors"), "o", "run", "v_p.npy").file("m.brain", TRAIN)
        .args("train", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("holds the results of `brainc run`")
        .absent("o/learning_curve.csv"));
    c.add(withResultsOf(Case.of(FILES, "detect-results-over-run-monitors"), "res/brainc", "run", "v_p.npy")
        .file("m.brain", ToolCases.REGION).setup(corpus("nab/"))
        .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1)
        .stderrHas("holds the results of `brainc run`"));
    c.add(withResultsOf(Case.of(FILES, "compile-target-over-run-monitors"), "o", "run", "v_p.npy").file("m.brain", RUN)
        .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/o").exit(1).stderrHas("holds the results of `brainc run`"));
    c.add(withResultsOf(Case.of(FILES, "verify-emit-java-over-compiled-java"), "o", "compile", "N.java")
        .file("m.brain", "use brain.synapses.STDP\nnetwork N {}\n")
        .args("verify", "$D/m.brain", "--emit-java", "$D/o").exit(1).stderrHas("holds the results of `brainc compile`"));
    c.add(withResultsOf(Case.of(FILES, "run-replaces-its-own-results"), "o", "run", "stale.npy").output("o/stale.npy")
        .output("o/manifest.json").file("m.brain", RUN)
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_p.npy").absent("o/stale.npy"));
    c.add(Case.of(FILES, "run-replaces-a-manifest-naming-no-command").file("o/manifest.json", "{\"brainc\": \"results\"}\n")
        .file("o/old.npy", "x").output("o/manifest.json").output("o/old.npy").file("m.brain", RUN)
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_p.npy").absent("o/old.npy"));
    c.add(withForeignManifest(Case.of(FILES, "run-out-into-a-folder-with-a-foreign-manifest"), "o").file("m.brain", RUN)
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("not a brainc results manifest"));
    c.add(withForeignManifest(Case.of(FILES, "train-out-into-a-folder-with-a-foreign-manifest"), "o").file("m.brain", TRAIN)
        .args("train", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("not a brainc results manifest"));
    c.add(withForeignManifest(Case.of(FILES, "detect-results-into-a-folder-with-a-foreign-manifest"), "res/brainc")
        .file("m.brain", ToolCases.REGION).setup(corpus("nab/"))
        .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1)
        .stderrHas("not a brainc results manifest"));
    c.add(withForeignManifest(Case.of(FILES, "compile-target-into-a-folder-with-a-foreign-manifest"), "o").file("m.brain", RUN)
        .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/o").exit(1).stderrHas("not a brainc results manifest"));
    c.add(Case.of(FILES, "run-out-manifest-is-not-json").file("o/manifest.json", "[".repeat(50_000)).file("o/x.npy", "x")
        .file("m.brain", RUN).args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1)
        .stderrHas("not a brainc results manifest"));
    c.add(Case.of(FILES, "run-out-manifest-is-not-utf8").bytes("o/manifest.json", new byte[] {'{', (byte) 0xFF, '}'})
        .file("o/x.npy", "x").file("m.brain", RUN).args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1)
        .stderrHas("not a brainc results manifest"));
    c.add(Case.of(FILES, "run-out-manifest-is-a-folder").setup(Adversarial.directory("o/manifest.json")).file("o/x.npy", "x")
        .file("m.brain", RUN).args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("brainc did not write"));
  }

  // ---- outputs where nothing can be created, refused before the work (root sees /proc as writable) ----

  private static void unwritable(List<Case> c) {
    c.add(Case.of(FILES, "run-out-under-proc").file("m.brain", RUN).args("run", "$D/m.brain", "-q", "--out", "/proc/brainc-out")
        .exit(1).stderrHas("cannot create /proc/brainc-out: /proc is not writable").stdoutLacks("simulate"));
    c.add(Case.of(FILES, "run-out-under-sys").file("m.brain", RUN).args("run", "$D/m.brain", "-q", "--out", "/sys/brainc-out/deeper")
        .exit(1).stderrHas("/sys is not writable").stdoutLacks("simulate"));
    c.add(Case.of(FILES, "train-out-under-proc").file("m.brain", TRAIN).args("train", "$D/m.brain", "-q", "--out", "/proc/brainc-out")
        .exit(1).stderrHas("/proc is not writable"));
    c.add(Case.of(FILES, "train-checkpoint-under-proc").file("m.brain", TRAIN)
        .args("train", "$D/m.brain", "-q", "--out", "$D/o", "--checkpoint", "/proc/brainc-ck").exit(1)
        .stderrHas("cannot create --checkpoint /proc/brainc-ck: /proc is not writable").absent("o"));
    c.add(Case.of(FILES, "train-trace-under-proc").file("m.brain", TRAIN)
        .args("train", "$D/m.brain", "-q", "--out", "$D/o", "--trace", "/proc/brainc-trace.csv").exit(1)
        .stderrHas("/proc is not writable").absent("o"));
    c.add(Case.of(FILES, "detect-output-under-proc").file("in.csv", ToolCases.series(5))
        .setup(dir -> write(dir, "m.brain", ToolCases.detect(dir.resolve("in.csv").toString(), "/proc/brainc-scores.csv")))
        .args("detect", "$D/m.brain").exit(1).stderrHas("/proc is not writable"));
    c.add(Case.of(FILES, "detect-results-under-proc").file("m.brain", ToolCases.REGION).setup(corpus("nab/"))
        .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "/proc/brainc-res").exit(1)
        .stderrHas("/proc is not writable"));
    c.add(Case.of(FILES, "compile-emit-ir-under-proc").file("m.brain", RUN)
        .args("compile", "$D/m.brain", "--emit-ir", "-o", "/proc/brainc-ir.txt").exit(1).stderrHas("/proc is not writable"));
  }

  // ---- an empty path is a usage error naming the flag, not the working directory ----

  private static void emptyPaths(List<Case> c) {
    String[][] lines = {
        {"run-out", "run", "$D/m.brain", "-q", "--out", ""},
        {"run-file", "run", ""},
        {"train-out", "train", "$D/t.brain", "-q", "--out", ""},
        {"train-checkpoint", "train", "$D/t.brain", "-q", "--out", "$D/o", "--checkpoint", ""},
        {"train-trace", "train", "$D/t.brain", "-q", "--out", "$D/o", "--trace", ""},
        {"train-data", "train", "$D/t.brain", "-q", "--out", "$D/o", "--data", ""},
        {"detect-results", "detect", "$D/r.brain", "--corpus", "$D/nab", "--results", ""},
        {"detect-corpus", "detect", "$D/r.brain", "--corpus", ""},
        {"score-nab-data", "score-nab", "$D/res", "--data", ""},
        {"score-nab-results", "score-nab", ""},
        {"compile-o", "compile", "$D/m.brain", "--emit-ir", "-o", ""},
    };
    for (String[] line : lines) {
      String flag = line[line.length - 2];
      c.add(Case.of(MESSAGES, "empty-path-" + line[0]).file("m.brain", RUN).file("t.brain", TRAIN).file("r.brain", ToolCases.REGION)
          .setup(corpus("nab/")).args(java.util.Arrays.copyOfRange(line, 1, line.length))
          .usage("an empty path names no file or folder").stderrHas(flag.startsWith("-") ? flag : "").absent("o"));
    }
  }

  // ---- a monitor cannot sample more often than the time step ----

  private static void sampling(List<Case> c) {
    String every = RUN.replace("monitor v of p\n", "monitor v of p every %s\n");
    c.add(Case.of(SILENT, "run-monitor-every-half-a-step").file("m.brain", every.formatted("0.05 ms"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).error("E0307", 4, 3).absent("o"));
    c.add(Case.of(SILENT, "check-monitor-every-half-a-step").file("m.brain", every.formatted("0.05 ms"))
        .args("check", "$D/m.brain").exit(1).error("E0307", 4, 3));
    c.add(Case.of(SILENT, "run-monitor-every-step-under-a-coarser-dt").file("m.brain", every.formatted("0.1 ms"))
        .args("run", "$D/m.brain", "-q", "--dt", "0.2ms", "--out", "$D/o").exit(1).error("E0307", 4, 3).absent("o"));
    c.add(Case.of(SILENT, "run-monitor-every-step-exactly").file("m.brain", every.formatted("0.1 ms"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_p.npy"));
    c.add(Case.of(SILENT, "run-monitor-every-whole-run").file("m.brain", every.formatted("1 ms"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_p.npy"));
  }

  // ---- score-nab: profiles that make the scores meaningless, thresholds given twice ----

  static void write(Path dir, String relative, String text) {
    try {
      Files.writeString(dir.resolve(relative), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Consumer<Path> profiles(String weights) {
    return dir -> write(dir, "nab/config/profiles.json", "{\"standard\": {\"CostMatrix\": {" + weights + "}}}\n");
  }

  static Case score(Case.Kind kind, String name, String weights) {
    return Case.of(kind, name).setup(corpus("nab/")).setup(profiles(weights))
        .file(RESULTS, results(rows(0, ROWS), scores(ROWS, "0.5"))).args("score-nab", "$D/res", "--data", "$D/nab");
  }

  private static void scoreNab(List<Case> c) {
    String[][] names = {{"space", "a b"}, {"newline", "a\nb"}, {"tab", "a\tb"}, {"leading-dot", ".hidden"}, {"control", "a\u0001b"}};
    for (String[] n : names) {
      c.add(Case.of(CONTRACTS, "detect-detector-name-with-" + n[0]).file("m.brain", ToolCases.REGION).setup(corpus("nab/"))
          .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res", "--detector", n[1])
          .usage("one word of letters, digits").absent("res"));
    }
    c.add(score(CONTRACTS, "score-nab-detector-name-with-space", "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0")
        .args("score-nab", "$D/res", "--data", "$D/nab", "--detector", "a b").usage("one word of letters, digits"));
    c.add(score(CRASHES, "score-nab-infinite-profile-weight", "\"tpWeight\": 1e400, \"fpWeight\": 0.11, \"fnWeight\": 1.0")
        .exit(1).stderrHas("tpWeight is Infinity"));
    c.add(score(SILENT, "score-nab-overflowing-profile-weight", "\"tpWeight\": 1.0, \"fpWeight\": 1e300, \"fnWeight\": 1.0")
        .exit(1).stderrHas("fpWeight is 1.0E300"));
    c.add(score(CONTRACTS, "score-nab-negative-false-positive-cost", "\"tpWeight\": 1.0, \"fpWeight\": -0.11, \"fnWeight\": 1.0")
        .exit(1).stderrHas("fpWeight must not be negative"));
    c.add(score(CONTRACTS, "score-nab-negative-missed-window-cost", "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": -1")
        .exit(1).stderrHas("fnWeight must not be negative"));
    c.add(score(MESSAGES, "score-nab-true-negative-weight-not-a-number",
        "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0, \"tnWeight\": \"one\"").exit(1).stderrHas("needs a number tnWeight"));
    c.add(score(CONTRACTS, "score-nab-zero-costs-are-allowed", "\"tpWeight\": 1.0, \"fpWeight\": 0, \"fnWeight\": 0").exit(0));
    c.add(score(CONTRACTS, "score-nab-one-profile-two-thresholds", "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0")
        .args("score-nab", "$D/res", "--data", "$D/nab", "--threshold", "standard=0.5", "--threshold", "standard=0.6")
        .usage("profile standard already has a threshold"));
    c.add(score(SILENT, "score-nab-reads-a-category-that-is-a-link", "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0")
        .setup(dir -> {
          try {
            Files.createDirectories(dir.resolve("elsewhere"));
            Files.move(dir.resolve("nab/data/c"), dir.resolve("elsewhere/c"));
            Files.createSymbolicLink(dir.resolve("nab/data/c"), dir.resolve("elsewhere/c"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).exit(0).stdoutHas("1 files, 10 rows, 1 windows"));
    String[][] specials = {{"fifo", null}, {"dev-zero", "/dev/zero"}, {"dangling-link", "gone.csv"}};
    for (String[] sp : specials) {
      Consumer<Path> make = dir -> {
        try {
          Path p = dir.resolve("nab/data/c/b.csv");
          if (sp[1] == null) new ProcessBuilder("mkfifo", p.toString()).start().waitFor();
          else Files.createSymbolicLink(p, Path.of(sp[1]));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      };
      c.add(Case.of(SILENT, "detect-corpus-csv-is-a-" + sp[0]).file("m.brain", ToolCases.REGION).setup(corpus("nab/")).setup(make)
          .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(1)
          .stderrHas("b.csv is not a regular file").absent("res"));
      c.add(score(SILENT, "score-nab-corpus-csv-is-a-" + sp[0], "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0")
          .setup(make).exit(1).stderrHas("b.csv is not a regular file"));
    }
    c.add(score(CRASHES, "score-nab-deeply-nested-labels", "\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0")
        .setup(dir -> write(dir, "nab/labels/combined_windows.json", "[".repeat(100_000))).args("score-nab", "$D/res", "--data", "$D/nab").exit(1)
        .stderrHas("combined_windows.json"));
  }
}
