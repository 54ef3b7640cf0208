package brainc.compiler.sema;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.FileAst;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.compiler.ast.Statement;
import brainc.compiler.source.CompilationUnit;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a whole program: builds the table of declarations, the scope of every file (its own
 * declarations and what it imports), then checks every declaration once and the statements of
 * the main file. Runs every check and never stops at the first error.
 */
public final class Checker {
  private final List<CompilationUnit> units;
  private final CompilationUnit main;
  final Env env;
  private final Map<String, Program.DeclInfo> decls = new LinkedHashMap<>();
  private final Map<CompilationUnit, Scope> fileScopes = new IdentityHashMap<>();
  private final Map<Decl, Program.DeclInfo> infoOf = new IdentityHashMap<>();
  private final Map<Decl, ModelCheck.Model> models = new IdentityHashMap<>();
  private final Map<Decl, Boolean> checking = new IdentityHashMap<>();
  final Scope root = new Scope(null, "built-ins");

  public Checker(List<CompilationUnit> units, CompilationUnit main, List<Diagnostic> diagnostics) {
    this.units = units;
    this.main = main;
    this.env = new Env(diagnostics);
    root.declare(Symbol.builtin("t", Symbol.Kind.BUILTIN, Ty.TIME, "The simulated time since the start of the run."));
    root.declare(Symbol.builtin("dt", Symbol.Kind.BUILTIN, Ty.TIME, "The time step of the run."));
    root.declare(Symbol.builtin("pi", Symbol.Kind.CONSTANT, Ty.SCALAR, "The number pi."));
  }

  public Program check() {
    collectDeclarations();
    for (CompilationUnit u : units) fileScopes.put(u, fileScope(u));
    for (Program.DeclInfo info : List.copyOf(decls.values())) checkDecl(info.decl());
    for (Statement s : main.ast().statements()) new StatementCheck(this, scopeOf(main)).check(s);
    return new Program(decls, main.ast().statements(), env, main);
  }

  // ------------------------------------------------------------------------------------------
  // Declarations and file scopes
  // ------------------------------------------------------------------------------------------

  private void collectDeclarations() {
    for (CompilationUnit u : units) {
      FileAst ast = u.ast();
      String pkg = ast.pkg().map(p -> p.text() + ".").orElse("");
      Map<String, Decl> seen = new HashMap<>();
      for (Decl d : ast.decls()) {
        if (d.name().isMissing()) continue;
        Decl earlier = seen.putIfAbsent(d.name().text(), d);
        if (earlier != null) {
          env.diagnostics.add(Diagnostic.of(Code.E0202, d.name().span(), "`" + d.name().text()
              + "` is declared twice in this file").withRelated(new brainc.ir.diag.Related(earlier.name().span(),
              "first declared here")));
          continue;
        }
        Symbol sym = new Symbol(d.name().text(), kindOf(d), Ty.UNKNOWN, Optional.of(d.name().span()), d.doc(), d,
            pkg + d.name().text());
        sym = sym.withType(new Ty.Entity(sym.kind(), sym));
        Program.DeclInfo info = new Program.DeclInfo(pkg + d.name().text(), d, u, null, sym);
        decls.putIfAbsent(info.qualifiedName(), info);
        infoOf.put(d, info);
      }
    }
  }

  static Symbol.Kind kindOf(Decl d) {
    if (d instanceof Decl.Neuron) return Symbol.Kind.NEURON;
    if (d instanceof Decl.Synapse) return Symbol.Kind.SYNAPSE;
    if (d instanceof Decl.Network) return Symbol.Kind.NETWORK;
    if (d instanceof Decl.Region) return Symbol.Kind.REGION;
    if (d instanceof Decl.Workspace) return Symbol.Kind.WORKSPACE;
    if (d instanceof Decl.Agent) return Symbol.Kind.AGENT;
    if (d instanceof Decl.Rules) return Symbol.Kind.RULES;
    return Symbol.Kind.META;
  }

  private Scope fileScope(CompilationUnit u) {
    Scope imports = new Scope(root, "imports of " + u.source().id());
    List<Member.Use> uses = new ArrayList<>(u.ast().uses());
    for (Decl d : u.ast().decls()) {
      for (Member m : d.members()) if (m instanceof Member.Use use) uses.add(use);
    }
    for (Member.Use use : uses) importInto(imports, use);
    Scope own = new Scope(imports, "file " + u.source().id());
    for (Decl d : u.ast().decls()) {
      Program.DeclInfo info = infoOf.get(d);
      if (info != null) own.declare(info.symbol());
    }
    return own;
  }

