package brainc.compiler.passes;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Kernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a load by the local that already holds the value: the value just stored there
 * (store-to-load forwarding) or an earlier load of the same element (redundant loads). The
 * JIT cannot do this itself, since two array fields may be the same array as far as it knows.
 *
 * <p>Identity: {@code v[i] = n; ...; let s = v[i]} = {@code v[i] = n; ...; let s = n} when no
 * store to {@code v} and no redefinition of {@code i} or {@code n} lies between. Before:
 * {@code "all.v"[i] = n_v; let s_v_2 = "all.v"[i]}; after: {@code let s_v_2 = n_v}.
 */
public final class ForwardLoads implements KernelPass {
  @Override
  public String name() {
    return "forward-loads";
  }

  /** A load's element: the buffer and the index expression (locals and constants only). */
  private record Element(String buffer, KExpr index) {}

  @Override
  public KernelProgram run(KernelProgram in, PassContext cx) {
    int[] forwarded = {0};
    List<KStmt> init = block(in.init(), new HashMap<>(), forwarded);
    List<Kernel> step = new ArrayList<>();
    for (Kernel k : in.step()) step.add(k.withBody(block(k.body(), new HashMap<>(), forwarded)));
    if (forwarded[0] == 0) return in;
    cx.explain(name(), forwarded[0] + " load(s) replaced by a local that holds the value");
    return in.withBodies(init, step);
  }

  private static List<KStmt> block(List<KStmt> body, Map<Element, KExpr> known, int[] count) {
    List<KStmt> out = new ArrayList<>();
    for (KStmt s : body) {
      if (s instanceof KStmt.Let l) {
        KExpr v = expr(l.value(), known, count);
        forget(known, l.name());
        out.add(v == l.value() ? l : new KStmt.Let(l.name(), v));
        if (l.value() instanceof KExpr.Load ld && simple(ld.index())) {
          known.putIfAbsent(new Element(ld.buffer(), ld.index()), new KExpr.Local(l.name(), ld.type()));
        }
      } else if (s instanceof KStmt.Store st) {
        KExpr idx = expr(st.index(), known, count);
        KExpr v = expr(st.value(), known, count);
        known.keySet().removeIf(e -> e.buffer().equals(st.buffer()));
        if (v instanceof KExpr.Local && simple(idx)) known.put(new Element(st.buffer(), idx), v);
        out.add(idx == st.index() && v == st.value() ? st : new KStmt.Store(st.buffer(), idx, v));
      } else if (s instanceof KStmt.If f) {
        KExpr c = expr(f.condition(), known, count);
        List<KStmt> t = block(f.then(), new HashMap<>(known), count);
        List<KStmt> o = block(f.otherwise(), new HashMap<>(known), count);
        Set<String> written = new HashSet<>();
        stores(f.then(), written);
        stores(f.otherwise(), written);
        known.keySet().removeIf(e -> written.contains(e.buffer()));
        out.add(new KStmt.If(c, t, o));
      } else if (s instanceof KStmt.Emit e) {
        out.add(new KStmt.Emit(e.spikeSet(), expr(e.index(), known, count)));
      } else if (s instanceof KStmt.Enqueue q) {
        out.add(new KStmt.Enqueue(q.queue(), expr(q.delay(), known, count), expr(q.index(), known, count),
            expr(q.value(), known, count)));
      } else {
        // Loops and drains: their bodies start afresh; what they write is forgotten after them.
        Set<String> written = new HashSet<>();
        stores(List.of(s), written);
        KStmt kept = s;
        if (s instanceof KStmt.ForRange f) kept = f.withBody(block(f.body(), new HashMap<>(), count));
        else if (s instanceof KStmt.ForSpikes f) kept = new KStmt.ForSpikes(f.spikeSet(), f.var(), block(f.body(), new HashMap<>(), count));
        else if (s instanceof KStmt.ForTargets f) {
          kept = new KStmt.ForTargets(f.connection(), f.pre(), f.post(), f.synapse(), block(f.body(), new HashMap<>(), count));
        } else if (s instanceof KStmt.ForSources f) {
          kept = new KStmt.ForSources(f.connection(), f.post(), f.pre(), f.synapse(), block(f.body(), new HashMap<>(), count));
        }
        known.clear();
        out.add(kept);
      }
    }
    return out;
  }

  /** Index expressions whose value cannot change between two statements of a block. */
  private static boolean simple(KExpr e) {
    return e instanceof KExpr.Local || e instanceof KExpr.Const;
  }

  /** A local redefined (a new let of the same name) invalidates what depended on it. */
  private static void forget(Map<Element, KExpr> known, String local) {
    known.entrySet().removeIf(e -> e.getKey().index() instanceof KExpr.Local l && l.name().equals(local)
        || e.getValue() instanceof KExpr.Local v && v.name().equals(local));
  }

  private static KExpr expr(KExpr e, Map<Element, KExpr> known, int[] count) {
    if (e instanceof KExpr.Load l) {
      KExpr idx = expr(l.index(), known, count);
      KExpr hit = known.get(new Element(l.buffer(), idx));
      if (hit != null && hit.type() == l.type()) {
        count[0]++;
        return hit;
      }
      return idx == l.index() ? l : new KExpr.Load(l.buffer(), idx, l.type());
    }
    if (e instanceof KExpr.Unary u) {
      KExpr o = expr(u.operand(), known, count);
      return o == u.operand() ? u : new KExpr.Unary(u.op(), o);
    }
    if (e instanceof KExpr.Binary b) {
      KExpr l = expr(b.left(), known, count);
      KExpr r = expr(b.right(), known, count);
      return l == b.left() && r == b.right() ? b : new KExpr.Binary(b.op(), l, r);
    }
    if (e instanceof KExpr.Call c) {
      List<KExpr> args = c.args().stream().map(a -> expr(a, known, count)).toList();
      return args.equals(c.args()) ? c : new KExpr.Call(c.fn(), args);
    }
    if (e instanceof KExpr.Select s) {
      // Only the condition is always evaluated; branches are left alone to keep evaluation as written.
      KExpr c = expr(s.condition(), known, count);
      return c == s.condition() ? s : new KExpr.Select(c, s.then(), s.otherwise());
    }
    if (e instanceof KExpr.Cast c) {
      KExpr o = expr(c.operand(), known, count);
      return o == c.operand() ? c : new KExpr.Cast(c.type(), o);
    }
    return e;
  }

  private static void stores(List<KStmt> body, Set<String> out) {
    for (KStmt s : body) {
      if (s instanceof KStmt.Store st) out.add(st.buffer());
      else if (s instanceof KStmt.If f) {
        stores(f.then(), out);
        stores(f.otherwise(), out);
      } else if (s instanceof KStmt.ForRange f) stores(f.body(), out);
      else if (s instanceof KStmt.ForSpikes f) stores(f.body(), out);
      else if (s instanceof KStmt.ForTargets f) stores(f.body(), out);
      else if (s instanceof KStmt.ForSources f) stores(f.body(), out);
      else if (s instanceof KStmt.Drain) out.add("*");
    }
  }
}
