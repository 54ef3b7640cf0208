package brainc.compiler.api;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The library API's first stages: a model's text to its checked analysis, and an error-free
 * analysis to the model IR. The statements' own stages follow from the module: {@code
 * prepare(module, statement, target, options)} gives a prepared program (the target's pass
 * pipeline run and verified), and {@code Prepared.instantiate(seed, overrides)} gives a running
 * instance, cheaply and as often as a sweep needs. The commands of the CLI and the language
 * server are clients of this API; nothing they print is decided here.
 */
public final class Compiler {
  private Compiler() {}

  /** Reads and checks {@code file} and every package it uses. Unreadable files are an IOException. */
  public static Analysis check(Path file) throws IOException {
    Frontend frontend = new Frontend();
    return frontend.analyze(frontend.loader().read(file));
  }

  /** Checks a model given as text ({@code name} is how diagnostics name it). */
  public static Analysis check(SourceFile source) {
    return new Frontend().analyze(source);
  }

  /** The model IR of an analysis; a {@link ModelException} with its errors if it has any. */
  public static IrModule lower(Analysis analysis) throws ModelException {
    if (analysis.hasErrors()) {
      throw new ModelException(analysis.diagnostics().stream().filter(d -> d.isError()).toList());
    }
    return Lowering.lower(analysis);
  }
}
