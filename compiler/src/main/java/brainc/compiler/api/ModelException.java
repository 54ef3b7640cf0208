package brainc.compiler.api;

import brainc.ir.diag.Diagnostic;
import java.util.List;

/**
 * The model cannot be compiled or run as asked: its diagnostics say where and why (a checker
 * error, a refusal of the statement, an E11xx capability the chosen engine lacks). Thrown by the
 * library API's stages instead of a result; never a compiler bug, which throws something else.
 */
public final class ModelException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public ModelException(List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "the model cannot be compiled" : diagnostics.get(0).code() + ": " + diagnostics.get(0).message()
        + (diagnostics.size() > 1 ? " (and " + (diagnostics.size() - 1) + " more)" : ""));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** Every problem found, sorted by place. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
