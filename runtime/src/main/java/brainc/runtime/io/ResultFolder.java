package brainc.runtime.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A folder of results published as a whole: its files are written into a fresh hidden folder
 * beside the target, a {@value #MANIFEST} naming the run and listing every file is added last,
 * and only then does the folder take the target's name. A reader therefore sees the previous
 * complete set or the new complete set, never a mix of two runs or a partial set that looks
 * whole; a crash leaves at most a hidden {@code .NAME.*.tmp} folder, which the next commit to
 * the same target removes.
 *
 * <p>brainc replaces only folders it wrote: an existing target must be empty or hold a
 * manifest. Anything else (a user's own folder, a file) is refused by {@link #check} before
 * any work starts, so a long run never ends by failing to save.
 *
 * <pre>{@code
 * ResultFolder.check(dir);                             // before simulating: refuses early
 * try (ResultFolder folder = ResultFolder.open(dir, Map.of("command", "run", ...))) {
 *   NpyWriter.write(folder.file("v.npy"), array);       // staged, invisible at dir
 *   folder.commit();                                    // dir now holds exactly this run
 * }
 * }</pre>
 */
public final class ResultFolder implements AutoCloseable {
  /** The name of the manifest in every result folder. */
  public static final String MANIFEST = "manifest.json";

  private final Path target;
  private final Path staging;
  private final Map<String, String> run;
  private boolean finished;

  private ResultFolder(Path target, Path staging, Map<String, String> run) {
    this.target = target;
    this.staging = staging;
    this.run = run;
  }

  /**
   * Refuses a target that brainc must not replace: an existing file, a non-empty folder without
   * a manifest, or a place whose parent cannot be created. Call it before the work starts.
   */
  public static void check(Path target) throws IOException {
    check(target, null);
  }

  /**
   * As {@link #check(Path)}, and also refuses a folder of another command's results (a
   * manifest whose {@code command} is not {@code command}): {@code run --out} over the folder
   * of a {@code train} would otherwise replace the trained weights. A {@value #MANIFEST} that
   * brainc did not write (one without {@code "brainc": "results"}) does not make a folder
   * brainc's. {@code command} null, or a manifest that names no command, accepts any.
   */
  public static void check(Path target, String command) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new OutputException(target + " exists and is not a folder; name a folder for the results");
      }
      if (!isEmpty(absolute)) {
        Path manifest = absolute.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
          throw new OutputException(target + " is a folder that brainc did not write (it has no "
              + MANIFEST + "); name a new or empty folder, or remove it first");
        }
        Object owner = writer(manifest);
        if (owner == null) {
          throw new OutputException(target + " is a folder that brainc did not write (its " + MANIFEST
              + " is not a brainc results manifest); name a new or empty folder, or remove it first");
        }
        if (command != null && !"".equals(owner) && !command.equals(owner)) {
          throw new OutputException(target + " holds the results of `brainc " + owner + "` (see its " + MANIFEST
              + "), which `brainc " + command + "` would replace; name another folder, or remove it first");
        }
      }
    }
    Path parent = absolute.getParent();
    if (parent == null) throw new OutputException(target + " cannot hold results: it is the root folder");
    for (Path p = parent; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new OutputException("cannot create " + target + ": " + p + " is a file, not a folder");
        }
        if (p.equals(nearestExisting(parent)) && !OutputPaths.canCreateIn(p)) {
          throw new OutputException("cannot create " + target + ": " + p + " is not writable");
        }
        break;
      }
    }
  }

  /**
   * Starts staging results for {@code target}. {@code run} names the run in the manifest (e.g.
   * command, model, statement, seed); its order is kept. Nothing is visible at the target until
   * {@link #commit()}.
   */
  public static ResultFolder open(Path target, Map<String, String> run) throws IOException {
    check(target, run.get("command"));
    Path absolute = target.toAbsolutePath().normalize();
    // A link to a results folder stays a link: the results replace the folder it points to.
    if (Files.isSymbolicLink(absolute) && Files.isDirectory(absolute)) absolute = absolute.toRealPath();
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    removeStale(parent, absolute.getFileName().toString());
    for (int attempt = 0; ; attempt++) {
      Path staging = parent.resolve(stagingName(absolute.getFileName().toString()));
      try {
        Files.createDirectory(staging);
        return new ResultFolder(absolute, staging, new LinkedHashMap<>(run));
      } catch (FileAlreadyExistsException e) {
        if (attempt == 16) throw e;
      }
    }
  }

  /** The folder being published. */
  public Path target() {
    return target;
  }

  /** Where to write the result file {@code relative} (inside the staging folder). */
  public Path file(String relative) throws IOException {
    if (finished) throw new IOException("already committed or closed: " + target);
    Path p = staging.resolve(relative).normalize();
    if (!p.startsWith(staging) || p.equals(staging.resolve(MANIFEST))) {
      throw new IllegalArgumentException("not a result file name: " + relative);
    }
    Files.createDirectories(p.getParent());
    return p;
  }

  /**
   * Writes the manifest and puts the staged folder at the target, replacing the previous results
   * folder there. If this throws, the target holds what it held before.
   */
  public void commit() throws IOException {
    if (finished) throw new IOException("already committed or closed: " + target);
    finished = true;
    try {
      AtomicFiles.write(staging.resolve(MANIFEST), manifest().getBytes(StandardCharsets.UTF_8));
      check(target, run.get("command"));
      Path old = null;
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old = target.resolveSibling(stagingName(target.getFileName().toString()));
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
      if (old != null) deleteTree(old);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  /** Discards the staged files unless committed. */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      deleteQuietly(staging);
    }
  }

  /** The manifest's text: the run's fields, then every file with its size in bytes, sorted. */
  private String manifest() throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(staging)) {
      s.filter(Files::isRegularFile).map(p -> staging.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.equals(MANIFEST)).sorted().forEach(files::add);
    }
    StringBuilder json = new StringBuilder("{\n  \"brainc\": \"results\"");
    for (Map.Entry<String, String> e : run.entrySet()) {
      json.append(",\n  ").append(Json.quote(e.getKey())).append(": ").append(Json.quote(e.getValue()));
    }
    json.append(",\n  \"files\": [");
    for (int i = 0; i < files.size(); i++) {
      long size = Files.size(staging.resolve(files.get(i)));
      json.append(i == 0 ? "\n    " : ",\n    ").append("{\"name\": ").append(Json.quote(files.get(i)))
          .append(", \"bytes\": ").append(size).append('}');
    }
    json.append(files.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return json.toString();
  }

  private static String stagingName(String name) {
    return "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
  }

  /** Removes hidden staging folders that a killed run left beside the target. */
  private static void removeStale(Path parent, String name) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, "." + name + ".*.tmp")) {
      for (Path p : ds) if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) deleteQuietly(p);
    } catch (IOException e) {
      // Leftovers are hidden and harmless; failing to list them is no reason to fail the run.
    }
  }

  /**
   * The command that wrote the results manifest {@code manifest} ("" when it names none), or
   * null when the file is not a brainc results manifest (another program's manifest.json, or
   * one too large or unreadable as JSON to be brainc's).
   */
  private static Object writer(Path manifest) {
    Object json;
    try {
      if (Files.size(manifest) > MANIFEST_LIMIT) return null;
      byte[] bytes = Files.readAllBytes(manifest);
      json = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
    } catch (IOException | Json.SyntaxException | RuntimeException | StackOverflowError e) {
      return null;
    }
    if (!(json instanceof Map<?, ?> m) || !"results".equals(m.get("brainc"))) return null;
    return m.get("command") instanceof String c ? c : "";
  }

  /** No manifest brainc writes comes near this size (it lists file names and sizes). */
  private static final long MANIFEST_LIMIT = 64L << 20;

  private static Path nearestExisting(Path p) {
    while (p != null && !Files.exists(p)) p = p.getParent();
    return p;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // A hidden leftover; the next open removes it.
    }
  }
}
