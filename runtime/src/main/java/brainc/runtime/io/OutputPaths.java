package brainc.runtime.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Checks, before any work starts, that an output path will not write over one of the command's
 * inputs. Paths are compared as the files they are (through symbolic links, {@code ..} and
 * hard links), not as strings, so {@code -o ./model.brain} and a link to the model are caught.
 */
public final class OutputPaths {
  private OutputPaths() {}

  /**
   * Throws an {@link OutputException} naming {@code flag} when {@code output} is, or (as a
   * folder) contains, one of {@code inputs}.
   */
  public static void refuseInputs(String flag, Path output, Collection<Path> inputs) throws OutputException {
    for (Path input : inputs) {
      if (sameFile(output, input)) {
        throw new OutputException(flag + " " + output + " is the input " + input
            + "; writing there would destroy it. Name another file");
      }
      if (Files.isDirectory(output) && inside(input, output)) {
        throw new OutputException(flag + " " + output + " holds the input " + input
            + ", and its results would replace it. Name another folder");
      }
    }
  }

  /** Whether {@code a} and {@code b} name the same existing file. */
  public static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the existing file {@code file} lies somewhere below the folder {@code dir}. */
  private static boolean inside(Path file, Path dir) {
    try {
      Path f = file.toRealPath();
      Path d = dir.toRealPath();
      return !f.equals(d) && f.startsWith(d);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether a file or folder can be created in the existing folder {@code dir}. The permission
   * bits are not enough: for root every folder looks writable, yet {@code /proc}, {@code /sys}
   * or a read-only mount refuse; so this creates and removes a hidden folder there, and an
   * output is refused before the work rather than after it.
   */
  public static boolean canCreateIn(Path dir) {
    if (!Files.isWritable(dir)) return false;
    try {
      Path probe = Files.createTempDirectory(dir, ".brainc-probe-");
      Files.delete(probe);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Whether {@code p} exists as something other than a regular file or a link to one. */
  public static boolean isSpecial(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p) && !Files.isDirectory(p);
  }
}
