package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.compiler.source.SourceLoader;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.IoMessages;
import brainc.runtime.io.OutputException;
import brainc.runtime.io.OutputPaths;
import brainc.runtime.io.ResultFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
      // An empty argument resolves to the working directory: "cannot read : is a directory".
      if (path.toString().isEmpty()) {
        err.println("brainc: the file name is empty (an empty argument, or an unset variable); name a .brain file");
        return Optional.empty();
      }
      if (Files.isDirectory(path)) {
        err.println("brainc: cannot read " + path + ": is a directory");
        return Optional.empty();
      }
      if (Files.exists(path) && !Files.isRegularFile(path)) {
        // A pipe or a device would block or never end; models are files.
        err.println("brainc: cannot read " + path + ": not a regular file");
        return Optional.empty();
      }
      return Optional.of(loader.read(path));
    } catch (java.nio.charset.CharacterCodingException e) {
      err.println("brainc: cannot read " + path + ": not UTF-8 text" + firstBadByte(path) + "; save it as UTF-8");
      return Optional.empty();
    } catch (IOException e) {
      err.println("brainc: cannot read " + path + ": " + reason(e));
      return Optional.empty();
    }
  }

  /** Where the first byte that is not UTF-8 is (" at line L, column C (byte 0xXX)"), or "" if unknown. */
  static String firstBadByte(Path path) {
    try {
      brainc.runtime.io.Utf8.decode(Files.readAllBytes(path));
      return "";
    } catch (brainc.runtime.io.Utf8.MalformedException e) {
      int column = e.before().codePointCount(0, e.before().length()) + 1;
      return String.format(" at line %d, column %d (byte 0x%02X)", e.line(), column, e.value());
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Writes {@code text} so that readers see the old file or the whole new one, never a part:
   * a temporary file beside the target, then a rename. A symbolic link is written through (the
   * link stays, its target gets the text) and an existing file keeps its mode.
   */
  static boolean writeAtomically(Path target, String text, PrintWriter err) {
    try {
      AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException e) {
      err.println("brainc: " + IoMessages.cannot("write", target, e));
      return false;
    }
  }

  /**
   * Checks, before any work, that {@code output} (given with {@code flag}) can take the command's
   * output: it is none of {@code inputs} (through links) and does not hold one; a file output is
   * not a folder and its folder exists and is writable; a folder output is new, empty or one that
   * brainc wrote for the same command ({@link ResultFolder#check}). {@code folderOf} is the
   * command whose results folder the output is, or null for a file output. Prints why not and
   * returns false.
   */
  static boolean checkOutput(String flag, Path output, String folderOf, Collection<Path> inputs, PrintWriter err) {
    try {
      OutputPaths.refuseInputs(flag, output, inputs);
      if (folderOf != null) {
        ResultFolder.check(output, folderOf);
        return true;
      }
      // A link is written through: what matters is the file at its end.
      Path real = AtomicFiles.throughLinks(output.toAbsolutePath());
      if (Files.isDirectory(real)) throw new OutputException(flag + " " + output + " is a folder; name a file");
      if (OutputPaths.isSpecial(real)) throw new OutputException(flag + " " + output + " is not a regular file");
      Path parent = real.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new OutputException("cannot write " + output + ": " + (Files.exists(parent) ? parent + " is a file, not a folder"
            : "no such folder " + parent));
      }
      if (parent != null && !OutputPaths.canCreateIn(parent)) {
        throw new OutputException("cannot write " + output + ": the folder " + parent + " is not writable");
      }
      return true;
    } catch (IOException e) {
      err.println("brainc: " + IoMessages.cannot("write", output, e));
      err.flush();
      return false;
    }
  }

  static boolean checkOutput(String flag, Path output, String folderOf, Path input, PrintWriter err) {
    return checkOutput(flag, output, folderOf, List.of(input), err);
  }

  /** The model and every file of the user's it imports (not the standard library's). */
  static List<Path> userSources(Analysis analysis, Path file) {
    List<Path> out = new ArrayList<>(List.of(file));
    for (var id : analysis.sources().keySet()) {
      if (id.name().startsWith("stdlib:")) continue;
      try {
        out.add(Path.of(id.name()));
      } catch (RuntimeException e) {
        // Not a path: nothing of the user's to protect.
      }
    }
    return out;
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) return "no such file";
    return IoMessages.reason(e);
  }
}
