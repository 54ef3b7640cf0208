package brainc.compiler.driver;

import brainc.compiler.ast.FileAst;
import brainc.compiler.ast.Member;
import brainc.compiler.sema.Checker;
import brainc.compiler.sema.Program;
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
    byName.put(main.id().name(), mainUnit);

    Deque<CompilationUnit> work = new ArrayDeque<>();
    java.util.Set<String> queued = new java.util.HashSet<>();
    queued.add(main.id().name());
    work.add(mainUnit);
    while (!work.isEmpty()) {
      CompilationUnit unit = work.poll();
      Path dir = directoryOf(unit);
      for (Member.Use use : usesOf(unit.ast())) {
        String target = use.target().text();
        if (target.isEmpty()) continue;
        Optional<CompilationUnit> found = findPackageUnit(target, dir, byName, diagnostics);
        if (found.isEmpty() && target.contains(".")) {
          // `use pkg.Decl` imports one declaration of package `pkg`.
          found = findPackageUnit(target.substring(0, target.lastIndexOf('.')), dir, byName, diagnostics);
        }
        if (found.isEmpty()) {
          diagnostics.add(Diagnostic.error(Code.E0203, use.target().span(),
              "cannot find `" + target + "`: no file `" + target.replace('.', '/') + ".brain` beside this model "
                  + "and no such package in the standard library"));
          continue;
        }
        CompilationUnit u = found.get();
        if (queued.add(u.source().id().name())) {
          work.add(u);
        }
      }
    }
    List<CompilationUnit> units = new ArrayList<>(byName.values());
    Program program = new Checker(units, mainUnit, diagnostics).check();
    diagnostics.sort(null);
    return new Analysis(mainUnit, units, program, dedupe(withoutCascades(diagnostics, units)));
  }

  private Optional<CompilationUnit> findPackageUnit(String pkg, Path dir, Map<String, CompilationUnit> byName,
      List<Diagnostic> diagnostics) {
    Optional<SourceFile> file = loader.findPackage(pkg, dir);
    if (file.isEmpty()) return Optional.empty();
    String name = file.get().id().name();
    CompilationUnit existing = byName.get(name);
    if (existing != null) return Optional.of(existing);
    CompilationUnit unit = load(file.get(), true, diagnostics);
    byName.put(name, unit);
    String declared = unit.ast().pkg().map(p -> p.text()).orElse("");
    if (!declared.equals(pkg)) {
      var where = unit.ast().pkg().map(p -> p.span()).orElse(file.get().span(0, 0));
      diagnostics.add(Diagnostic.of(Code.E0211, where, "this file is found as package `" + pkg + "` but declares "
          + (declared.isEmpty() ? "no package" : "`package " + declared + "`") + "; write `package " + pkg + "`"));
    }
    return Optional.of(unit);
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
