package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Fix;
import brainc.ir.diag.Related;
import brainc.ir.source.Span;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checker's shared state: diagnostics, the type of every checked expression and the symbol
 * every name resolved to (which the language server reads for hover and go-to-definition).
 */
public final class Env {
  final List<Diagnostic> diagnostics;
  final Map<Expr, Ty> types = new IdentityHashMap<>();
  final Map<Ident, Symbol> references = new IdentityHashMap<>();

  Env(List<Diagnostic> diagnostics) {
    this.diagnostics = diagnostics;
  }

  void error(Code code, Span span, String message) {
    diagnostics.add(Diagnostic.of(code, span, message));
  }

  void error(Code code, Span span, String message, Fix fix) {
    diagnostics.add(Diagnostic.of(code, span, message).withFix(fix));
  }

  void duplicate(Ident name, Symbol earlier, String what) {
    Diagnostic d = Diagnostic.of(Code.E0202, name.span(), what + " `" + name.text() + "` is declared twice");
    if (earlier.declaration().isPresent()) {
      d = d.withRelated(new Related(earlier.declaration().get(), "first declared here"));
    }
    diagnostics.add(d);
  }

  /** What is looked up as a value: no declaration (a neuron model, a network) is a candidate for it. */
  private static final java.util.Set<String> VALUES =
      java.util.Set.of("name", "variable", "state variable", "per-synapse variable", "population", "module");

  void unknown(Ident name, Scope scope, String what) {
    // What is looked up here is a value (or a population, a variable): declarations such as
    // neuron models are no candidates, unless the place asks for one (a statement's target).
    Optional<String> best = scope.closest(name.text(), VALUES.contains(what));
    String hint = Suggest.hint(best);
    Diagnostic d = Diagnostic.of(Code.E0201, name.span(), "unknown " + what + " `" + name.text() + "`" + hint);
    if (best.isPresent()) d = d.withFix(new Fix("Change to `" + best.get() + "`", name.span(), best.get()));
    diagnostics.add(d);
  }

  /**
   * Like {@link #unknown}, for a model name: when the standard library declares it, the message
   * says which `use` is missing and the fix adds it at the top of the file.
   */
  void unknownModel(Ident name, Scope scope, String what, brainc.ir.source.Span fileStart) {
    Optional<String> q = StdlibNames.qualified(name.text());
    if (q.isEmpty()) {
      unknown(name, scope, what);
      return;
    }
    String use = "use " + q.get();
    diagnostics.add(Diagnostic.of(Code.E0201, name.span(), "unknown " + what + " `" + name.text() + "`; it is in the "
        + "standard library: add `" + use + "`").withFix(new Fix("Add `" + use + "`", fileStart, use + "\n")));
  }

  void resolved(Ident name, Symbol s) {
    references.put(name, s);
  }
}
