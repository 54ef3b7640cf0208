package brainc.lsp.features;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Member;
import brainc.lsp.model.DocumentModel;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeKind;
import org.eclipse.lsp4j.SymbolKind;

/** Document symbols (declarations with their named members) and folding ranges (blocks and comment runs). */
public final class Outline {
  private Outline() {}

  public static List<DocumentSymbol> symbols(DocumentModel m) {
    List<DocumentSymbol> out = new ArrayList<>();
    for (Decl d : m.unit().ast().decls()) {
      if (d.name().isMissing()) continue;
      DocumentSymbol s = new DocumentSymbol(d.name().text(), kindOf(d), m.document().range(d.span()),
          m.document().range(d.name().span()), d.kindName());
      List<DocumentSymbol> children = new ArrayList<>();
      for (Member mem : d.members()) {
        if (!(mem instanceof Member.Named n) || n.name().isMissing()) continue;
        children.add(new DocumentSymbol(n.name().text(), memberKind(mem), m.document().range(mem.span()),
            m.document().range(n.name().span()), memberDetail(m, n)));
      }
      s.setChildren(children);
      out.add(s);
    }
    return out;
  }

  private static String memberDetail(DocumentModel m, Member.Named n) {
    String unit = Hover.unitText(m, n);
    String def = Hover.defaultText(m, n);
    return (unit.isEmpty() ? "" : unit) + (def.isEmpty() ? "" : (unit.isEmpty() ? "= " : " = ") + def);
  }

  private static SymbolKind kindOf(Decl d) {
    if (d instanceof Decl.Neuron || d instanceof Decl.Synapse) return SymbolKind.Class;
    if (d instanceof Decl.Network) return SymbolKind.Module;
    return SymbolKind.Namespace;
  }

  private static SymbolKind memberKind(Member m) {
    if (m instanceof Member.Param) return SymbolKind.Constant;
    if (m instanceof Member.State || m instanceof Member.Var || m instanceof Member.Trace) return SymbolKind.Variable;
    if (m instanceof Member.Population) return SymbolKind.Object;
    if (m instanceof Member.Property) return SymbolKind.Property;
    if (m instanceof Member.Input || m instanceof Member.InputGroup) return SymbolKind.Event;
    return SymbolKind.Field;
  }

  public static List<FoldingRange> folding(DocumentModel m) {
    List<FoldingRange> out = new ArrayList<>();
    var doc = m.document();
    for (Decl d : m.unit().ast().decls()) {
      addRange(out, doc.position(d.span().start()).getLine(), doc.position(d.span().end()).getLine(), null);
      for (Member mem : d.members()) {
        addRange(out, doc.position(mem.span().start()).getLine(), doc.position(mem.span().end()).getLine(), null);
      }
    }
    // Runs of two or more comment lines.
    String[] lines = m.text().split("\n", -1);
    int start = -1;
    for (int i = 0; i <= lines.length; i++) {
      boolean comment = i < lines.length && lines[i].strip().startsWith("//");
      if (comment && start < 0) start = i;
      if (!comment && start >= 0) {
        addRange(out, start, i - 1, FoldingRangeKind.Comment);
        start = -1;
      }
    }
    return out;
  }

  private static void addRange(List<FoldingRange> out, int from, int to, String kind) {
    if (to <= from) return;
    FoldingRange r = new FoldingRange(from, to);
    if (kind != null) r.setKind(kind);
    out.add(r);
  }
}
