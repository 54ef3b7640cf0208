package brainc.codegen.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the native tools (g++, nvcc) that the CUDA runtime tests compile with, and copies the
 * header and the test's C++ sources out of the class path. A missing tool skips the test with a
 * printed line, since CI machines without a CUDA toolkit must still pass.
 */
final class NativeBuild {
  /** The runtime header as the generator ships it, from the main resources. */
  static final String HEADER = "brainc_rt.cuh";

  private NativeBuild() {}

  /** Skips the calling test class, saying why, unless {@code tool --version} runs. */
  static void requireTool(String tool, String testName) {
    boolean found;
    try {
      found = run(List.of(tool, "--version"), Path.of("."), 60).exitCode == 0;
    } catch (IOException e) {
      found = false;
    }
    if (!found) {
      System.out.println(testName + ": skipped, no " + tool + " on the PATH");
    }
    assumeTrue(found, "no " + tool + " on the PATH");
  }

  /** Copies {@code /brainc/codegen/cuda/NAME} from the class path into {@code dir}. */
  static Path copyResource(String name, Path dir) throws IOException {
    try (InputStream in = NativeBuild.class.getResourceAsStream("/brainc/codegen/cuda/" + name)) {
      if (in == null) throw new IOException("no class-path resource brainc/codegen/cuda/" + name);
      Path out = dir.resolve(name);
      Files.write(out, in.readAllBytes());
      return out;
    }
  }

  record Result(int exitCode, String output) {}

  /** Runs a command in {@code dir}, stdout and stderr together, failing after the timeout. */
  static Result run(List<String> command, Path dir, int timeoutSeconds) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " ran past " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed; its output is the failure message otherwise. */
  static String runOk(List<String> command, Path dir, int timeoutSeconds) throws IOException {
    Result r = run(command, dir, timeoutSeconds);
    if (r.exitCode != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + r.exitCode + ":\n" + r.output);
    }
    return r.output;
  }

  static List<String> command(String... parts) {
    return new ArrayList<>(List.of(parts));
  }
}
