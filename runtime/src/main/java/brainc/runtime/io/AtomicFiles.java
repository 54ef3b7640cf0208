package brainc.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees either the old content or the complete new content, never a
 * prefix, even if the writer throws or the machine loses power midway.
 *
 * <p>Monitors, checkpoints and exported arrays are read by other programs (and by a resumed run)
 * while a simulation may still crash, so a half-written file would be worse than none. The bytes
 * go to a temporary file in the target's directory (same file system, so the final rename cannot
 * turn into a copy), which is forced to disk and then moved over the target with {@link
 * StandardCopyOption#ATOMIC_MOVE}. Where the file system cannot move atomically, the move falls
 * back to {@link StandardCopyOption#REPLACE_EXISTING}, which may expose a short window but still
 * never a partial file of ours. Finally the directory is forced too, where the platform allows
 * opening one, so that the rename itself survives a crash.
 *
 * <pre>{@code
 * AtomicFiles.write(path, out -> out.write(bytes));   // throws: old file untouched
 *
 * try (AtomicFiles.Output out = AtomicFiles.open(path)) {
 *   ...write...
 *   out.commit();                                     // no commit: nothing published
 * }
 * }</pre>
 *
 * The temporary file is created with the process's default permissions (not the owner-only ones
 * of {@link Files#createTempFile}), so a new file looks like any other new file; a file that
 * already exists keeps its permissions. A symbolic link is written through: the file it points
 * to is replaced (beside that file, so the rename stays atomic) and the link stays a link. A
 * folder is never replaced.
 */
public final class AtomicFiles {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int NAME_ATTEMPTS = 16;

  private AtomicFiles() {}

  /** What writes the content; if it throws, the target is left as it was. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces (or creates) {@code target} with what {@code body} writes, or leaves it alone. */
  public static void write(Path target, Body body) throws IOException {
    try (Output out = open(target)) {
      body.writeTo(out);
      out.commit();
    }
  }

  /** Replaces (or creates) {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Starts replacing {@code target}. Nothing is visible until {@link Output#commit()}; closing
   * without committing discards what was written.
   */
  public static Output open(Path target) throws IOException {
    Path absolute = throughLinks(target.toAbsolutePath());
    Path dir = absolute.getParent();
    if (dir == null) {
      throw new IllegalArgumentException("not a file path: " + target);
    }
    if (Files.isDirectory(absolute)) {
      throw new OutputException("cannot write " + target + ": it is a folder; name a file");
    }
    Set<PosixFilePermission> mode = existingMode(absolute);
    String name = absolute.getFileName().toString();
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
      Path temp = dir.resolve("." + name + "." + suffix + ".tmp");
      try {
        FileChannel channel =
            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (mode != null) {
          try {
            Files.setPosixFilePermissions(temp, mode);
          } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw e;
          }
        }
        return new Output(absolute, temp, channel);
      } catch (FileAlreadyExistsException e) {
        if (attempt == NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** The most links followed before a chain is taken for a loop (as Linux's ELOOP does). */
  private static final int MAX_LINKS = 40;

  /**
   * The file that writing {@code path} should replace: {@code path} itself, or, for a symbolic
   * link (even one whose target does not exist yet), the file at the end of its chain of links.
   */
  public static Path throughLinks(Path path) throws IOException {
    Path p = path;
    for (int i = 0; Files.isSymbolicLink(p); i++) {
      if (i == MAX_LINKS) throw new OutputException("cannot write " + path + ": too many levels of symbolic links");
      Path link = Files.readSymbolicLink(p);
      Path parent = p.getParent();
      p = (parent == null ? link : parent.resolve(link)).normalize();
    }
    return p;
  }

  /** The POSIX permissions of an existing regular file, or null (none there, or no POSIX). */
  private static Set<PosixFilePermission> existingMode(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.getPosixFilePermissions(file) : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** The rename that publishes a file; a parameter only so that tests can refuse atomicity. */
  @FunctionalInterface
  interface Move {
    void move(Path from, Path to) throws IOException;
  }

  static final Move ATOMIC =
      (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);

  /** Moves {@code temp} over {@code target}, atomically where {@code atomic} can. */
  static void publish(Path temp, Path target, Move atomic) throws IOException {
    try {
      atomic.move(temp, target);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Forces a directory's entries to disk. Linux and macOS allow this; Windows refuses to open a
   * directory as a channel, and there the rename's durability is left to the file system.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort by design: the file itself is already complete and durable.
    }
  }

  /**
   * A buffered stream into the temporary file of one pending replacement. Not thread-safe. After
   * {@link #commit()} or {@link #close()} every write fails.
   */
  public static final class Output extends OutputStream {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream buffered;
    private boolean finished;

    private Output(Path target, Path temp, FileChannel channel) {
      this.target = target;
      this.temp = temp;
      this.channel = channel;
      this.buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
    }

    /** The file this output will replace. */
    public Path target() {
      return target;
    }

    @Override
    public void write(int b) throws IOException {
      ensureOpen();
      buffered.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      buffered.write(b, off, len);
    }

    /** Hands buffered bytes to the temporary file; publishes nothing. */
    @Override
    public void flush() throws IOException {
      ensureOpen();
      buffered.flush();
    }

    /**
     * Forces the content to disk and moves it over the target. If this throws, the target is as
     * it was (or, where only the final directory sync is missing, already complete) and the
     * temporary file is gone.
     */
    public void commit() throws IOException {
      ensureOpen();
      finished = true;
      try {
        buffered.flush();
        channel.force(true);
        channel.close();
        publish(temp, target, ATOMIC);
      } catch (IOException | RuntimeException | Error e) {
        discard(e);
        throw e;
      }
      forceDirectory(target.getParent());
    }

    /** Discards the pending content unless it was committed; the target is left as it was. */
    @Override
    public void close() throws IOException {
      if (!finished) {
        finished = true;
        discard(null);
      }
    }

    private void discard(Throwable cause) throws IOException {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        if (cause == null) {
          throw e;
        }
        cause.addSuppressed(e);
      }
    }

    private void ensureOpen() throws IOException {
      if (finished) {
        throw new IOException("already committed or closed: " + target);
      }
    }
  }
}
