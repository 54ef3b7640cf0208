package brainc.compiler.driver;

import brainc.compiler.sema.Program;
import brainc.compiler.source.CompilationUnit;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import brainc.ir.source.SourceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the front end learned about a model and what it imports: the units, the checked
 * program, and every diagnostic (sorted by file and position). Always complete, even for
 * broken input.
 */
public record Analysis(CompilationUnit main, List<CompilationUnit> units, Program program,
    List<Diagnostic> diagnostics) {
  public Analysis {
    units = List.copyOf(units);
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  public Optional<SourceFile> source(SourceId id) {
    return units.stream().map(CompilationUnit::source).filter(s -> s.id().equals(id)).findFirst();
  }

  public Map<SourceId, SourceFile> sources() {
    var m = new java.util.LinkedHashMap<SourceId, SourceFile>();
    for (CompilationUnit u : units) m.put(u.source().id(), u.source());
    return m;
  }
}
