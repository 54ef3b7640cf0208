package brainc.compiler.cli;

import brainc.compiler.api.ModelException;
import brainc.compiler.api.Verification;
import brainc.compiler.driver.Analysis;
import brainc.runtime.io.AtomicFiles;
import brainc.runtime.io.IoMessages;
import brainc.runtime.io.ResultFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
 * Parameters are drawn from their declared ranges; besides, every property is checked once more
 * for each distinct use of the model in a network with overrides ({@code via STDP { A_plus =
 * 0.05 }}), with exactly those values, since those are the values the model runs with (a
 * parameter without a range is otherwise only checked at its default).
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
    if (tries < 1 || tries > MAX_TRIES) {
      throw new ParameterException(spec.commandLine(), "--tries " + tries + ": the number of random cases per property "
          + "must be between 1 and " + MAX_TRIES);
    }
    if (packageName != null && !isPackageName(packageName)) {
      throw new ParameterException(spec.commandLine(), "--package " + packageName + ": not a Java package name "
          + "(dot-separated identifiers that are not keywords, e.g. my.models.verify)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (emit != null && !Inputs.checkOutput("--emit-java", emit, "verify", file, err)) return ExitCode.INPUT;
    Optional<Analysis> checked = Inputs.checked(file, err);
    if (checked.isEmpty()) return ExitCode.INPUT;
    Analysis analysis = checked.get();
    if (emit != null && !Inputs.checkOutput("--emit-java", emit, "verify", Inputs.userSources(analysis, file), err)) {
      return ExitCode.INPUT;
    }
    Verification.Prepared prepared;
    try {
      prepared = Verification.prepare(analysis, tries, packageName);
    } catch (ModelException e) {
      err.print(new brainc.compiler.driver.DiagnosticRenderer(analysis.sources()).human(e.diagnostics()));
      err.flush();
      return ExitCode.INPUT;
    }
    List<String> notes = prepared.notes();
    if (emit != null) {
      try (ResultFolder folder = ResultFolder.open(emit, Map.of("command", "verify", "model", file.toString()))) {
        for (var e : prepared.sources().entrySet()) {
          AtomicFiles.write(folder.file(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        folder.commit();
      } catch (IOException e) {
        err.println("brainc: " + IoMessages.cannot("write the Java sources to", emit, e));
        return ExitCode.INPUT;
      }
    }
    for (String n : notes) out.println(n);
    for (String s : prepared.skipped()) out.println(s + " ... skipped (neuron properties are not verified yet)");
    if (!prepared.hasProperties()) {
      out.println("no synapse properties to verify in " + file);
      out.flush();
      return ExitCode.OK;
    }
    List<Verification.PropertyResult> results;
    try {
      results = Verification.run(prepared);
    } catch (Verification.NoJavaCompilerException e) {
      err.println("brainc: " + e.getMessage());
      return ExitCode.INPUT;
    }
    int failed = 0;
    for (Verification.PropertyResult r : results) {
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

  /** The most random cases per property: beyond it a run takes hours, not a better answer. */
  static final int MAX_TRIES = 1_000_000;

  /** Whether {@code name} can be a Java package: identifiers, not keywords, joined by dots. */
  static boolean isPackageName(String name) {
    if (name.isEmpty()) return false;
    for (String part : name.split("\\.", -1)) {
      if (!javax.lang.model.SourceVersion.isIdentifier(part) || javax.lang.model.SourceVersion.isKeyword(part)) return false;
    }
    return true;
  }
}
