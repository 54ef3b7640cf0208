package brainc.lsp.features;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Signature;
import brainc.compiler.sema.Symbol;
import brainc.compiler.sema.Ty;
import brainc.ir.source.Span;
import brainc.ir.units.Units;
import brainc.lsp.model.DocumentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover: for a name, what it is, its unit and default, its doc comment, and at an override
 * the value that replaces the default; for a catalog constructor its documentation and
 * parameters; for an equation or other expression its unit.
 */
public final class Hover {
  private Hover() {}

  public static Optional<org.eclipse.lsp4j.Hover> at(DocumentModel m, int offset) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isPresent()) {
      String body = symbolText(m, ref.get().getKey(), ref.get().getValue());
      for (Member mem : membersAt(m, offset)) {
        if (mem instanceof Member.Equation eq && eq.name().span().equals(ref.get().getKey().span())) {
          body += "\n\nEquation `" + eq.name().text() + "'".repeat(eq.primes()) + "`: "
              + m.program().typeOf(eq.value()).map(Hover::describe).orElse("unknown");
        }
      }
      return Optional.of(hover(m, body, ref.get().getKey().span()));
    }
    String text = m.text();
    int s = offset;
    int e = offset;
    while (s > 0 && CursorContext.isIdentPart(text.charAt(s - 1))) s--;
    while (e < text.length() && CursorContext.isIdentPart(text.charAt(e))) e++;
    if (e > s) {
      String word = text.substring(s, e);
      List<Signature> sigs = Completion.catalogNamed(word);
      if (!sigs.isEmpty()) {
        StringBuilder b = new StringBuilder();
        for (Signature sig : sigs) {
          b.append("```brain\n").append(Signatures.label(sig)).append("\n```\n\n").append(sig.doc()).append("\n\n");
          for (var p : sig.params()) {
            b.append("- `").append(p.name()).append("` (").append(p.required() ? "required" : "default " + p.defaultText())
                .append("): ").append(p.doc()).append('\n');
          }
        }
        return Optional.of(hover(m, b.toString().strip(), m.id() == null ? null : new Span(m.id(), s, e)));
      }
    }
    Optional<Expr> expr = smallestExpr(m, offset);
    if (expr.isPresent()) {
      Optional<Ty> ty = m.program().typeOf(expr.get());
      if (ty.isPresent() && !ty.get().isUnknown()) {
        return Optional.of(hover(m, "`" + m.text().substring(expr.get().span().start(), Math.min(expr.get().span().end(), m.text().length()))
            .replaceAll("\\s+", " ") + "`: " + describe(ty.get()), expr.get().span()));
      }
    }
    for (Member mem : membersAt(m, offset)) {
      if (mem instanceof Member.Equation eq && eq.name().span().contains(offset)) {
        Optional<Ty> ty = m.program().typeOf(eq.value());
        String unit = ty.map(Hover::describe).orElse("unknown");
        return Optional.of(hover(m, "`" + eq.name().text() + "'".repeat(eq.primes()) + "`: " + unit, eq.name().span()));
      }
    }
    return Optional.empty();
  }

  static String describe(Ty t) {
    if (t instanceof Ty.Num n) return n.dim().isNone() ? "dimensionless" : Units.display(n.dim());
    return t.toString();
  }

  private static org.eclipse.lsp4j.Hover hover(DocumentModel m, String markdown, Span span) {
    org.eclipse.lsp4j.Hover h = new org.eclipse.lsp4j.Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown));
    if (span != null && span.source().equals(m.id())) h.setRange(m.document().range(span));
    return h;
  }

  private static String symbolText(DocumentModel m, Ident at, Symbol s) {
    StringBuilder b = new StringBuilder("```brain\n");
    String unit = s.type() instanceof Ty.Num n && !n.dim().isNone() ? Units.display(n.dim()) : "";
    if (s.node() instanceof Member.Named n) {
      unit = unitText(m, n).isEmpty() ? unit : unitText(m, n);
      String def = defaultText(m, n);
      b.append(keyword(s.kind())).append(' ').append(s.name());
      if (!unit.isEmpty()) b.append(": ").append(unit);
      if (!def.isEmpty()) b.append(" = ").append(def);
    } else if (s.kind().isDeclaration()) {
      b.append(keyword(s.kind())).append(' ').append(s.container().isEmpty() ? s.name() : s.container());
    } else {
      b.append(s.kind().label()).append(' ').append(s.name());
      if (!unit.isEmpty()) b.append(": ").append(unit);
    }
    b.append("\n```");
    overrideAt(m, at).ifPresent(o -> b.append("\n\nOverridden here: `").append(o).append('`'));
    if (s.doc() != null && !s.doc().isBlank()) b.append("\n\n").append(s.doc());
    if (s.kind().isDeclaration() && !s.container().isEmpty()) b.append("\n\n*").append(s.kind().label()).append(" `")
        .append(s.container()).append("`*");
    return b.toString();
  }

  private static String keyword(Symbol.Kind k) {
    switch (k) {
      case PARAM: return "param";
      case STATE: return "state";
      case INPUT: return "input";
      case LET: return "let";
      case VAR: return "var";
      case TRACE: return "trace";
      case NEURON: return "neuron";
      case SYNAPSE: return "synapse";
      case NETWORK: return "network";
      case POPULATION: return "population";
      default: return k.label();
    }
  }

  /** The value an override at this name gives, e.g. {@code v_rest = -49 mV}. */
  private static Optional<String> overrideAt(DocumentModel m, Ident at) {
    for (Decl d : m.unit().ast().decls()) {
      for (Member mem : d.members()) {
        if (!(mem instanceof Member.Population p)) continue;
        for (Member.Override o : p.overrides()) {
          if (o.name().span().equals(at.span())) {
            return Optional.of(o.name().text() + " = " + slice(m, o.value().span()).replaceAll("\\s+", " "));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The default a parameter or state is declared with, as written, or "". */
  public static String defaultText(DocumentModel m, Member.Named n) {
    Optional<Expr> v = n instanceof Member.Param p ? p.value() : n instanceof Member.State st ? st.value()
        : n instanceof Member.Var var ? var.value() : n instanceof Member.Let let ? Optional.of(let.value()) : Optional.empty();
    return v.map(e -> slice(m, e.span()).replaceAll("\\s+", " ")).orElse("");
  }

  /** The declared or inferred unit of a parameter or state, or "". */
  public static String unitText(DocumentModel m, Member.Named n) {
    Optional<Member.TypeRef> t = n instanceof Member.Param p ? p.type() : n instanceof Member.State st ? st.type()
        : n instanceof Member.Input in ? in.type() : n instanceof Member.Var var ? var.type() : Optional.empty();
    if (t.isPresent()) return t.get().text();
    Optional<Expr> v = n instanceof Member.Param p ? p.value() : n instanceof Member.State st ? st.value() : Optional.empty();
    if (v.isPresent() && v.get() instanceof Expr.Quantity q && q.unit().isPresent()) return q.unit().get().text();
    if (v.isPresent() && v.get() instanceof Expr.Unary u && u.operand() instanceof Expr.Quantity q && q.unit().isPresent()) {
      return q.unit().get().text();
    }
    if (v.isPresent()) {
      Optional<Ty> ty = m.program().typeOf(v.get());
      if (ty.isPresent() && ty.get() instanceof Ty.Num num) return num.dim().isNone() ? "" : Units.display(num.dim());
    }
    return "";
  }

  static String slice(DocumentModel m, Span s) {
    return m.source(s.source()).map(f -> f.slice(s)).orElse("");
  }

  static List<Member> membersAt(DocumentModel m, int offset) {
    List<Member> out = new ArrayList<>();
    Optional<Program.DeclInfo> d = m.declAt(offset);
    if (d.isEmpty()) return out;
    for (Member mem : d.get().decl().members()) if (mem.span().contains(offset)) out.add(mem);
    return out;
  }

  /** The smallest checked expression under the offset, in the member there. */
  static Optional<Expr> smallestExpr(DocumentModel m, int offset) {
    List<Expr> roots = new ArrayList<>();
    for (Member mem : membersAt(m, offset)) {
      if (mem instanceof Member.Equation eq) roots.add(eq.value());
      else if (mem instanceof Member.Param p) p.value().ifPresent(roots::add);
      else if (mem instanceof Member.State st) st.value().ifPresent(roots::add);
      else if (mem instanceof Member.Let let) roots.add(let.value());
      else if (mem instanceof Member.Step step) roots.add(step.value());
      else if (mem instanceof Member.Spike sp) roots.add(sp.condition());
      else if (mem instanceof Member.Signal sig) roots.add(sig.value());
      else if (mem instanceof Member.Output o) roots.add(o.value());
      else if (mem instanceof Member.Refractory r) roots.add(r.period());
      else if (mem instanceof Member.Population p) {
        roots.add(p.size());
        for (Member.Override o : p.overrides()) roots.add(o.value());
      } else if (mem instanceof Member.Connect c) {
        for (Member.ConnectClause cl : c.clauses()) {
          if (cl instanceof Member.ConnectClause.Weight w) roots.add(w.value());
          if (cl instanceof Member.ConnectClause.Delay dl) roots.add(dl.value());
          if (cl instanceof Member.ConnectClause.Probability pr) roots.add(pr.value());
        }
      }
    }
    Expr best = null;
    List<Expr> work = new ArrayList<>(roots);
    while (!work.isEmpty()) {
      Expr e = work.remove(work.size() - 1);
      if (!e.span().contains(offset)) continue;
      if (m.program().typeOf(e).isPresent() && (best == null || e.span().length() <= best.span().length())) best = e;
      work.addAll(children(e));
    }
    return Optional.ofNullable(best);
  }

  static List<Expr> children(Expr e) {
    List<Expr> out = new ArrayList<>();
    if (e instanceof Expr.Call c) for (Expr.Arg a : c.args()) out.add(a.value());
    else if (e instanceof Expr.Member mm) out.add(mm.target());
    else if (e instanceof Expr.Index ix) {
      out.add(ix.target());
      out.add(ix.index());
    } else if (e instanceof Expr.Unary u) out.add(u.operand());
    else if (e instanceof Expr.Binary b) {
      out.add(b.left());
      out.add(b.right());
    } else if (e instanceof Expr.Cond c) {
      out.add(c.condition());
      out.add(c.then());
      out.add(c.otherwise());
    } else if (e instanceof Expr.Range r) {
      out.add(r.low());
      out.add(r.high());
    } else if (e instanceof Expr.Vector v) out.addAll(v.items());
    else if (e instanceof Expr.Paren p) out.add(p.inner());
    return out;
  }
}
