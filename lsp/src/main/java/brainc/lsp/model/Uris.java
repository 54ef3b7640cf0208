package brainc.lsp.model;

import brainc.compiler.source.SourceLoader;
import brainc.ir.source.SourceId;
import java.net.URI;
import java.nio.file.Path;

/**
 * Converts between document URIs and the front end's {@link SourceId}s. Files on disk are
 * {@code file:} URIs named by their absolute path; standard-library packages are served
 * read-only as {@code brainc-stdlib:/brain/neurons.brain}; any other scheme (an editor's
 * unsaved buffer) keeps its URI as its name.
 */
public final class Uris {
  /** The scheme of the read-only standard-library documents. */
  public static final String STDLIB_SCHEME = "brainc-stdlib";

  private Uris() {}

  public static SourceId sourceId(String uri) {
    if (uri.startsWith(STDLIB_SCHEME + ":")) {
      String rel = uri.substring(STDLIB_SCHEME.length() + 1).replaceFirst("^/+", "");
      return new SourceId(SourceLoader.STDLIB_PREFIX + rel);
    }
    if (uri.startsWith("file:")) {
      try {
        return new SourceId(Path.of(URI.create(uri)).toString());
      } catch (RuntimeException e) {
        return new SourceId(uri);
      }
    }
    return new SourceId(uri);
  }

  /** The URI of a source that is not open in the editor (an imported file or a stdlib package). */
  public static String uriOf(SourceId id) {
    String name = id.name();
    if (SourceLoader.isStdlib(name)) {
      return STDLIB_SCHEME + ":/" + name.substring(SourceLoader.STDLIB_PREFIX.length());
    }
    if (name.contains(":") && !name.startsWith("/")) return name;
    return Path.of(name).toAbsolutePath().toUri().toString();
  }

  public static boolean isStdlib(String uri) {
    return uri.startsWith(STDLIB_SCHEME + ":");
  }
}
