package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.compiler.driver.SourceLoader;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Reading models and writing outputs for the commands, with the one-line messages a person
 * needs when a file is missing or unreadable ({@code brainc: cannot read x.brain: no such file}).
 */
final class Inputs {
  private Inputs() {}

  /**
   * The model's analysis, its diagnostics printed to {@code err}; empty when the file cannot be
   * read or has errors (lowering runs only on error-free input: the IR is strict, the AST lenient).
   */
  static Optional<Analysis> checked(Path file, PrintWriter err) {
    Frontend frontend = new Frontend();
    Optional<SourceFile> source = read(frontend.loader(), file, err);
    if (source.isEmpty()) return Optional.empty();
    Analysis analysis = frontend.analyze(source.get());
    err.print(new DiagnosticRenderer(analysis.sources()).human(analysis.diagnostics()));
    err.flush();
    return analysis.hasErrors() ? Optional.empty() : Optional.of(analysis);
  }

  /** The file's text, or empty after printing why it cannot be read. */
  static Optional<SourceFile> read(SourceLoader loader, Path path, PrintWriter err) {
    try {
      if (Files.isDirectory(path)) {
        err.println("brainc: cannot read " + path + ": is a directory");
        return Optional.empty();
      }
      return Optional.of(loader.read(path));
    } catch (IOException e) {
      err.println("brainc: cannot read " + path + ": " + reason(e));
      return Optional.empty();
    }
  }

  /**
   * Writes {@code text} so that readers see the old file or the whole new one, never a part:
   * a temporary file beside the target, then a rename.
   */
  static boolean writeAtomically(Path target, String text, PrintWriter err) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException e) {
      err.println("brainc: cannot write " + target + ": " + reason(e));
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The temporary file is hidden and harmless; the message above is what matters.
        }
      }
      return false;
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return n.getFile() != null && n.getFile().endsWith(".tmp") ? "no such directory" : "no such file";
    }
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof CharacterCodingException) return "not UTF-8 text";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
