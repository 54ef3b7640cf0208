package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.RESUME;
import static brainc.samples.adversarial.ToolCases.REGION;
import static brainc.samples.adversarial.ToolCases.corpus;
import static brainc.samples.adversarial.ToolCases.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.cli.Brainc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code brainc detect --resume}, {@code --checkpoint-every} and {@code --threads} as a careless
 * user meets them: a resume with nothing to resume, with the checkpoint of another model or
 * seed, over a folder the user owns; flags out of range or without {@code --corpus}; and a real
 * {@code detect --corpus} killed with -9 at a random point, resumed, byte-identical to a run
 * that never stopped.
 */
public final class DetectResumeCases {
  private static final String[] CORPUS = {"detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res"};

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(Case.of(RESUME, "detect-resume-without-a-checkpoint").file("m.brain", REGION).setup(corpus("nab/"))
        .args(with("--resume")).exit(1).stderrHas("--resume: there is no checkpoint at").stderrHas("run without --resume")
        .absent("res/brainc"));
    c.add(Case.of(RESUME, "detect-resume-statements-without-a-checkpoint").file("in.csv", ToolCases.series(12))
        .setup(dir -> write(dir, "m.brain", ToolCases.detect(dir.resolve("in.csv").toString(), dir.resolve("out.csv").toString())))
        .args("detect", "$D/m.brain", "--resume").exit(1).stderrHas("--resume: there is no checkpoint at").absent("out.csv"));
    c.add(Case.of(RESUME, "detect-resume-from-another-models-checkpoint").file("m.brain", REGION).setup(corpus("nab/"))
        .file("res/brainc.checkpoint/run.txt", "command = detect --corpus\nmodel = 0123abcd\nregion = R\n")
        .args(with("--resume")).exit(1).stderrHas("cannot resume from").stderrHas("model: 0123abcd in the checkpoint")
        .stderrHas("start afresh without --resume").absent("res/brainc"));
    c.add(Case.of(RESUME, "detect-resume-under-another-seed").file("m.brain", REGION).setup(corpus("nab/"))
        .file("res/brainc.checkpoint/run.txt", "command = detect --corpus\nregion = R\nseed = 4\n")
        .args(with("--seed", "3", "--resume")).exit(1).stderrHas("seed: 4 in the checkpoint, 3 now").absent("res/brainc"));
    c.add(Case.of(FILES, "detect-checkpoint-folder-of-the-users").file("m.brain", REGION).setup(corpus("nab/"))
        .file("res/brainc.checkpoint/notes.txt", "mine\n")
        .args(CORPUS).exit(1).stderrHas("was not written by brainc detect").absent("res/brainc"));
    c.add(Case.of(FILES, "detect-checkpoint-folder-is-a-file").file("m.brain", REGION).setup(corpus("nab/"))
        .file("res/brainc.checkpoint", "mine\n")
        .args(CORPUS).exit(1).stderrHas("was not written by brainc detect").absent("res/brainc"));
    c.add(Case.of(CONTRACTS, "detect-checkpoint-every-zero").file("m.brain", REGION).setup(corpus("nab/"))
        .args(with("--checkpoint-every", "0")).exit(2).usage("--checkpoint-every must be at least 1"));
    c.add(Case.of(CONTRACTS, "detect-threads-zero").file("m.brain", REGION).setup(corpus("nab/"))
        .args(with("--threads", "0")).exit(2).usage("--threads must be at least 1"));
    c.add(Case.of(CONTRACTS, "detect-threads-without-corpus").file("m.brain", REGION)
        .args("detect", "$D/m.brain", "--threads", "2").exit(2).usage("--threads needs --corpus"));
    c.add(Case.of(RESUME, "detect-any-threads-same-bytes").file("m.brain", REGION).setup(bigCorpus())
        .setup(dir -> brainc(dir, "detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/one", "--threads", "1"))
        .output("one/brainc/manifest.json").output("one/brainc/c/brainc_a.csv").output("one/brainc/c/brainc_b.csv")
        .output("one/brainc/d/brainc_c.csv")
        .args(with("--threads", "3")).exit(0)
        .then(o -> sameScores(o, "one", "res")));
    for (int k = 0; k < 2; k++) {
      long seed = 41 + k;
      c.add(Case.of(RESUME, "detect-corpus-kill-9-then-resume-is-byte-identical-" + (k + 1)).file("m.brain", REGION)
          .setup(bigCorpus()).args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/whole").exit(0)
          .then(o -> killAndResume(o, seed)));
    }
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  private static String[] with(String... extra) {
    List<String> a = new ArrayList<>(List.of(CORPUS));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  /** Three files in two categories, long enough that a run takes a while with snapshots every 100 records. */
  private static Consumer<Path> bigCorpus() {
    return dir -> {
      write(dir, "nab/data/c/a.csv", series(2500, 1));
      write(dir, "nab/data/c/b.csv", series(1800, 2));
      write(dir, "nab/data/d/c.csv", series(2200, 3));
    };
  }

  private static String series(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) {
      sb.append(String.format("2015-%02d-%02d %02d:00:00", 1 + i / (24 * 28), 1 + (i / 24) % 28, i % 24)).append(',')
          .append(10 + i % 5 + r.nextInt(3)).append('\n');
    }
    return sb.toString();
  }

