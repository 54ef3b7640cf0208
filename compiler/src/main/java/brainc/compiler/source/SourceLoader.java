package brainc.compiler.source;

import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the text of packages named by {@code use}: first a file beside the importing model
 * ({@code use mylib.rules} reads {@code mylib/rules.brain} next to it), then the standard
 * library on the class path ({@code use brain.neurons} reads the resource
 * {@code brain/neurons.brain}). Editors substitute their own open documents through
 * {@link #overlay}.
 */
public class SourceLoader {
  /** The prefix of stdlib source names, so that messages say where a declaration came from. */
  public static final String STDLIB_PREFIX = "stdlib:";

  /** Reads a document the user named; editors override this to serve unsaved text. */
  public Optional<String> overlay(Path path) {
    return Optional.empty();
  }

  public SourceFile read(Path path) throws IOException {
    Optional<String> text = overlay(path);
    String body = text.isPresent() ? text.get() : Files.readString(path, StandardCharsets.UTF_8);
    return new SourceFile(new brainc.ir.source.SourceId(path.toString()), body);
  }

  /** The package's file beside {@code fromDir}, or in the standard library, if either exists. */
  public Optional<SourceFile> findPackage(String packageName, Path fromDir) {
    return lookup(packageName, fromDir).file();
  }

  /**
   * What a `use` of a package finds: its file, or nothing, or a file beside the model that
   * exists but cannot be used, with the reason ({@code problem}) in words for a diagnostic.
   */
  public record Lookup(Optional<SourceFile> file, Optional<String> problem) {
    static Lookup found(SourceFile f) {
      return new Lookup(Optional.of(f), Optional.empty());
    }

    static Lookup problem(String why) {
      return new Lookup(Optional.empty(), Optional.of(why));
    }
  }

  /** Like {@link #findPackage}, saying why a file that exists cannot be used. */
  public Lookup lookup(String packageName, Path fromDir) {
    String relative = packageName.replace('.', '/') + ".brain";
    if (fromDir != null) {
      Path candidate = fromDir.resolve(relative).normalize();
      if (overlay(candidate).isPresent() || Files.isRegularFile(candidate)) {
        try {
          return Lookup.found(read(candidate));
        } catch (java.nio.charset.CharacterCodingException e) {
          return Lookup.problem("`" + relative + "` is not valid UTF-8 text; save it as UTF-8");
        } catch (java.nio.file.AccessDeniedException e) {
          return Lookup.problem("`" + relative + "` cannot be read: permission denied");
        } catch (IOException | RuntimeException e) {
          return Lookup.problem("`" + relative + "` cannot be read"
              + (e.getMessage() == null ? "" : ": " + e.getClass().getSimpleName()));
        }
      }
      if (Files.isDirectory(candidate)) {
        return Lookup.problem("`" + relative + "` is a directory, not a .brain file");
      }
      if (Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
        return Lookup.problem("`" + relative + "` is a symbolic link to nothing");
      }
      if (Files.exists(candidate)) {
        return Lookup.problem("`" + relative + "` is not a regular file");
      }
    }
    return stdlib(relative).map(Lookup::found).orElse(new Lookup(Optional.empty(), Optional.empty()));
  }

  /** A stdlib resource such as {@code brain/neurons.brain}. */
  public Optional<SourceFile> stdlib(String relative) {
    // The stdlib ships inside the jar and never changes while brainc runs: read each file once.
    Optional<SourceFile> cached = STDLIB.get(relative);
    if (cached != null) return cached;
    Optional<SourceFile> read = readStdlib(relative);
    STDLIB.put(relative, read);
    return read;
  }

  private static final java.util.Map<String, Optional<SourceFile>> STDLIB = new java.util.concurrent.ConcurrentHashMap<>();

  private static Optional<SourceFile> readStdlib(String relative) {
    try (InputStream in = SourceLoader.class.getClassLoader().getResourceAsStream(relative)) {
      if (in == null) return Optional.empty();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Optional.of(SourceFile.of(STDLIB_PREFIX + relative, text));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public static boolean isStdlib(String sourceName) {
    return sourceName.startsWith(STDLIB_PREFIX);
  }
}
