package brainc.lsp.model;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Ident;
import brainc.compiler.driver.Analysis;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Symbol;
import brainc.compiler.source.CompilationUnit;
import brainc.ir.source.SourceFile;
import brainc.ir.source.SourceId;
import java.util.Map;
import java.util.Optional;

/**
 * The analysed form of one document version: the text, the front end's {@link Analysis} and
 * lookups the features share. Immutable; the store keeps one per open document and replaces it
 * when the version changes.
 */
public record DocumentModel(TextDocument document, Analysis analysis, long generation) {

  public Program program() {
    return analysis.program();
  }

  public CompilationUnit unit() {
    return analysis.main();
  }

  public String text() {
    return document.text();
  }

  public SourceId id() {
    return document.id();
  }

  /** The top-level declaration of this document whose span contains the offset. */
  public Optional<Program.DeclInfo> declAt(int offset) {
    for (Program.DeclInfo d : program().decls().values()) {
      if (d.unit() == unit() && d.decl().span().contains(offset)) return Optional.of(d);
    }
    return Optional.empty();
  }

  public Optional<Program.DeclInfo> declNamed(String simpleName) {
    Program.DeclInfo best = null;
    for (Program.DeclInfo d : program().decls().values()) {
      if (!d.decl().name().text().equals(simpleName)) continue;
      if (d.unit() == unit()) return Optional.of(d);
      if (best == null) best = d;
    }
    return Optional.ofNullable(best);
  }

  /** The resolved name of this document under the offset (a reference or a declaring name). */
  public Optional<Map.Entry<Ident, Symbol>> referenceAt(int offset) {
    Map.Entry<Ident, Symbol> best = null;
    for (Map.Entry<Ident, Symbol> e : program().references().entrySet()) {
      var sp = e.getKey().span();
      if (!sp.source().equals(id()) || !sp.contains(offset) || e.getKey().isMissing()) continue;
      if (best == null || sp.length() < best.getKey().span().length()) best = e;
    }
    if (best != null) return Optional.of(best);
    // A declaration's own name is not a reference; find the declared symbol by its span.
    for (Program.DeclInfo d : program().decls().values()) {
      Ident n = d.decl().name();
      if (d.unit() == unit() && n.span().contains(offset) && !n.isMissing()) return Optional.of(Map.entry(n, d.symbol()));
      if (d.scope() == null) continue;
      for (Symbol s : d.scope().locals().values()) {
        if (s.declaration().isPresent() && s.declaration().get().source().equals(id())
            && s.declaration().get().contains(offset)) {
          return Optional.of(Map.entry(new Ident(s.name(), s.declaration().get()), s));
        }
      }
    }
    return Optional.empty();
  }

  /** The text of any source the analysis loaded (this document, an imported file or a stdlib package). */
  public Optional<SourceFile> source(SourceId id) {
    return analysis.source(id);
  }

  public static boolean sameSymbol(Symbol a, Symbol b) {
    if (a == b) return true;
    return a.name().equals(b.name()) && a.kind() == b.kind() && a.declaration().isPresent()
        && a.declaration().equals(b.declaration());
  }

  public static boolean isDecl(Decl d) {
    return d != null;
  }
}