  private void importInto(Scope scope, Member.Use use) {
    String target = use.target().text();
    if (target.isEmpty()) return;
    List<Program.DeclInfo> found = new ArrayList<>();
    for (Program.DeclInfo info : decls.values()) {
      String pkg = info.unit().ast().pkg().map(p -> p.text()).orElse("");
      if (pkg.equals(target) || info.qualifiedName().equals(target)) found.add(info);
    }
    boolean single = found.size() == 1 && found.get(0).qualifiedName().equals(target);
    if (found.isEmpty()) {
      // The file was loaded (or reported missing) by the front end; an unknown declaration remains.
      if (target.contains(".")) {
        String pkg = target.substring(0, target.lastIndexOf('.'));
        List<String> names = decls.values().stream()
            .filter(i -> i.unit().ast().pkg().map(p -> p.text()).orElse("").equals(pkg))
            .map(i -> i.decl().name().text()).toList();
        if (!names.isEmpty()) {
          Ident last = use.target().last();
          env.error(Code.E0203, last.span(), "package `" + pkg + "` has no declaration `" + last.text() + "`"
              + Suggest.hint(last.text(), names));
        }
      }
      return;
    }
    for (Program.DeclInfo info : found) {
      String name = single && use.alias().isPresent() ? use.alias().get().text() : info.decl().name().text();
      Symbol s = info.symbol();
      Optional<Symbol> clash = scope.declare(single && use.alias().isPresent()
          ? new Symbol(name, s.kind(), s.type(), s.declaration(), s.doc(), s.node(), s.container()) : s);
      if (clash.isPresent() && clash.get().node() != s.node()) {
        env.error(Code.E0202, use.span(), "`" + name + "` is imported twice, from `" + clash.get().container()
            + "` and `" + s.container() + "`; import one of them with `as`");
      }
    }
  }

  Scope scopeOf(CompilationUnit u) {
    return fileScopes.get(u);
  }

  Scope scopeOfDecl(Decl d) {
    Program.DeclInfo info = infoOf.get(d);
    return info == null ? root : fileScopes.get(info.unit());
  }

  Optional<Program.DeclInfo> info(Decl d) {
    return Optional.ofNullable(infoOf.get(d));
  }

  // ------------------------------------------------------------------------------------------
  // Checking, once per declaration
  // ------------------------------------------------------------------------------------------

  private void checkDecl(Decl d) {
    if (d instanceof Decl.Neuron || d instanceof Decl.Synapse) {
      model(d);
      return;
    }
    Scope file = scopeOfDecl(d);
    Scope scope;
    if (d instanceof Decl.Network n) scope = new NetworkCheck(this, file).check(n);
    else scope = new FamilyCheck(this, file).check(d);
    Program.DeclInfo old = infoOf.get(d);
    if (old != null) record(old, scope);
  }

  /** The checked member table of a neuron or synapse model, checking it on first use. */
  ModelCheck.Model model(Decl d) {
    ModelCheck.Model m = models.get(d);
    if (m != null) return m;
    if (checking.containsKey(d)) {
      env.error(Code.E0207, d.name().span(), "`" + d.name().text() + "` extends itself");
      return ModelCheck.Model.empty(d, root);
    }
    checking.put(d, true);
    m = new ModelCheck(this, scopeOfDecl(d)).check(d);
    checking.remove(d);
    models.put(d, m);
    Program.DeclInfo old = infoOf.get(d);
    if (old != null) record(old, m.scope());
    return m;
  }

  private void record(Program.DeclInfo old, Scope scope) {
    Program.DeclInfo info = new Program.DeclInfo(old.qualifiedName(), old.decl(), old.unit(), scope, old.symbol());
    decls.put(old.qualifiedName(), info);
    infoOf.put(old.decl(), info);
  }

  /** Where a `use` line goes in the file of {@code at}: after its `package` line, or at the top. */
  brainc.ir.source.Span useInsertionPoint(brainc.ir.source.Span at) {
    for (CompilationUnit u : units) {
      if (!u.source().id().equals(at.source())) continue;
      if (u.ast().pkg().isPresent()) {
        int line = u.source().lines().line(u.ast().pkg().get().span().end());
        int next = u.source().lines().lineStart(line + 1);
        int offset = next > u.ast().pkg().get().span().end() ? next : u.source().text().length();
        return brainc.ir.source.Span.of(at.source(), offset, offset);
      }
    }
    return brainc.ir.source.Span.of(at.source(), 0, 0);
  }

  /** The text of a span, for messages and fixes that quote the user's own expression. */
  String sourceText(brainc.ir.source.Span span) {
    for (CompilationUnit u : units) {
      if (u.source().id().equals(span.source())) return u.source().slice(span);
    }
    return "";
  }
}
