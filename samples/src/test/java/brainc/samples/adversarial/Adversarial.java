package brainc.samples.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import brainc.compiler.cli.Brainc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs {@link Case}s. Besides each case's own expectations, every case asserts the suite's
 * invariants: brainc never exits 70 on user input, never prints a stack trace, never hangs
 * (each case has a timeout), and leaves every input file with the bytes it had.
 */
public final class Adversarial {
  private static final long STACK_BYTES = 256L << 20;

  private Adversarial() {}

  /** One dynamic test per case, named {@code kind/name}. */
  public static Stream<DynamicTest> tests(List<Case> cases) {
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
  }

  /** Runs one case and checks everything it and the suite expect; returns the outcome. */
  public static Outcome run(Case c) throws Exception {
    Path dir = Files.createTempDirectory("brainc-adv-");
    try {
      for (Map.Entry<String, byte[]> f : c.files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      c.setups.forEach(s -> s.accept(dir));
      Map<String, byte[]> before = new LinkedHashMap<>();
      for (String f : c.files.keySet()) {
        if (!c.outputs.contains(f) && Files.isRegularFile(dir.resolve(f))) {
          before.put(f, Files.readAllBytes(dir.resolve(f)));
        }
      }
      String[] args = new String[c.args.length];
      for (int i = 0; i < args.length; i++) args[i] = c.args[i].replace("$D", dir.toString());
      Outcome o = c.process ? inProcess(c, dir, args) : inThread(c, dir, args);
      checkInvariants(c, o, before);
      for (var check : c.checks) check.accept(o);
      return o;
    } finally {
      makeWritable(dir);
      deleteTree(dir);
    }
  }

  private static void checkInvariants(Case c, Outcome o, Map<String, byte[]> before) throws IOException {
    String both = o.out + o.err;
    for (String bad : List.of("internal error", "\tat ", "Exception in thread", "StackOverflowError",
        "OutOfMemoryError", "NullPointerException")) {
      if (both.contains(bad)) fail("printed `" + bad.strip() + "`\n" + o);
    }
    if (!o.killed) {
      if (o.exit == 70) fail("exit 70 on user input\n" + o);
      if (c.exit != null && o.exit != c.exit) fail("expected exit " + c.exit + "\n" + o);
      // `--json` prints its diagnostics on stdout: a failure must be explained on one stream.
      if (o.exit != 0 && o.err.isBlank() && o.out.isBlank()) fail("failed without a word\n" + o);
    }
    for (Map.Entry<String, byte[]> f : before.entrySet()) {
      Path p = o.path(f.getKey());
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) fail("input " + f.getKey() + " was deleted\n" + o);
      assertArrayEquals(f.getValue(), Files.readAllBytes(p), "input " + f.getKey() + " was changed\n" + o);
    }
  }

  /** In this JVM, on a thread with the command line's stack, bounded by the case's timeout. */
  private static Outcome inThread(Case c, Path dir, String[] args) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(null, () -> code.set(Brainc.execute(args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))), "brainc-case", STACK_BYTES);
    t.setDaemon(true);
    t.start();
    t.join(c.timeout.toMillis());
    if (t.isAlive()) {
      t.interrupt();
      fail("hung for more than " + c.timeout.toSeconds() + " s: brainc " + String.join(" ", args)
          + "\n" + err.toString(StandardCharsets.UTF_8));
    }
    return new Outcome(dir, code.get(), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), false);
  }

  /** As its own JVM (for working-directory defaults, signals and kills). */
  private static Outcome inProcess(Case c, Path dir, String[] args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss4m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Brainc.class.getName());
    cmd.addAll(List.of(args));
    Path outFile = Files.createTempFile("brainc-adv-out", ".txt");
    Path errFile = Files.createTempFile("brainc-adv-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(outFile.toFile()).redirectError(errFile.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      boolean killed = false;
      if (c.killAfter != null && !p.waitFor(c.killAfter.toMillis(), TimeUnit.MILLISECONDS)) {
        if (c.sigint) {
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        } else {
          p.destroyForcibly();
          killed = true;
        }
      }
      if (!p.waitFor(c.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        fail("hung for more than " + c.timeout.toSeconds() + " s: brainc " + String.join(" ", args));
      }
      return new Outcome(dir, p.exitValue(), Files.readString(outFile), Files.readString(errFile), killed);
    } finally {
      Files.deleteIfExists(outFile);
      Files.deleteIfExists(errFile);
    }
  }

  // ---- helpers for setups ----

  /** A setup that makes {@code relative} read-only (a folder: nothing can be created in it). */
  public static java.util.function.Consumer<Path> readOnly(String relative) {
    return dir -> {
      Path p = dir.resolve(relative);
      try {
        Files.createDirectories(p.getParent());
        if (!Files.exists(p)) Files.createDirectory(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!p.toFile().setWritable(false, false)) throw new IllegalStateException("chmod " + p);
    };
  }

  /** A setup that makes {@code link} a symbolic link to {@code target} (relative to the link). */
  public static java.util.function.Consumer<Path> symlink(String link, String target) {
    return dir -> {
      try {
        Path l = dir.resolve(link);
        Files.createDirectories(l.getParent());
        Files.createSymbolicLink(l, Path.of(target));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** A setup that creates the directory {@code relative}. */
  public static java.util.function.Consumer<Path> directory(String relative) {
    return dir -> {
      try {
        Files.createDirectories(dir.resolve(relative));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** Whether the suite runs as root, for which read-only modes do not stop writes. */
  public static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void makeWritable(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(p -> p.toFile().setWritable(true, true));
    } catch (UncheckedIOException e) {
      // A dangling or looping link inside the tree; deletion below copes.
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Best effort: a temp dir left behind is no test failure.
        }
      });
    }
  }

  /** Used by the code-coverage test: every code any case asserts. */
  public static List<String> assertedCodes(List<Case> cases) {
    List<String> all = new ArrayList<>();
    for (Case c : cases) all.addAll(c.codes);
    return all;
  }

  static void assertExit(int expected, Outcome o) {
    assertEquals(expected, o.exit, o.toString());
  }
}
