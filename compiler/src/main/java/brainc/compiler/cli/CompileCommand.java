package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import brainc.ir.text.IrPrinter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainc compile FILE --emit-ir [-o OUT]}: checks the model and, when it has no errors,
 * lowers it to the model IR and prints the IR's text form. Code generation backends are not
 * part of this version, so {@code --emit-ir} is the only output there is.
 */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
        "Check a model and lower it to the model IR.",
        "This version emits the IR text only (--emit-ir); code generation targets come later."})
final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain model to compile.")
  Path file;

  @Option(names = "--emit-ir", description = "Emit the model IR in its text form.")
  boolean emitIr;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "Write the output to OUT (atomically) instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    if (!emitIr) {
      throw new ParameterException(spec.commandLine(),
          "nothing to emit: pass --emit-ir (code generation targets are not available yet in this version)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Frontend frontend = new Frontend();
    Optional<SourceFile> source = Inputs.read(frontend.loader(), file, err);
    if (source.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = frontend.analyze(source.get());
    err.print(new DiagnosticRenderer(analysis.sources()).human(analysis.diagnostics()));
    err.flush();
    // Lowering runs only on error-free input: the IR is strict, the AST is lenient.
    if (analysis.hasErrors()) return ExitCode.INPUT;
    IrModule module = brainc.compiler.lower.Lowering.lower(analysis);
    String text = IrPrinter.print(module);
    if (output == null) {
      out.print(text);
      out.flush();
      return ExitCode.OK;
    }
    return Inputs.writeAtomically(output, text, err) ? ExitCode.OK : ExitCode.INPUT;
  }
}
