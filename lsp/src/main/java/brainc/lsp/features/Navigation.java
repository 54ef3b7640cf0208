package brainc.lsp.features;

import brainc.compiler.ast.Ident;
import brainc.compiler.driver.SourceLoader;
import brainc.compiler.sema.Symbol;
import brainc.ir.source.Span;
import brainc.lsp.DocumentModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Go to definition (into imported files and the read-only stdlib documents too), find
 * references within the analysed program, and rename of a declaration of this document.
 */
public final class Navigation {
  private Navigation() {}

  public static List<Location> definition(DocumentModel m, int offset) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty() || ref.get().getValue().declaration().isEmpty()) return List.of();
    return List.of(Diagnostics.location(m, ref.get().getValue().declaration().get()));
  }

  /** Every span in the program naming the symbol under the offset, in order. */
  static List<Span> occurrences(DocumentModel m, Symbol target, boolean includeDeclaration) {
    List<Span> out = new ArrayList<>();
    if (includeDeclaration) target.declaration().ifPresent(out::add);
    for (Map.Entry<Ident, Symbol> e : m.program().references().entrySet()) {
      if (e.getKey().isMissing() || !DocumentModel.sameSymbol(e.getValue(), target)) continue;
      if (!out.contains(e.getKey().span())) out.add(e.getKey().span());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  public static List<Location> references(DocumentModel m, int offset, boolean includeDeclaration) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty()) return List.of();
    List<Location> out = new ArrayList<>();
    for (Span s : occurrences(m, ref.get().getValue(), includeDeclaration)) out.add(Diagnostics.location(m, s));
    return out;
  }

  /** The range of the name to rename, if the symbol under the offset is declared in this document. */
  public static Optional<org.eclipse.lsp4j.Range> prepareRename(DocumentModel m, int offset) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty() || !isLocal(m, ref.get().getValue())) return Optional.empty();
    return Optional.of(m.document().range(ref.get().getKey().span()));
  }

  public static Optional<WorkspaceEdit> rename(DocumentModel m, int offset, String newName) {
    if (!newName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("`" + newName + "` is not a name");
    }
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty() || !isLocal(m, ref.get().getValue())) return Optional.empty();
    Map<String, List<TextEdit>> changes = new HashMap<>();
    List<TextEdit> edits = new ArrayList<>();
    for (Span s : occurrences(m, ref.get().getValue(), true)) {
      if (!s.source().equals(m.id())) continue;
      edits.add(new TextEdit(m.document().range(s), newName));
    }
    changes.put(m.document().uri(), edits);
    return Optional.of(new WorkspaceEdit(changes));
  }

  private static boolean isLocal(DocumentModel m, Symbol s) {
    return s.declaration().isPresent() && s.declaration().get().source().equals(m.id())
        && !SourceLoader.isStdlib(m.id().name());
  }
}
