package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Statement;
import brainc.compiler.source.CompilationUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked program: every declaration by qualified name, each declaration's member scope,
 * the type of every checked expression and the symbol behind every resolved name. Lowering
 * reads it (only when there are no errors); the language server reads it always.
 */
public final class Program {
  private final Map<String, DeclInfo> decls;
  private final List<Statement> statements;
  private final Env env;
  private final CompilationUnit main;

  Program(Map<String, DeclInfo> decls, List<Statement> statements, Env env, CompilationUnit main) {
    this.decls = decls;
    this.statements = statements;
    this.env = env;
    this.main = main;
  }

  /** A declaration with its qualified name, the unit it lives in and its checked member scope. */
  public record DeclInfo(String qualifiedName, Decl decl, CompilationUnit unit, Scope scope, Symbol symbol) {}

  public Map<String, DeclInfo> decls() {
    return decls;
  }

  public Optional<DeclInfo> decl(String qualifiedName) {
    return Optional.ofNullable(decls.get(qualifiedName));
  }

  /** The declaration a symbol of a declaration kind stands for. */
  public Optional<DeclInfo> declOf(Symbol s) {
    return decls.values().stream().filter(d -> d.symbol() == s || d.decl() == s.node()).findFirst();
  }

  public List<Statement> statements() {
    return statements;
  }

  public CompilationUnit main() {
    return main;
  }

  public Optional<Ty> typeOf(Expr e) {
    return Optional.ofNullable(env.types.get(e));
  }

  public Optional<Symbol> symbolOf(Ident name) {
    return Optional.ofNullable(env.references.get(name));
  }

  /** Every expression the checker typed, in no particular order (for editors' token colouring). */
  public java.util.Set<Expr> checkedExpressions() {
    return java.util.Collections.unmodifiableSet(env.types.keySet());
  }

  public Map<Ident, Symbol> references() {
    return env.references;
  }
}
