package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.ir.model.IrModule;
import brainc.ir.text.IrPrinter;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.IoMessages;
import brainc.runtime.io.ResultFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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

  @Option(names = "--dump-ir", paramLabel = "after:PASS", completionCandidates = RunCommand.PassNames.class,
      description = "Compile each `run` statement and print the IR after a pass (one of: ${COMPLETION-CANDIDATES}).")
  String dumpIr;

  @Option(names = "--target", paramLabel = "T",
      description = "Generate code: `java` (the synapse models' simulators and jqwik property tests, as Java "
          + "sources in -o DIR), `jvm` (the class file of each run, in -o DIR), `cuda` (a CUDA program per run, "
          + "in -o DIR/<network>/, built with make) or `nir` (a NIR graph, <Network>.nir, per network a run "
          + "statement names, in -o DIR).")
  String target;

  @Option(names = "--cuda-arch", paramLabel = "LIST",
      description = "With --target cuda: the GPU architectures `make` builds for, comma-separated, each sm_80 or "
          + "later (default: sm_80,sm_90), plus PTX of the last for later GPUs.")
  String cudaArch;

  @Option(names = "--nir-reset", paramLabel = "MODE",
      description = "With --target nir: `zero` exports a reset by subtraction (Leaky) as NIR's reset to zero, with a "
          + "warning recorded in the file (without it, such a model is refused).")
  String nirReset;

  @Option(names = "--nir-max-dense", paramLabel = "SIZE",
      description = "With --target nir: the largest dense weight matrix written, e.g. 256MiB (the default), 1GiB, or bytes.")
  String nirMaxDense;

  @Option(names = "--nir-compress", description = "With --target nir: deflate the arrays of the .nir files.")
  boolean nirCompress;

  @Override
  public Integer call() {
    if (!emitIr && !explain && dumpIr == null && target == null) {
      throw new ParameterException(spec.commandLine(),
          "nothing to emit: pass --emit-ir, --explain, --dump-ir=after:PASS or --target java|jvm|cuda|nir -o DIR");
    }
    if (target != null && brainc.compiler.api.Artifacts.find(target).isEmpty()) {
      throw new ParameterException(spec.commandLine(), "unknown target `" + target
          + "` (available: " + String.join(", ", brainc.compiler.api.Artifacts.names())
          + ")");
    }
    if (!"nir".equals(target) && (nirReset != null || nirMaxDense != null || nirCompress)) {
      throw new ParameterException(spec.commandLine(), "--nir-reset, --nir-max-dense and --nir-compress go with --target nir");
    }
    if (nirReset != null && !nirReset.equals("zero")) {
      throw new ParameterException(spec.commandLine(), "--nir-reset=" + nirReset + ": the one mode is `zero`");
    }
    if (nirMaxDense != null) nirOptions();
    if (target != null && (emitIr || explain || dumpIr != null)) {
      throw new ParameterException(spec.commandLine(), "--target " + target + " generates code on its own; "
          + "it does not combine with --emit-ir, --explain or --dump-ir (run them separately)");
    }
    if (output != null && output.toString().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "-o is empty: name the file (--emit-ir) or the folder "
          + "(--target) to write");
    }
    if (output != null && !emitIr && target == null) {
      throw new ParameterException(spec.commandLine(), "-o " + output + " names where --emit-ir or --target writes; "
          + "--explain and --dump-ir print on stdout");
    }
    if (cudaArch != null && !"cuda".equals(target)) {
      throw new ParameterException(spec.commandLine(), "--cuda-arch " + cudaArch + " goes with --target cuda");
    }
    java.util.List<String> architectures = brainc.compiler.api.Artifacts.DEFAULT_CUDA_ARCHITECTURES;
    if (cudaArch != null) {
      architectures = java.util.Arrays.stream(cudaArch.split(",", -1)).map(String::strip).toList();
      for (String a : architectures) {
        if (!a.matches("sm_[0-9]{2,3}") || Integer.parseInt(a.substring(3)) < 80) {
          throw new ParameterException(spec.commandLine(), "--cuda-arch takes architectures sm_80 or later, such as "
              + "sm_80,sm_90, not `" + a + "`");
        }
      }
    }
    this.architectures = architectures;
    if (target != null && output == null) {
      throw new ParameterException(spec.commandLine(), "--target " + target + " needs -o DIR for the generated files");
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
    if (output != null && !Inputs.checkOutput("-o", output, target != null ? "compile" : null, file, err)) return ExitCode.INPUT;
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    // The imported files are inputs too; only now are they known.
    if (output != null && !Inputs.checkOutput("-o", output, target != null ? "compile" : null, Inputs.userSources(analysis, file), err)) {
      return ExitCode.INPUT;
    }
    // What `check` reports on this text, `compile` reports too (the runs' refusals included),
    // before anything is printed or written: a model that `check` refuses has no IR to emit.
    // Except inputs without values (E1007): compile shows how a network that is trained with
    // them compiles, and training feeds them.
    IrModule module = brainc.compiler.lower.Lowering.lower(analysis);
    var refusals = brainc.compiler.passes.RunCheck.statements(module).stream()
        .filter(x -> x.code() != brainc.ir.diag.Code.E1007).toList();
    if (!refusals.isEmpty()) {
      err.print(new brainc.compiler.driver.DiagnosticRenderer(analysis.sources()).human(refusals));
      err.flush();
      if (refusals.stream().anyMatch(brainc.ir.diag.Diagnostic::isError)) return ExitCode.INPUT;
    }
    if (target != null) return generate(module, analysis, err);
    if (explain || dumpAfter != null) {
      String after = dumpAfter;
      for (var d : module.decls()) {
        if (!(d instanceof brainc.ir.model.RunSpec run)) continue;
        var cx = new brainc.compiler.passes.PassContext();
        // The model's own refusals stopped above; what stops the lowering (a warning there
        // when it cannot run yet) is refused here, before the run is compiled.
        var settings = brainc.compiler.passes.Pipeline.settings(run);
        var lowering = brainc.compiler.passes.RunCheck.loweringProblems(module, run, settings);
        if (!lowering.isEmpty()) {
          err.print(new brainc.compiler.driver.DiagnosticRenderer(analysis.sources())
              .human(lowering.stream().limit(1).map(brainc.compiler.passes.RunCheck::asError).toList()));
          err.flush();
          return ExitCode.INPUT;
        }
        brainc.compiler.passes.Pipeline.compile(module, run, settings, cx, (pass, ir) -> {
          if (pass.equals(after)) {
            out.println(ir instanceof IrModule m ? IrPrinter.print(m) : KernelText.print(ir));
          }
        });
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

  /** The architectures of --cuda-arch, checked. */
  private java.util.List<String> architectures;
  /** The NIR export's choices; a bad --nir-max-dense is a usage error. */
  private brainc.compiler.nir.NirOptions nirOptions() {
    long max = brainc.compiler.nir.NirOptions.DEFAULT_MAX_DENSE;
    if (nirMaxDense != null) {
      max = brainc.compiler.nir.NirOptions.parseSize(nirMaxDense).orElseThrow(() -> new ParameterException(
          spec.commandLine(), "--nir-max-dense=" + nirMaxDense + ": give a positive size, e.g. 256MiB, 1GiB or a number of bytes"));
    }
    return new brainc.compiler.nir.NirOptions(nirReset != null, max, nirCompress);
  }

  private int generate(IrModule module, Analysis analysis, PrintWriter err) {
    brainc.ir.targets.TargetInfo info = brainc.compiler.api.Artifacts.find(target).orElseThrow();
    Map<String, byte[]> files;
    var renderer = new brainc.compiler.driver.DiagnosticRenderer(analysis.sources());
    try {
      if (info == brainc.ir.targets.Targets.NIR) {
        var nir = brainc.compiler.api.Artifacts.nir(module, nirOptions());
        if (!nir.warnings().isEmpty()) {
          err.print(renderer.human(nir.warnings()));
          err.flush();
        }
        files = nir.files();
      } else {
        files = brainc.compiler.api.Artifacts.generate(module, info, architectures);
      }
    } catch (brainc.compiler.api.ModelException e) {
      err.print(renderer.human(e.diagnostics()));
      err.flush();
      return ExitCode.INPUT;
    } catch (java.io.UncheckedIOException e) {
      err.println("brainc: " + IoMessages.cannot("write a temporary file for", output, e.getCause()));
      return ExitCode.INPUT;
    }
    Map<String, String> run = new LinkedHashMap<>();
    run.put("command", "compile");
    run.put("model", file.toString());
    run.put("target", target);
    try (ResultFolder folder = ResultFolder.open(output, run)) {
      for (var e : files.entrySet()) AtomicFiles.write(folder.file(e.getKey()), e.getValue());
      folder.commit();
      if (info == brainc.ir.targets.Targets.NIR) {
        spec.commandLine().getOut().println(files.size() + " NIR file(s) written to " + output + ": "
            + String.join(", ", files.keySet()));
      } else if (info.reads() == brainc.ir.targets.ProgramKind.MODEL) {
        spec.commandLine().getOut().println("Java sources written to " + output);
      } else if (info == brainc.ir.targets.Targets.CUDA) {
        long runs = files.keySet().stream().map(p -> p.substring(0, p.indexOf('/'))).distinct().count();
        spec.commandLine().getOut().println("CUDA program(s) of " + runs + " run(s) written to " + output
            + " (in each folder: make, or make host to build with g++)");
      } else {
        spec.commandLine().getOut().println(files.size() + " class file(s) written to " + output);
      }
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("brainc: " + IoMessages.cannot("write the generated files to", output, e));
      return ExitCode.INPUT;
    }
  }
}
