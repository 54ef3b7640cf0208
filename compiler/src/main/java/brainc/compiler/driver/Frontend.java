package brainc.compiler.driver;

import brainc.compiler.ast.FileAst;
import brainc.compiler.ast.Member;
import brainc.compiler.sema.Checker;
import brainc.compiler.sema.Program;
import brainc.compiler.source.CompilationUnit;
import brainc.compiler.source.SourceLoader;
import brainc.compiler.syntax.AstBuilder;
import brainc.compiler.syntax.ParsedFile;
import brainc.compiler.syntax.Parsing;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front end as one call: parse the model, load every package it uses (transitively), build
 * the ASTs, and check the whole program. Shared by the command line and the language server;
 * never throws on bad input.
 */
public final class Frontend {
  private final SourceLoader loader;

  public Frontend(SourceLoader loader) {
    this.loader = loader;
  }

  public Frontend() {
    this(new SourceLoader());
  }

  public SourceLoader loader() {
    return loader;
  }

  public Analysis analyze(SourceFile main) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    Map<String, CompilationUnit> byName = new LinkedHashMap<>();
    CompilationUnit mainUnit = load(main, false, diagnostics);
    byName.put(key(main.id().name()), mainUnit);
    Map<CompilationUnit, String> shown = new java.util.IdentityHashMap<>();
    shown.put(mainUnit, Path.of(main.id().name()).getFileName() == null ? main.id().name()
        : Path.of(main.id().name()).getFileName().toString());
    Map<CompilationUnit, List<Import>> imports = new java.util.IdentityHashMap<>();

