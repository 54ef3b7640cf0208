package brainc.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first second of a run as a person meets it: {@code brainc run MODEL} (CUBA 4k, whose run
 * statement simulates 1 s of model time) in a JVM that has run nothing before, so the front end,
 * the passes, the engine's code generation and the JIT's warm-up are all in the one measured
 * call. Single-shot mode, no warm-up iteration, one measurement per fork: each fork is one cold
 * start. The jar under test is loaded by its path in the fork ({@code -p jar=...}), so an older
 * jar and this checkout's (or two engines, {@code -p backend=...}) go through the same harness.
 * Only the classes' loading from the jar happens before the clock starts; everything the CLI does
 * once started is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss256m", "-Xmx3g"})
public class FirstSecond {
  /** The brainc jar to measure (a runnable jar with all its dependencies). */
  @Param("compiler/target/brainc.jar")
  public String jar;

  /** The engine of the run ({@code --backend}). */
  @Param("jvm")
  public String backend;

  /** The model; its `run` statement decides the model time (samples/cuba.brain: 1 s). */
  @Param("samples/cuba.brain")
  public String model;

  private URLClassLoader loader;
  private Method execute;
  private Path out;
  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

  @Setup(Level.Trial)
  public void load() throws Exception {
    Path j = Path.of(jar).toAbsolutePath();
    if (!Files.isRegularFile(j)) throw new IllegalArgumentException("no jar " + j);
    // The platform loader as parent: nothing of brainc's comes from the harness's class path.
    loader = new URLClassLoader(new URL[] {j.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    execute = Class.forName("brainc.compiler.cli.Brainc", false, loader)
        .getMethod("execute", String[].class, PrintStream.class, PrintStream.class);
    out = Files.createTempDirectory("brainc-first-second");
  }

  @Benchmark
  public int firstSecond() throws Exception {
    Thread.currentThread().setContextClassLoader(loader); // engines are found with ServiceLoader
    String[] args = {"run", model, "--backend", backend, "--out", out.resolve("o").toString(), "-q"};
    int rc;
    try {
      rc = (Integer) execute.invoke(null, args, quiet, quiet);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("brainc " + String.join(" ", args) + " threw", e.getCause());
    }
    if (rc != 0) throw new IllegalStateException("brainc " + String.join(" ", args) + " exited " + rc);
    return rc;
  }

  @TearDown(Level.Trial)
  public void clean() throws IOException {
    loader.close();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
