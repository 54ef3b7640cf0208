package brainc.compiler.cli;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.Span;
import brainc.ir.source.SourceFile;
import brainc.ir.source.SourceId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brainc check FILE...}: runs the front end on each model and reports its diagnostics,
 * on stderr for people or as JSON on stdout for tools. Produces nothing else.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check models (names, types, units, structure) and report every problem found.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .brain files to check.")
  List<Path> files;

  @Option(names = "--json", description = "Print the diagnostics as a JSON array on stdout.")
  boolean json;

  @Option(names = "--target", paramLabel = "NAME",
      description = "Also report, as errors, what the statements (or, for an artifact target, the models) "
          + "need that the engine or target NAME lacks, without running anything; `brainc targets` lists the names.")
  String target;

  @Override
  public Integer call() {
    if (target != null && !brainc.ir.targets.Targets.names().contains(target)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--target " + target + ": unknown engine or target"
          + " (one of: " + String.join(", ", brainc.ir.targets.Targets.names()) + "; `brainc targets` shows what each can do)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Frontend frontend = new Frontend();
    Map<SourceId, SourceFile> sources = new LinkedHashMap<>();
    // A package imported by several of the files reports its problems once.
    Set<Diagnostic> diagnostics = new LinkedHashSet<>();
    boolean unreadable = false;
    for (Path file : files) {
      java.io.StringWriter why = new java.io.StringWriter();
      PrintWriter whyWriter = new PrintWriter(why);
      Optional<SourceFile> source = Inputs.read(frontend.loader(), file, whyWriter);
      if (source.isEmpty()) {
        unreadable = true;
        whyWriter.flush();
        String message = why.toString().strip();
        err.println(message);
        // For tools, the file that cannot be read is a diagnostic of that file, not an empty list.
        SourceFile empty = new SourceFile(new SourceId(file.toString()), "");
        sources.put(empty.id(), empty);
        diagnostics.add(Diagnostic.error(Code.E0806, Span.of(empty.id(), 0, 0),
            message.startsWith("brainc: ") ? message.substring("brainc: ".length()) : message));
        continue;
      }
      Analysis analysis = frontend.analyze(source.get());
      sources.putAll(analysis.sources());
      diagnostics.addAll(analysis.diagnostics());
      // What `run` would refuse in a clean model is reported here too, at its construct; with
      // --target, what that engine or target refuses, as the errors its verb would give.
      diagnostics.addAll(target == null ? brainc.compiler.api.Legality.statements(analysis)
          : brainc.compiler.api.Legality.check(analysis, target));
    }
    List<Diagnostic> all = new ArrayList<>(diagnostics);
    DiagnosticRenderer renderer = new DiagnosticRenderer(sources);
    if (json) {
      out.print(renderer.json(all));
      out.flush();
    } else {
      err.print(renderer.human(all.stream().filter(d -> d.code() != Code.E0806).toList()));
      err.flush();
    }
    boolean errors = all.stream().anyMatch(Diagnostic::isError);
    return unreadable || errors ? ExitCode.INPUT : ExitCode.OK;
  }
}
