package brainc.runtime.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The reason a file could not be read or written, in words a person can act on. The JDK's
 * exceptions often carry only the path as their message, so printing {@code e.getMessage()}
 * gives "cannot write out.csv: out.csv"; this names the cause instead: no such folder,
 * permission denied, is a folder, disk full, read-only file system.
 *
 * <pre>{@code
 * catch (IOException e) { err.println("brainc: " + IoMessages.cannot("write", output, e)); }
 * // brainc: cannot write out/x.csv: no such folder out
 * }</pre>
 */
public final class IoMessages {
  private IoMessages() {}

  /** {@code cannot VERB PATH: REASON}; an {@link OutputException} is its own whole message. */
  public static String cannot(String verb, Path path, IOException e) {
    if (e instanceof OutputException) return e.getMessage();
    return "cannot " + verb + " " + path + ": " + reason(e);
  }

  /** Why {@code e} happened, without repeating the path it names. */
  public static String reason(IOException e) {
    if (e instanceof OutputException) return e.getMessage();
    if (e instanceof CharacterCodingException) return "not UTF-8 text";
    if (e instanceof NoSuchFileException n) {
      Path missing = missingFolder(n.getFile());
      return missing != null ? "no such folder " + missing : "no such file";
    }
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NotDirectoryException) return "a part of the path is a file, not a folder";
    if (e instanceof FileAlreadyExistsException) return "it already exists";
    if (e instanceof DirectoryNotEmptyException) return "it is a folder that is not empty";
    if (e instanceof FileSystemException f) {
      String r = f.getReason();
      if (r != null) return plain(r);
      String m = f.getMessage();
      if (m != null && !m.equals(f.getFile())) return m;
      return "the file system refused it";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : plain(m);
  }

  /** The operating system's reasons (strerror texts) in the words of brainc's messages. */
  private static String plain(String reason) {
    String r = reason.strip();
    String lower = r.toLowerCase(Locale.ROOT);
    if (lower.contains("is a directory")) return "it is a folder";
    if (lower.contains("not a directory")) return "a part of the path is a file, not a folder";
    if (lower.contains("no space left")) return "the disk is full (no space left on device)";
    if (lower.contains("disk quota")) return "the disk quota is exceeded";
    if (lower.contains("read-only file system")) return "read-only file system";
    if (lower.contains("permission denied") || lower.contains("operation not permitted")) return "permission denied";
    if (lower.contains("file name too long")) return "the file name is too long";
    if (lower.contains("too many levels of symbolic links")) return "too many levels of symbolic links (a link loop?)";
    if (lower.contains("no such file")) return "no such file or folder";
    return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
  }

  /** The nearest folder above {@code file} that does not exist, or null when its folder exists. */
  private static Path missingFolder(String file) {
    if (file == null) return null;
    Path parent = Path.of(file).toAbsolutePath().getParent();
    if (parent == null || Files.isDirectory(parent)) return null;
    Path missing = parent;
    while (missing.getParent() != null && !Files.exists(missing.getParent())) missing = missing.getParent();
    return missing;
  }
}
