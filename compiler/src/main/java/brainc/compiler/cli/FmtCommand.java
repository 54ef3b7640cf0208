package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.compiler.syntax.Formatter;
import brainc.ir.source.SourceFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brainc fmt FILE...}: the canonical layout (the language server's formatting too). Prints
 * the formatted text, or with {@code --write} replaces the files atomically, or with
 * {@code --check} only says which files are not formatted (exit 1). A file with syntax errors is
 * never rewritten.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true, description = "Format .brain files in the canonical layout.")
final class FmtCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The .brain files to format.")
  List<Path> files;

  @Option(names = {"-w", "--write"}, description = "Rewrite the files in place (atomically).")
  boolean write;

  @Option(names = "--check", description = "Change nothing; exit 1 if a file is not formatted.")
  boolean check;

  @Override
  public Integer call() {
    if (write && check) {
      throw new ParameterException(spec.commandLine(), "--write and --check exclude each other: --check changes nothing");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Frontend frontend = new Frontend();
    int code = ExitCode.OK;
    int unformatted = 0;
    for (Path file : files) {
      Optional<SourceFile> source = Inputs.read(frontend.loader(), file, err);
      if (source.isEmpty()) {
        code = ExitCode.INPUT;
        continue;
      }
      Analysis a = frontend.analyze(source.get());
      var syntax = a.diagnostics().stream().filter(d -> d.code().id().startsWith("E01")
          && d.span().source().equals(source.get().id())).toList();
      if (!syntax.isEmpty()) {
        err.print(new DiagnosticRenderer(a.sources()).human(syntax));
        err.println("brainc: " + file + " has syntax errors; it is left as it is");
        code = ExitCode.INPUT;
        continue;
      }
      String text = source.get().text();
      String formatted = Formatter.format(text);
      if (check) {
        if (!formatted.equals(text)) {
          out.println(file + ": not formatted");
          unformatted++;
          code = ExitCode.INPUT;
        }
      } else if (write) {
        if (!formatted.equals(text) && !Inputs.writeAtomically(file, formatted, err)) code = ExitCode.INPUT;
      } else {
        out.print(formatted);
      }
    }
    out.flush();
    if (unformatted > 0) {
      err.println("brainc: " + unformatted + (unformatted == 1 ? " file is" : " files are")
          + " not formatted; `brainc fmt --write FILE` formats in place");
    }
    err.flush();
    return code;
  }
}
