package brainc.samples.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import brainc.codegen.cuda.CudaArtifactTarget;
import brainc.ir.kernel.KernelProgram;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds generated CUDA programs with the host compiler (g++ through {@code brainc_host.h}) and
 * runs them, for tests on machines without a GPU; and finds out which tools this machine has, so
 * that tests without them skip with a printed line instead of failing.
 */
public final class CudaHost {
  private CudaHost() {}

  /** Why the host build cannot be tested here, or null when it can. */
  public static String hostUnavailable() {
    if (CudaArtifactTarget.class.getResource("/brainc/codegen/cuda/brainc_rt.cuh") == null) {
      return "the runtime header brainc_rt.cuh is not in this build";
    }
    return works("g++", "--version") ? null : "no g++ on this machine";
  }

  /** Why nvcc cannot be tested here, or null when it can. */
  public static String nvccUnavailable() {
    if (CudaArtifactTarget.class.getResource("/brainc/codegen/cuda/brainc_rt.cuh") == null) {
      return "the runtime header brainc_rt.cuh is not in this build";
    }
    return works("nvcc", "--version") ? null : "no nvcc on this machine";
  }

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Writes the program's files into {@code dir}. */
  public static void write(KernelProgram program, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (var e : new CudaArtifactTarget().generate(program).entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
  }

  /** Runs {@code command} in {@code dir}; fails the test with its output unless it exits 0. */
  public static String run(Path dir, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try {
        p.getInputStream().transferTo(out);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " ran longer than " + timeoutSeconds + " s in " + dir);
    }
    reader.join();
    String text = out.toString(StandardCharsets.UTF_8);
    if (p.exitValue() != 0) fail(String.join(" ", command) + " exited " + p.exitValue() + " in " + dir + ":\n" + text);
    return text;
  }

  /**
   * Several generated programs as one translation unit, so that one g++ run builds them all:
   * the includes once, each program in a namespace of its own with its {@code main} renamed, and
   * a {@code main} whose first argument picks the program ({@code ./bundle 2 --out DIR ...}).
   */
  public static String bundle(List<String> programs) {
    StringBuilder includes = new StringBuilder();
    StringBuilder body = new StringBuilder();
    StringBuilder dispatch = new StringBuilder();
    for (int k = 0; k < programs.size(); k++) {
      body.append("namespace p").append(k).append(" {\n");
      for (String line : programs.get(k).split("\n", -1)) {
        if (line.startsWith("#include")) {
          if (k == 0) includes.append(line).append('\n');
          continue;
        }
        body.append(line.equals("int main(int argc, char** argv) {") ? "int main_(int argc, char** argv) {" : line).append('\n');
      }
      body.append("}  // namespace p").append(k).append("\n\n");
      dispatch.append("    case ").append(k).append(": return p").append(k).append("::main_(argc - 1, argv + 1);\n");
    }
    return includes + "\n" + body + "int main(int argc, char** argv) {\n  if (argc < 2) return 2;\n"
        + "  switch (atoi(argv[1])) {\n" + dispatch + "    default: return 2;\n  }\n}\n";
  }

  /** The text of {@code program}'s model.cu. */
  public static String source(KernelProgram program) {
    return new String(new CudaArtifactTarget().generate(program).get("model.cu"), StandardCharsets.UTF_8);
  }

  /** Writes the runtime header and the host shim into {@code dir}, beside a bundle. */
  public static void writeHeaders(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of("brainc_rt.cuh", "brainc_host.h")) {
      try (var in = CudaArtifactTarget.class.getResourceAsStream("/brainc/codegen/cuda/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
  }

  /** g++ as the generated Makefile's `make host` runs it, on {@code source}, into {@code binary}. */
  public static void compileHost(Path dir, String source, String binary) throws IOException, InterruptedException {
    compileHost(dir, source, binary, "-O2");
  }

  /**
   * As {@link #compileHost(Path, String, String)} at another optimization level: none changes a
   * result (no -ffast-math, contraction off, SSE arithmetic on x86-64), only how long g++ takes.
   */
  public static void compileHost(Path dir, String source, String binary, String level)
      throws IOException, InterruptedException {
    run(dir, List.of("g++", level, "-std=c++17", "-ffp-contract=off", "-x", "c++", "-o", binary, source), 600);
  }

  /** Asserts that every monitor of {@code expected} was written to {@code dir} with NpyWriter's bytes. */
  public static void assertSameMonitors(Map<String, NpyArray> expected, Path dir, String context) throws IOException {
    List<String> written = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".npy")).sorted().forEach(written::add);
    }
    assertEquals(expected.keySet().stream().map(k -> k + ".npy").sorted().toList(), written, context);
    for (var e : expected.entrySet()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      NpyWriter.write(b, e.getValue());
      assertArrayEquals(b.toByteArray(), Files.readAllBytes(dir.resolve(e.getKey() + ".npy")),
          e.getKey() + ".npy differs from the interpreter's: " + context);
    }
  }

  /**
   * Asserts that the Snapshot at {@code file} holds what {@code expected} holds: the same kind,
   * counters and texts, and every array (buffers, queues, monitors, spike counts) bit for bit.
   */
  public static void assertSameState(brainc.runtime.io.Snapshot expected, Path file, String context) throws IOException {
    brainc.runtime.io.Snapshot got = brainc.runtime.io.Snapshot.read(file);
    assertEquals(expected.kind(), got.kind(), context);
    assertEquals(expected.counters(), got.counters(), context);
    assertEquals(expected.texts(), got.texts(), context);
    assertEquals(new java.util.TreeSet<>(expected.arrayNames()), new java.util.TreeSet<>(got.arrayNames()), context);
    for (String name : expected.arrayNames()) {
      try {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        NpyWriter.write(a, expected.array(name));
        NpyWriter.write(b, got.array(name));
        assertArrayEquals(a.toByteArray(), b.toByteArray(), name + " of the final state differs from the interpreter's: "
            + context);
      } catch (brainc.runtime.io.SnapshotException e) {
        fail(e.getMessage());
      }
    }
  }
}
