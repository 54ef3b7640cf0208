package brainc.lsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files the typing tests type into the server: every sample, golden and standard-library
 * model, and whatever lies under {@code src/test/resources/corpus}. To widen it, add a root
 * here or drop files into that folder.
 */
final class Corpus {
  /** Folders searched for {@code .brain} files at any depth (relative to the lsp module). */
  static final List<Path> ROOTS = List.of(
      Path.of("../samples").resolve("golden"),
      Path.of("../stdlib/src/main/resources"),
      Path.of("src/test/resources/corpus"),
      // The CLI's adversarial suite, if it keeps model files on disk.
      Path.of("../samples/src/test/resources/adversarial"));
  /** Folders whose own {@code .brain} files (not their subfolders') are included. */
  static final List<Path> FLAT = List.of(Path.of("../samples"));

  private Corpus() {}

  static List<Path> files() {
    List<Path> out = new ArrayList<>();
    try {
      for (Path root : FLAT) {
        if (!Files.isDirectory(root)) continue;
        try (Stream<Path> s = Files.list(root)) {
          s.filter(Corpus::isModel).sorted().forEach(out::add);
        }
      }
      for (Path root : ROOTS) {
        if (!Files.isDirectory(root)) continue;
        try (Stream<Path> s = Files.walk(root)) {
          s.filter(Corpus::isModel).sorted().forEach(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }

  private static boolean isModel(Path p) {
    return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".brain");
  }
}
