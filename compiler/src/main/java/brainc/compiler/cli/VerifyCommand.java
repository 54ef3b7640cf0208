package brainc.compiler.cli;

import brainc.codegen.java.JavaTarget;
import brainc.codegen.java.PropertyRunner;
import brainc.codegen.java.UnsupportedModelException;
import brainc.compiler.ast.Member;
import brainc.compiler.driver.Analysis;
import brainc.ir.model.Decl;
import brainc.ir.model.IrModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code brainc verify FILE}: checks the {@code property} declarations of plasticity rules by
 * property-based testing. The {@code java} target generates a one-synapse simulator and jqwik
 * property tests for each synapse model; they are compiled in memory and run through the JUnit
 * Platform, and each property gets one line: {@code STDP.bounded ... passed (1000 tries)}, or
 * {@code failed} followed by the shrunk counterexample in the model's terms.
 *
 * <p>What is verified: the models declared in FILE, and the models FILE imports by name
 * ({@code use brain.synapses.STDP}) or by package ({@code use brain.synapses}) — not every model
 * that happens to share a file with an imported one. A model's inherited properties are its own.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Verify the properties of the synapse models in FILE and of the models it imports with `use`,",
        "by property-based testing (random parameters within their ranges, random spike trains, shrunk",
        "counterexamples). Exit code 1 when a property fails."})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The .brain model whose properties to verify.")
  Path file;

  @Option(names = "--tries", paramLabel = "N", defaultValue = "1000",
      description = "Random cases per property (default: ${DEFAULT-VALUE}).")
  int tries;

  @Option(names = "--emit-java", paramLabel = "DIR",
      description = "Also write the generated Java sources (simulators and jqwik tests) under DIR.")
  Path emit;

  @Option(names = "--package", paramLabel = "NAME",
      description = "The Java package of the generated sources (default: from the model's package or file name).")
  String packageName;

  @Override
  public Integer call() {
    if (tries < 1) throw new ParameterException(spec.commandLine(), "--tries must be at least 1");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    IrModule module = brainc.compiler.lower.Lowering.lower(analysis);
    String pkg = packageName != null ? packageName : JavaTarget.packageFor(module.name()) + ".verify";
    JavaTarget.Output output;
    try {
      output = JavaTarget.generate(module, pkg, selection(analysis), tries);
    } catch (UnsupportedModelException e) {
      err.println("brainc: cannot verify " + file + ": " + e.getMessage());
      return ExitCode.INPUT;
    }
    if (emit != null) {
      try {
        output.writeTo(emit);
      } catch (IOException e) {
        err.println("brainc: cannot write " + emit + ": " + e.getMessage());
        return ExitCode.INPUT;
      }
    }
    for (String s : output.skipped()) out.println(s + " ... skipped (neuron properties are not verified yet)");
    if (output.suites().isEmpty()) {
      out.println("no synapse properties to verify in " + file);
      out.flush();
      return ExitCode.OK;
    }
    List<PropertyRunner.Result> results;
    try {
      results = PropertyRunner.run(output);
    } catch (PropertyRunner.NoCompilerException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    }
    int failed = 0;
    for (PropertyRunner.Result r : results) {
      if (r.passed()) {
        out.println(r.label() + " ... passed (" + r.tries() + (r.tries() == 1 ? " try)" : " tries)"));
      } else {
        failed++;
        out.println(r.label() + " ... failed");
        for (String line : r.message().split("\n")) out.println("    " + line);
      }
    }
    out.println(results.size() - failed + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? ExitCode.OK : ExitCode.INPUT;
  }

  /** The file's own models, and those it imports by name or by package. */
  private static Predicate<Decl> selection(Analysis analysis) {
    var main = analysis.main().source().id();
    List<String> uses = analysis.main().ast().uses().stream().map(Member.Use::target).map(q -> q.text()).toList();
    return d -> d.origin().span().source().equals(main)
        || uses.stream().anyMatch(u -> d.name().equals(u) || d.name().startsWith(u + "."));
  }
}
