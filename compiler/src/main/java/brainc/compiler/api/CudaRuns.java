package brainc.compiler.api;

import brainc.codegen.cuda.CudaArtifactTarget;
import brainc.ir.kernel.KernelProgram;
import brainc.runtime.io.Json;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import brainc.runtime.sim.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code brainc run --backend cuda}: a run's kernel program as a CUDA program (the {@code cuda}
 * target), built with nvcc once per program (cached by a hash of the generated files, the nvcc
 * version and the architectures), run on this machine's GPU in fast mode (or deterministic), its monitors read
 * back. Without nvcc or without a GPU, {@link #unavailable()} says which and what to do.
 */
public final class CudaRuns {
  private CudaRuns() {}

  /** A failure of the GPU run that the user can act on (no device memory, a non-finite state): exit 1. */
  public static final class RunFailed extends Exception {
    private static final long serialVersionUID = 1L;

    RunFailed(String message) {
      super(message);
    }
  }

  /** Why a run cannot use the GPU here, as one line with what to do instead; empty when it can. */
  public static Optional<String> unavailable() {
    String elsewhere = "run with --backend jvm, or write the program with `brainc compile FILE --target cuda -o DIR` "
        + "and build it with make where there is one";
    if (output(List.of("nvcc", "--version")).isEmpty()) {
      return Optional.of("--backend cuda needs nvcc (the CUDA toolkit), and there is none on this PATH: install it, or "
          + elsewhere);
    }
    if (output(List.of("nvidia-smi", "-L")).filter(s -> s.contains("GPU")).isEmpty()) {
      return Optional.of("--backend cuda needs an NVIDIA GPU, and this machine has none: " + elsewhere);
    }
    return Optional.empty();
  }

  /** The output of {@code command} if it ran and exited 0. */
  private static Optional<String> output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(text) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Builds (or finds in {@code cache}) and runs {@code program} with {@code seed}; returns what
   * the engines return: the summary and the monitors.
   *
   * @throws IllegalStateException if nvcc rejects the generated program (a brainc bug), naming the kept log
   */
  public static RunResult execute(KernelProgram program, long seed, Path cache) throws RunFailed, IOException {
    return execute(program, seed, cache, false);
  }

  /** As {@link #execute(KernelProgram, long, Path)}, in deterministic mode (bit-identical to interp) if asked, else fast. */
  public static RunResult execute(KernelProgram program, long seed, Path cache, boolean deterministic)
      throws RunFailed, IOException {
    Map<String, byte[]> files = new CudaArtifactTarget().generate(program);
    String nvcc = output(List.of("nvcc", "--version")).orElse("");
    Path dir = cache.resolve(hash(files, nvcc + CudaArtifactTarget.DEFAULT_ARCHITECTURES));
    long t0 = System.nanoTime();
    if (!Files.isExecutable(dir.resolve("model"))) build(files, dir, cache);
    long built = System.nanoTime();
    Path out = Files.createTempDirectory(cache, "out-");
    try {
      Process p = new ProcessBuilder(dir.resolve("model").toString(), "--steps", String.valueOf(program.steps()), "--seed",
          String.valueOf(seed), "--mode", deterministic ? "deterministic" : "fast", "--out", out.toString()).redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0) {
        String line = said.isEmpty() ? "the program exited " + p.exitValue() : said.lines().reduce((a, b) -> b).orElse("");
        throw new RunFailed(line.startsWith("brainc: ") ? line.substring("brainc: ".length()) : line);
      }
      Map<String, NpyArray> monitors = new LinkedHashMap<>();
      List<Path> arrays = new ArrayList<>();
      try (var list = Files.list(out)) {
        list.filter(f -> f.getFileName().toString().endsWith(".npy")).sorted().forEach(arrays::add);
      }
      for (Path a : arrays) monitors.put(a.getFileName().toString().replaceFirst("\\.npy$", ""), NpyReader.read(a));
      return new RunResult(summary(program, Files.readString(out.resolve("timing.json")), built - t0), monitors);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailed("interrupted");
    } finally {
      try (var list = Files.walk(out)) {
        list.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void build(Map<String, byte[]> files, Path dir, Path cache) throws IOException {
    Files.createDirectories(cache);
    Path staging = Files.createTempDirectory(cache, "build-");
    for (var e : files.entrySet()) Files.write(staging.resolve(e.getKey()), e.getValue());
    Path log = staging.resolve("build.log");
    try {
      Process p = new ProcessBuilder("make", "-s", "model").directory(staging.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("nvcc rejected the generated program; its log is kept at " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building " + staging);
    }
    try {
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another run built the same program meanwhile: its copy serves as well.
      if (!Files.isExecutable(dir.resolve("model"))) throw e;
    }
  }

  private static String hash(Map<String, byte[]> files, String toolchain) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (var e : files.entrySet()) {
        d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        d.update(e.getValue());
      }
      d.update(toolchain.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The summary jvm prints, from the program's timing.json. */
  private static RunSummary summary(KernelProgram program, String timing, long buildNanos) throws RunFailed {
    Map<?, ?> json;
    try {
      json = (Map<?, ?>) Json.parse(timing);
    } catch (Json.SyntaxException e) {
      throw new RunFailed("the program wrote an unreadable timing.json: " + e.getMessage());
    }
    Map<?, ?> groups = (Map<?, ?>) json.get("groups");
    long steps = ((Number) json.get("steps")).longValue();
    double seconds = steps * program.dt();
    List<RunSummary.GroupStats> stats = new ArrayList<>();
    long neurons = 0;
    for (KernelProgram.Group g : program.groups()) {
      if (g.name().equals(g.spikeSet())) neurons += g.count();
      long spikes = ((Number) ((Map<?, ?>) groups.get(g.name())).get("spikes")).longValue();
      stats.add(new RunSummary.GroupStats(g.name(), g.count(), spikes,
          g.count() == 0 || steps == 0 ? 0 : spikes / (g.count() * seconds)));
    }
    long simulate = (long) (((Number) json.get("simulate_s")).doubleValue() * 1e9);
    return new RunSummary(neurons, ((Number) json.get("synapses")).longValue(), steps, program.dt(), stats, buildNanos,
        simulate);
  }
}
