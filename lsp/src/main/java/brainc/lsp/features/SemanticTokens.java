package brainc.lsp.features;

import brainc.compiler.ast.Ident;
import brainc.compiler.sema.Symbol;
import brainc.ir.source.Span;
import brainc.lsp.model.DocumentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.SemanticTokensLegend;

/**
 * Semantic tokens from name resolution: each resolved name (and each declaring name) is
 * classified by what it refers to, so parameters, states, models and built-ins read apart.
 */
public final class SemanticTokens {
  public static final List<String> TYPES = List.of("type", "parameter", "variable", "property", "function",
      "namespace", "enumMember", "event", "number");
  private static final int NUMBER = 8;
  private static final int UNIT = 0;
  public static final List<String> MODIFIERS = List.of("declaration", "readonly", "defaultLibrary");

  private SemanticTokens() {}

  public static SemanticTokensLegend legend() {
    return new SemanticTokensLegend(TYPES, MODIFIERS);
  }

  public static org.eclipse.lsp4j.SemanticTokens of(DocumentModel m) {
    TreeMap<Integer, int[]> byStart = new TreeMap<>();
    for (Map.Entry<Ident, Symbol> e : m.program().references().entrySet()) {
      add(m, byStart, e.getKey().span(), e.getValue(), false);
    }
    for (var d : m.program().decls().values()) {
      if (d.unit() != m.unit()) continue;
      add(m, byStart, d.decl().name().span(), d.symbol(), true);
      if (d.scope() == null) continue;
      for (Symbol s : d.scope().locals().values()) s.declaration().ifPresent(sp -> add(m, byStart, sp, s, true));
    }
    // Numbers and their units (`20 ms`): the unit reads as a type.
    for (brainc.compiler.ast.Expr e : m.program().checkedExpressions()) {
      if (!(e instanceof brainc.compiler.ast.Expr.Quantity q) || !q.span().source().equals(m.id())) continue;
      int numberEnd = q.unit().map(u -> u.span().start()).orElse(q.span().end());
      int len = Math.min(q.text().length(), numberEnd - q.span().start());
      if (len > 0) byStart.putIfAbsent(q.span().start(), new int[] {len, NUMBER, 0});
      q.unit().ifPresent(u -> byStart.putIfAbsent(u.span().start(), new int[] {u.span().length(), UNIT, 2}));
    }
    List<Integer> data = new ArrayList<>();
    int line = 0;
    int col = 0;
    int lastEnd = -1;
    for (Map.Entry<Integer, int[]> e : byStart.entrySet()) {
      int start = e.getKey();
      int[] t = e.getValue();
      if (start < lastEnd) continue;
      Position p = m.document().position(start);
      Position q = m.document().position(start + t[0]);
      if (q.getLine() != p.getLine()) continue;
      int dl = p.getLine() - line;
      data.add(dl);
      data.add(dl == 0 ? p.getCharacter() - col : p.getCharacter());
      data.add(t[0]);
      data.add(t[1]);
      data.add(t[2]);
      line = p.getLine();
      col = p.getCharacter();
      lastEnd = start + t[0];
    }
    return new org.eclipse.lsp4j.SemanticTokens(data);
  }

  private static void add(DocumentModel m, TreeMap<Integer, int[]> out, Span span, Symbol s, boolean declaration) {
    if (!span.source().equals(m.id()) || span.length() == 0 || span.end() > m.text().length()) return;
    int type = typeOf(s.kind());
    int mods = (declaration ? 1 : 0) | (s.kind() == Symbol.Kind.PARAM || s.kind() == Symbol.Kind.CONSTANT ? 2 : 0)
        | (s.declaration().isEmpty() || s.declaration().get().source().name().startsWith("stdlib:") ? 4 : 0);
    out.putIfAbsent(span.start(), new int[] {span.length(), type, mods});
  }

  private static int typeOf(Symbol.Kind k) {
    switch (k) {
      case PARAM:
        return 1;
      case STATE:
      case VAR:
      case TRACE:
      case LET:
      case BUILTIN:
        return 2;
      case INPUT:
      case INPUT_GROUP:
        return 7;
      case POPULATION:
      case OUTPUT:
      case SIGNAL:
        return 3;
      case FUNCTION:
        return 4;
      case CONSTANT:
      case UNIT:
        return 6;
      case MODULE:
        return 5;
      default:
        return k.isDeclaration() ? 0 : 2;
    }
  }
}
