package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.RESUME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * `brainc run --checkpoint-every TIME` and `--resume`: a resumed run writes the monitors of an
 * uninterrupted one byte for byte (on either engine, after a kill -9), a checkpoint of another
 * model or other settings is refused naming each difference, and senseless intervals are usage
 * errors.
 */
public final class RunResumeCases {
  /** Twenty self-driven LIF neurons, randomly coupled with a delay; 100 ms of 0.1 ms steps. */
  private static final String MODEL = """
      use brain.neurons.LIF
      network N {
        population p = LIF[20] { v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 2 ms, v = uniform(-60 mV, -50 mV) }
        connect p -> p weight 1 mV probability 0.3 via exp(tau = 5 ms) delay 1 ms
        monitor spikes of p
        monitor v of p every 1 ms
      }
      run N for 100 ms dt 0.1 ms seed 3
      """;

  /** A larger network that runs for several seconds, to be killed in the middle. */
  private static final String SLOW = MODEL.replace("LIF[20]", "LIF[2000]").replace("probability 0.3", "probability 0.02")
      .replace("for 100 ms", "for 3 s").replace("monitor v of p every 1 ms", "monitor v of p[0 .. 5] every 1 ms");

  private static final String[] FIRST_ARGS = {"run", "$D/m.brain", "-q", "--out", "$D/o"};
  private static final String[] FIRST = with(FIRST_ARGS, "--checkpoint-every", "20ms");
  private static final String[] SLOW_FIRST = with(FIRST_ARGS, "--checkpoint-every", "300ms");
  private static final String[] WHOLE = {"run", "$D/m.brain", "-q", "--out", "$D/whole"};

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(Case.of(RESUME, "run-resumed-on-interp-writes-the-same-monitors").file("m.brain", MODEL)
        .setup(brainc(WHOLE)).setup(brainc(FIRST)).output("whole").output("o").output("o.checkpoint")
        .args(with(FIRST, "--resume", "--backend", "interp")).exit(0).stderrLacks("resuming")
        .then(o -> same(o, "whole", "o")));
    c.add(Case.of(RESUME, "run-resume-says-where-it-continues").file("m.brain", MODEL)
        .setup(brainc(FIRST)).output("o").output("o.checkpoint")
        .args(java.util.Arrays.stream(with(FIRST, "--resume")).filter(a -> !a.equals("-q")).toArray(String[]::new)).exit(0)
        .stderrHas("resuming `N` at step 800 of 1000 from "));
    c.add(Case.of(RESUME, "run-resume-in-a-checkpoint-folder-of-its-own").file("m.brain", MODEL)
        .setup(brainc(WHOLE)).setup(brainc(with(FIRST, "--checkpoint", "$D/ck"))).output("whole").output("o").output("ck")
        .args(with(FIRST, "--checkpoint", "$D/ck", "--resume")).exit(0).exists("ck/N.snapshot")
        .then(o -> same(o, "whole", "o")));
    c.add(Case.of(RESUME, "run-resume-without-a-checkpoint").file("m.brain", MODEL)
        .args(with(FIRST, "--resume")).exit(1).stderrHas("cannot resume: there is no checkpoint in ").absent("o"));
    c.add(Case.of(RESUME, "run-resume-with-another-seed").file("m.brain", MODEL).setup(brainc(FIRST)).output("o")
        .output("o.checkpoint").args(with(FIRST, "--resume", "--seed", "4")).exit(1)
        .stderrHas("seed: 3 in the snapshot, 4 here").stderrHas("start afresh without --resume"));
    c.add(Case.of(RESUME, "run-resume-with-another-dt-names-dt-and-steps").file("m.brain", MODEL).setup(brainc(FIRST))
        .output("o").output("o.checkpoint").args(with(FIRST, "--resume", "--dt", "0.05ms"))
        .exit(1).stderrHas("dt_s: 1.0E-4 in the snapshot, 5.0E-5 here").stderrHas("steps: 1000 in the snapshot, 2000 here"));
    c.add(Case.of(RESUME, "run-resume-with-float64").file("m.brain", MODEL).setup(brainc(FIRST)).output("o")
        .output("o.checkpoint").args(with(FIRST, "--resume", "--float64")).exit(1)
        .stderrHas("precision: float32 in the snapshot, float64 here"));
    c.add(Case.of(RESUME, "run-resume-after-the-model-changed").file("m.brain", MODEL).setup(brainc(FIRST))
        .setup(d -> edit(d, "weight 1 mV", "weight 2 mV")).output("m.brain").output("o").output("o.checkpoint")
        .args(with(FIRST, "--resume")).exit(1).stderrHas("model: "));
    c.add(Case.of(RESUME, "run-resume-from-a-file-that-is-not-a-snapshot").file("m.brain", MODEL)
        .file("o.checkpoint/N.snapshot", "not a snapshot").args(with(FIRST, "--resume")).exit(1)
        .stderrHas("cannot resume from ").stderrHas("is not a brainc snapshot"));
    c.add(Case.of(MESSAGES, "run-checkpoint-every-not-a-whole-number-of-steps").file("m.brain", MODEL)
        .args(with(FIRST_ARGS, "--checkpoint-every", "0.15ms"))
        .usage("--checkpoint-every must be a whole number of time steps (dt is 0.1000 ms), not 0.1500 ms"));
    c.add(Case.of(MESSAGES, "run-checkpoint-every-negative").file("m.brain", MODEL)
        .args(with(FIRST_ARGS, "--checkpoint-every=-5ms")).usage("--checkpoint-every must be a positive time"));
    c.add(Case.of(MESSAGES, "run-checkpoint-every-shorter-than-a-step").file("m.brain", MODEL)
        .args(with(FIRST_ARGS, "--checkpoint-every", "0.01ms")).usage("--checkpoint-every must be a whole number of time steps"));
    c.add(Case.of(FILES, "run-checkpoint-folder-is-a-file").file("m.brain", MODEL).file("ck", "mine")
        .args(with(FIRST, "--checkpoint", "$D/ck")).exit(1).stderrHas("is a file, not a folder").absent("o"));
    c.add(Case.of(FILES, "run-checkpoint-folder-holds-the-model").file("m.brain", MODEL)
        .args(with(FIRST, "--checkpoint", "$D")).exit(1).stderrHas("holds the input").absent("o"));
    c.add(Case.of(RESUME, "run-killed-after-a-checkpoint-then-resumed").file("m.brain", SLOW)
        .setup(brainc(WHOLE)).output("whole").output("o").output("o.checkpoint").output("process.err")
        .args("check", "$D/m.brain").exit(0).timeout(java.time.Duration.ofSeconds(300)).then(o -> killAndResume(o, 15)));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  private static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  /** Every monitor file of {@code a} is in {@code b}, byte for byte. */
  private static void same(Outcome o, String a, String b) {
    try (Stream<Path> files = Files.list(o.path(a))) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().toList();
      assertTrue(names.size() >= 2, "no monitors in " + a);
      for (String f : names) assertArrayEquals(o.bytes(a + "/" + f), o.bytes(b + "/" + f), f + " differs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void edit(Path dir, String from, String to) {
    try {
      Path f = dir.resolve("m.brain");
      Files.writeString(f, Files.readString(f).replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs brainc in process in the case's folder (a setup step); a failure fails the case. */
  private static Consumer<Path> brainc(String... args) {
    return dir -> {
      String[] a = new String[args.length];
      for (int i = 0; i < a.length; i++) a[i] = args[i].replace("$D", dir.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Brainc.execute(a, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      if (code != 0) throw new IllegalStateException("setup `brainc " + String.join(" ", a) + "` exited " + code + ":\n" + err);
    };
  }

  /**
   * Runs the slow model in a process of its own with checkpoints, kills it (-9) at a random time
   * after the first, resumes in process on the other engine half the time: the monitors must be
   * those of the uninterrupted run in {@code whole/}, and nothing partial may have been published.
   */
  private static void killAndResume(Outcome o, long seed) {
    try {
      Path dir = o.dir;
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Brainc.class.getName()));
      for (String a : SLOW_FIRST) cmd.add(a.replace("$D", dir.toString()));
      Path log = dir.resolve("process.err");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Path checkpoint = dir.resolve("o.checkpoint/N.snapshot");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
      Random random = new Random(seed);
      Thread.sleep(random.nextInt(1000));
      boolean stopped = p.isAlive();
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not end");
      String said = Files.readString(log);
      if (stopped) {
        assertFalse(Files.exists(dir.resolve("o/manifest.json")), "a killed run published results:\n" + said);
        assertTrue(Files.exists(checkpoint), "no checkpoint:\n" + said);
        brainc(with(SLOW_FIRST, "--resume", "--backend",
            random.nextBoolean() ? "interp" : "jvm")).accept(dir);
      }
      same(o, "whole", "o");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