    Deque<CompilationUnit> work = new ArrayDeque<>();
    java.util.Set<String> queued = new java.util.HashSet<>();
    queued.add(key(main.id().name()));
    work.add(mainUnit);
    while (!work.isEmpty()) {
      CompilationUnit unit = work.poll();
      Path dir = directoryOf(unit);
      for (Member.Use use : usesOf(unit.ast())) {
        String target = use.target().text();
        if (target.isEmpty()) continue;
        String pkg = target;
        SourceLoader.Lookup found = loader.lookup(pkg, dir);
        if (found.file().isEmpty() && found.problem().isEmpty() && target.contains(".")) {
          // `use pkg.Decl` imports one declaration of package `pkg`.
          pkg = target.substring(0, target.lastIndexOf('.'));
          found = loader.lookup(pkg, dir);
        }
        if (found.problem().isPresent()) {
          diagnostics.add(Diagnostic.error(Code.E0213, use.target().span(),
              "cannot import `" + target + "`: " + found.problem().get()));
          continue;
        }
        if (found.file().isEmpty()) {
          diagnostics.add(Diagnostic.error(Code.E0203, use.target().span(),
              "cannot find `" + target + "`: no file `" + target.replace('.', '/') + ".brain` beside this model "
                  + "and no such package in the standard library"));
          continue;
        }
        CompilationUnit u = unitOf(found.file().get(), pkg, byName, diagnostics);
        shown.putIfAbsent(u, pkg);
        imports.computeIfAbsent(unit, k -> new ArrayList<>()).add(new Import(use, u));
        if (queued.add(key(u.source().id().name()))) {
          work.add(u);
        }
      }
    }
    importCycles(mainUnit, imports, shown, diagnostics);
    List<CompilationUnit> units = new ArrayList<>(byName.values());
    Program program = new Checker(units, mainUnit, diagnostics).check();
    diagnostics.sort(null);
    return new Analysis(mainUnit, units, program, dedupe(withoutCascades(diagnostics, units)));
  }

  /** One `use` and the file it loaded. */
  private record Import(Member.Use use, CompilationUnit target) {}

  /** The same file however it is named (relative or absolute, with `..`): its absolute normal path. */
  private static String key(String name) {
    if (SourceLoader.isStdlib(name)) return name;
    try {
      return Path.of(name).toAbsolutePath().normalize().toString();
    } catch (RuntimeException e) {
      return name;
    }
  }

  /**
   * Reports each cycle of imports once (E0208), at the `use` where it starts as seen from the
   * model: a depth-first walk from the model, without recursion, so that any chain of files is safe.
   */
  private static void importCycles(CompilationUnit main, Map<CompilationUnit, List<Import>> imports,
      Map<CompilationUnit, String> shown, List<Diagnostic> diagnostics) {
    Map<CompilationUnit, Integer> state = new java.util.IdentityHashMap<>();  // 1: on the path, 2: done
    Deque<CompilationUnit> path = new ArrayDeque<>();
    Deque<java.util.Iterator<Import>> next = new ArrayDeque<>();
    List<Import> edges = new ArrayList<>();  // the import that led to each unit of the path after the first
    state.put(main, 1);
    path.push(main);
    next.push(imports.getOrDefault(main, List.of()).iterator());
    while (!path.isEmpty()) {
      java.util.Iterator<Import> it = next.peek();
      if (!it.hasNext()) {
        state.put(path.pop(), 2);
        next.pop();
        if (!edges.isEmpty()) edges.remove(edges.size() - 1);
        continue;
      }
      Import imp = it.next();
      Integer st = state.get(imp.target());
      if (st == null) {
        state.put(imp.target(), 1);
        path.push(imp.target());
        next.push(imports.getOrDefault(imp.target(), List.of()).iterator());
        edges.add(imp);
      } else if (st == 1) {
        // A cycle: from imp.target() along the path, back to it by imp.
        List<CompilationUnit> onPath = new ArrayList<>(path);
        java.util.Collections.reverse(onPath);
        int from = onPath.indexOf(imp.target());
        StringBuilder names = new StringBuilder();
        for (int i = from; i < onPath.size(); i++) names.append("`").append(shown.get(onPath.get(i))).append("` → ");
        names.append("`").append(shown.get(imp.target())).append("`");
        Import first = from < edges.size() ? edges.get(from) : imp;
        diagnostics.add(Diagnostic.error(Code.E0208, first.use().target().span(), "import cycle: " + names
            + "; files must not import each other, so move what they share into a file that imports neither"));
      }
    }
  }

  private CompilationUnit unitOf(SourceFile file, String pkg, Map<String, CompilationUnit> byName,
      List<Diagnostic> diagnostics) {
    String name = key(file.id().name());
    CompilationUnit existing = byName.get(name);
    if (existing != null) return existing;
    CompilationUnit unit = load(file, true, diagnostics);
    byName.put(name, unit);
    String declared = unit.ast().pkg().map(p -> p.text()).orElse("");
    if (!declared.equals(pkg)) {
      var where = unit.ast().pkg().map(p -> p.span()).orElse(file.span(0, 0));
      diagnostics.add(Diagnostic.of(Code.E0211, where, "this file is found as package `" + pkg + "` but declares "
          + (declared.isEmpty() ? "no package" : "`package " + declared + "`") + "; write `package " + pkg + "`"));
    }
    return unit;
  }

  private CompilationUnit load(SourceFile file, boolean imported, List<Diagnostic> diagnostics) {
    if (imported) {
      // Imported files (the stdlib above all) rarely change between two analyses in an editor:
      // their parse and AST, immutable, are reused while their text is the same.
      Parsed hit = IMPORTS.get(file.id().name());
      if (hit != null && hit.unit().source().text().equals(file.text())) {
        diagnostics.addAll(hit.diagnostics());
        return hit.unit();
      }
    }
    List<Diagnostic> own = new ArrayList<>();
    ParsedFile parsed = Parsing.parse(file);
    own.addAll(parsed.diagnostics());
    AstBuilder.Result built = AstBuilder.build(parsed);
    own.addAll(built.diagnostics());
    CompilationUnit unit = new CompilationUnit(file, parsed, built.ast(), imported);
    if (imported) {
      if (IMPORTS.size() > 256) IMPORTS.clear();
      IMPORTS.put(file.id().name(), new Parsed(unit, List.copyOf(own)));
    }
    diagnostics.addAll(own);
    return unit;
  }

  private record Parsed(CompilationUnit unit, List<Diagnostic> diagnostics) {}

  private static final java.util.Map<String, Parsed> IMPORTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static List<Member.Use> usesOf(FileAst ast) {
    List<Member.Use> uses = new ArrayList<>(ast.uses());
    for (var d : ast.decls()) {
      for (Member m : d.members()) {
        if (m instanceof Member.Use u) uses.add(u);
      }
    }
    return uses;
  }

  private static Path directoryOf(CompilationUnit unit) {
    String name = unit.source().id().name();
    if (SourceLoader.isStdlib(name)) return null;
    Path p = Path.of(name).toAbsolutePath().getParent();
    return p;
  }

  /**
   * Drops the checker's errors on lines that already have a syntax error: what the parser
   * rebuilt there is a guess, and a unit error about a guess only distracts.
   */
  private static List<Diagnostic> withoutCascades(List<Diagnostic> ds, List<CompilationUnit> units) {
    java.util.Map<brainc.ir.source.SourceId, java.util.Set<Integer>> syntaxLines = new java.util.HashMap<>();
    java.util.Map<brainc.ir.source.SourceId, brainc.ir.source.LineIndex> lines = new java.util.HashMap<>();
    for (CompilationUnit u : units) lines.put(u.source().id(), u.source().lines());
    for (Diagnostic d : ds) {
      if (!d.code().id().startsWith("E01")) continue;
      var idx = lines.get(d.span().source());
      if (idx != null) syntaxLines.computeIfAbsent(d.span().source(), k -> new java.util.HashSet<>()).add(idx.line(d.span().start()));
    }
    if (syntaxLines.isEmpty()) return ds;
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : ds) {
      var set = syntaxLines.get(d.span().source());
      boolean cascade = set != null && !d.code().id().startsWith("E01") && d.isError()
          && set.contains(lines.get(d.span().source()).line(d.span().start()));
      if (!cascade) out.add(d);
    }
    return out;
  }

  private static List<Diagnostic> dedupe(List<Diagnostic> ds) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : ds) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(d)) out.add(d);
    }
    return out;
  }
}
