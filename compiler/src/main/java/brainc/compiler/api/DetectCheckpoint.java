package brainc.compiler.api;

import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.OutputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The checkpoint folder of a {@code detect} run, beside its results ({@code OUT.checkpoint}):
 *
 * <pre>
 * run.txt            what decides the scores (model, region, seed, records, data): --resume compares it
 * done/N.csv         the scores of file N, finished (for --corpus; without it an empty marker)
 * progress/N.csv     the scores of file N so far (rows beyond the snapshot's byte count are dropped)
 * progress/N.npz     the region's snapshot after some records of file N, with that record count
 * </pre>
 *
 * Every file is written atomically or is cut back to what a snapshot vouches for, so a run
 * stopped at any point (Ctrl-C, kill -9) resumes to the same bytes as one that never stopped.
 * The folder is removed when the run has published its results.
 */
final class DetectCheckpoint {
  private static final String RUN = "run.txt";
  private final Path dir;

  private DetectCheckpoint(Path dir) {
    this.dir = dir;
  }

  /** The checkpoint folder of the results {@code results}: {@code results.checkpoint} beside it. */
  static Path beside(Path results) {
    Path abs = results.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".checkpoint");
  }

  /**
   * Opens the folder for a run described by {@code fields}. Resuming, the folder must hold a
   * checkpoint of the same fields (else a {@link Refusal} lists each difference); otherwise a
   * checkpoint there is replaced. A folder brainc did not write is never touched.
   */
  static DetectCheckpoint open(Path dir, Map<String, String> fields, boolean resume) throws IOException, Refusal {
    Path run = dir.resolve(RUN);
    boolean exists = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    if (exists && (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || (!Files.isRegularFile(run) && !isEmpty(dir)))) {
      throw new OutputException("the checkpoint folder " + dir + " exists and was not written by brainc detect; "
          + "move or remove it first");
    }
    if (resume) {
      if (!Files.isRegularFile(run)) {
        throw new Refusal("--resume: there is no checkpoint at " + dir + " (the last run finished, or never started); "
            + "run without --resume");
      }
      TrainRecord saved = new TrainRecord();
      parse(Files.readString(run, StandardCharsets.UTF_8)).forEach(saved::put);
      TrainRecord now = new TrainRecord();
      fields.forEach(now::put);
      List<String> differences = saved.differences(now);
      if (!differences.isEmpty()) {
        throw new Refusal("cannot resume from " + dir + ": it was written under other settings, and resuming would mix "
            + "two different runs:\n    " + String.join("\n    ", differences)
            + "\n  run with the checkpoint's settings, or start afresh without --resume");
      }
      return new DetectCheckpoint(dir);
    }
    if (exists) deleteTree(dir);
    Files.createDirectories(dir.resolve("done"));
    Files.createDirectories(dir.resolve("progress"));
    StringBuilder text = new StringBuilder();
    fields.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    AtomicFiles.write(run, text.toString().getBytes(StandardCharsets.UTF_8));
    return new DetectCheckpoint(dir);
  }

  Path dir() {
    return dir;
  }

  Path done(int file) {
    return dir.resolve("done").resolve(file + ".csv");
  }

  boolean isDone(int file) {
    return Files.isRegularFile(done(file));
  }

  Path partial(int file) {
    return dir.resolve("progress").resolve(file + ".csv");
  }

  Path state(int file) {
    return dir.resolve("progress").resolve(file + ".npz");
  }

  /** File {@code file} is finished: its scores (or, with {@code keep} false, a marker) go to done/. */
  void finish(int file, boolean keep) throws IOException {
    if (keep) {
      Files.move(partial(file), done(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      AtomicFiles.write(done(file), new byte[0]);
      Files.deleteIfExists(partial(file));
    }
    Files.deleteIfExists(state(file));
  }

  /** Removes the folder: the results it served are published. */
  void delete() throws IOException {
    deleteTree(dir);
  }

  /** A resume that cannot go on: its message says why and what to do. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message);
    }
  }

  private static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf(" = ");
      if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 3));
    }
    return out;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
  }
}