  private static void sameScores(Outcome o, String expected, String actual) {
    for (String f : List.of("c/brainc_a.csv", "c/brainc_b.csv", "d/brainc_c.csv")) {
      assertArrayEquals(o.bytes(expected + "/brainc/" + f), o.bytes(actual + "/brainc/" + f), f);
    }
  }

  /**
   * Runs the corpus again in a process of its own, with snapshots every 100 records, kills it with
   * -9 at a random point after its first snapshot, resumes in process: the same bytes as the
   * case's run that never stopped.
   */
  private static void killAndResume(Outcome o, long seed) {
    try {
      Path dir = o.dir;
      String[] args = {"detect", dir + "/m.brain", "--corpus", dir + "/nab", "--results", dir + "/res",
          "--checkpoint-every", "100", "--threads", "1"};
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Brainc.class.getName()));
      cmd.addAll(List.of(args));
      Path log = dir.resolve("process.err");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Path progress = dir.resolve("res/brainc.checkpoint/progress");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive() && System.nanoTime() < deadline && !hasSnapshot(progress)) Thread.sleep(5);
      Thread.sleep(new Random(seed).nextInt(400));
      boolean stopped = p.isAlive();
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the detect process did not end");
      String said = Files.readString(log);
      if (stopped) {
        assertFalse(Files.exists(dir.resolve("res/brainc/manifest.json")), "a killed run published results:\n" + said);
        assertTrue(Files.isDirectory(dir.resolve("res/brainc.checkpoint")), "the checkpoint is gone:\n" + said);
        List<String> resume = new ArrayList<>(List.of(args));
        resume.add("--resume");
        brainc(dir, resume.toArray(String[]::new));
      }
      assertFalse(Files.exists(dir.resolve("res/brainc.checkpoint")), "the checkpoint stays after the results are published");
      sameScores(o, "whole", "res");
      assertEquals(Files.readString(dir.resolve("whole/brainc/manifest.json")), Files.readString(dir.resolve("res/brainc/manifest.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean hasSnapshot(Path progress) {
    try (Stream<Path> s = Files.list(progress)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".npz"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void brainc(Path dir, String... args) {
    String[] a = new String[args.length];
    for (int i = 0; i < a.length; i++) a[i] = args[i].replace("$D", dir.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Brainc.execute(a, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    if (code != 0) throw new IllegalStateException("`brainc " + String.join(" ", a) + "` exited " + code + ":\n" + err);
  }
}
