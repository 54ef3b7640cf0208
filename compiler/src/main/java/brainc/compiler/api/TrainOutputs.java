package brainc.compiler.api;

import brainc.runtime.io.OutputException;
import brainc.runtime.io.OutputPaths;
import brainc.runtime.io.ResultFolder;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * The outputs of {@code brainc train}, checked before any work starts so that a long run never
 * ends by failing to save, and never writes over a file of the user's:
 *
 * <ul>
 *   <li>{@code --out DIR}: a results folder published whole at the end ({@link ResultFolder}):
 *       new, empty, or one that brainc wrote (it has a manifest.json); never an input or a
 *       folder holding one.
 *   <li>{@code --checkpoint DIR} (default {@code <out>.checkpoint}): a folder, written during the
 *       run, one atomic file at a time, so it survives a crash or Ctrl-C; it may hold only what
 *       brainc puts there (checkpoint.npz, state.npz), and it lies outside the results
 *       folder, which is replaced as a whole.
 *   <li>{@code --trace FILE}: a regular file (written atomically at the end), never an input, and
 *       outside the results folder.
 * </ul>
 */
public final class TrainOutputs {
  /** What brainc writes in a checkpoint folder: dataset checkpoints, environment state and best weights. */
  static final Set<String> CHECKPOINT_ENTRIES = Set.of("checkpoint.npz", "state.npz", "state", "best");

  private TrainOutputs() {}

  public static void check(Path out, Path checkpoint, Path trace, Collection<Path> inputs, Collection<String> subs)
      throws IOException {
    ResultFolder.check(out, "train");
    OutputPaths.refuseInputs("--out", out, inputs);
    if (Files.exists(checkpoint, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(checkpoint)) {
      throw new OutputException("--checkpoint " + checkpoint + " exists and is not a folder; name a folder for the "
          + "checkpoints (brainc writes checkpoint.npz or state.npz there)");
    }
    OutputPaths.refuseInputs("--checkpoint", checkpoint, inputs);
    if (inside(checkpoint, out)) {
      throw new OutputException("--checkpoint " + checkpoint + " lies inside the results folder " + out
          + ", which is replaced as a whole when the run ends; name a folder outside it");
    }
    if (inside(out, checkpoint)) {
      throw new OutputException("--out " + out + " lies inside the checkpoint folder " + checkpoint
          + ", which holds only checkpoints; name a results folder outside it");
    }
    if (Files.isDirectory(checkpoint)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpoint)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (name.startsWith(".") || CHECKPOINT_ENTRIES.contains(name) || subs.contains(name)) continue;
          throw new OutputException("--checkpoint " + checkpoint + " is a folder that brainc did not write (it holds "
              + name + "); name a new or empty folder for the checkpoints");
        }
      }
    }
    writableParent("--checkpoint", checkpoint);
    if (trace != null) {
      if (Files.isDirectory(trace)) {
        throw new OutputException("--trace " + trace + " is a folder; name a file for the trace (CSV)");
      }
      if (OutputPaths.isSpecial(trace)) {
        throw new OutputException("--trace " + trace + " is not a regular file; name a file for the trace (CSV)");
      }
      OutputPaths.refuseInputs("--trace", trace, inputs);
      if (inside(trace, out)) {
        throw new OutputException("--trace " + trace + " lies inside the results folder " + out
            + ", which is replaced as a whole when the run ends; name a file outside it");
      }
      if (inside(trace, checkpoint)) {
        throw new OutputException("--trace " + trace + " lies inside the checkpoint folder " + checkpoint
            + "; name a file outside it");
      }
      writableParent("--trace", trace);
    }
  }

  /** Whether {@code p} is {@code dir} or lies below it, as absolute, normalised paths (links resolved where they exist). */
  static boolean inside(Path p, Path dir) {
    Path a = real(p);
    Path d = real(dir);
    return a.startsWith(d);
  }

  private static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    // Resolve the longest existing prefix, so a link anywhere above is seen through.
    Path existing = abs;
    Path rest = null;
    while (existing != null && !Files.exists(existing)) {
      Path name = existing.getFileName();
      rest = rest == null ? name : name.resolve(rest);
      existing = existing.getParent();
    }
    if (existing == null) return abs;
    try {
      Path r = existing.toRealPath();
      return rest == null ? r : r.resolve(rest);
    } catch (IOException e) {
      return abs;
    }
  }

  private static void writableParent(String flag, Path p) throws OutputException {
    Path parent = p.toAbsolutePath().normalize().getParent();
    for (Path q = parent; q != null; q = q.getParent()) {
      if (Files.exists(q)) {
        if (!Files.isDirectory(q)) throw new OutputException("cannot create " + flag + " " + p + ": " + q + " is a file, not a folder");
        if (!(q.equals(p.toAbsolutePath().normalize())) && !OutputPaths.canCreateIn(q)) {
          throw new OutputException("cannot create " + flag + " " + p + ": " + q + " is not writable");
        }
        return;
      }
    }
  }

  /** A short reason for an I/O failure, as a person reads it. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException n) return (n.getFile() == null ? "" : n.getFile() + ": ") + "no such file or folder";
    if (e instanceof AccessDeniedException a) return (a.getFile() == null ? "" : a.getFile() + ": ") + "permission denied";
    if (e instanceof CharacterCodingException) return "not UTF-8 text";
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
