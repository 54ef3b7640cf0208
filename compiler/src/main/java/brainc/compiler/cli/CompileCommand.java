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
        "Check a model and lower it to the model IR (--emit-ir), or compile its runs and show",
        "the compiler's decisions (--explain) or the IR after a pass (--dump-ir=after:PASS)."})
final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain model to compile.")
  Path file;

  @Option(names = "--emit-ir", description = "Emit the model IR in its text form.")
  boolean emitIr;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "Write the output to OUT (atomically) instead of stdout.")
  Path output;

  @Option(names = "--explain",
      description = "Compile each `run` statement and print the compiler's decisions (integration method per "
          + "equation, loop fusion, connectivity formats).")
  boolean explain;

  @Option(names = "--dump-ir", paramLabel = "after:PASS",
      description = "Compile each `run` statement and print the IR after a pass: "
          + "specialize-params, fold-constants, solve-odes, schedule, fuse-kernels, eliminate-dead-locals, "
          + "choose-connectivity-format.")
  String dumpIr;

  @Override
  public Integer call() {
    if (!emitIr && !explain && dumpIr == null) {
      throw new ParameterException(spec.commandLine(),
          "nothing to emit: pass --emit-ir, --explain or --dump-ir=after:PASS");
    }
    String dumpAfter = null;
    if (dumpIr != null) {
      dumpAfter = dumpIr.startsWith("after:") ? dumpIr.substring("after:".length()) : dumpIr;
      if (!brainc.compiler.passes.Pipeline.PASSES.contains(dumpAfter)) {
        throw new ParameterException(spec.commandLine(), "unknown pass `" + dumpAfter + "` (passes: "
            + String.join(", ", brainc.compiler.passes.Pipeline.PASSES) + ")");
      }
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
    if (explain || dumpAfter != null) {
      String after = dumpAfter;
      for (var d : module.decls()) {
        if (!(d instanceof brainc.ir.model.RunSpec run)) continue;
        var cx = new brainc.compiler.passes.PassContext();
        try {
          brainc.compiler.passes.Pipeline.compile(module, run, brainc.compiler.passes.Pipeline.settings(run), cx,
              (pass, ir) -> {
                if (pass.equals(after)) {
                  out.println(ir instanceof IrModule m ? IrPrinter.print(m) : KernelText.print(ir));
                }
              });
        } catch (brainc.compiler.schedule.UnsupportedModelException e) {
          err.println("brainc: cannot compile `" + run.target() + "` for a run: " + e.getMessage());
          return ExitCode.INPUT;
        }
        if (explain) {
          out.println(run.name() + " (" + run.target() + "):");
          for (String line : cx.explanations()) out.println("  " + line);
        }
      }
      out.flush();
      if (!emitIr) return ExitCode.OK;
    }
    String text = IrPrinter.print(module);
    if (output == null) {
      out.print(text);
      out.flush();
      return ExitCode.OK;
    }
    return Inputs.writeAtomically(output, text, err) ? ExitCode.OK : ExitCode.INPUT;
  }
}
