package brainc.ir.kernel;

import brainc.ir.kernel.KernelProgram.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a kernel program bottom-up and keeps identity: a node whose parts come back as the
 * same objects is returned itself, and so is a list, a kernel or a program in which nothing
 * changed. A pass can then tell "changed nothing" by {@code ==}, as {@code KernelPass} promises.
 *
 * <p>Subclasses override {@link #rewrite(KExpr)} and {@link #rewrite(KStmt)}, which see each node
 * after its parts have been rewritten; both return their argument by default. For example, a
 * rewriter that turns {@code x * 1} into {@code x} overrides only the expression hook.
 */
public class KernelRewriter {
  /** An expression whose parts have been rewritten; returns it, or what replaces it. */
  protected KExpr rewrite(KExpr e) {
    return e;
  }

  /** A statement whose parts have been rewritten; returns it, or what replaces it. */
  protected KStmt rewrite(KStmt s) {
    return s;
  }

  public final KernelProgram program(KernelProgram p) {
    List<KStmt> init = block(p.init());
    List<Kernel> step = kernels(p.step());
    List<Kernel> readouts = kernels(p.readouts());
    KernelProgram out = init == p.init() && step == p.step() ? p : p.withBodies(init, step);
    return readouts == p.readouts() ? out : out.withReadouts(readouts);
  }

  public final List<Kernel> kernels(List<Kernel> kernels) {
    List<Kernel> out = null;
    for (int i = 0; i < kernels.size(); i++) {
      Kernel k = kernels.get(i);
      List<KStmt> body = block(k.body());
      Kernel kept = body == k.body() ? k : k.withBody(body);
      if (kept != k && out == null) out = new ArrayList<>(kernels.subList(0, i));
      if (out != null) out.add(kept);
    }
    return out == null ? kernels : out;
  }

  public final List<KStmt> block(List<KStmt> body) {
    List<KStmt> out = null;
    for (int i = 0; i < body.size(); i++) {
      KStmt s = body.get(i);
      KStmt kept = stmt(s);
      if (kept != s && out == null) out = new ArrayList<>(body.subList(0, i));
      if (out != null) out.add(kept);
    }
    return out == null ? body : out;
  }

  public final KStmt stmt(KStmt s) {
    return rewrite(s.accept(STMT_PARTS, this));
  }

  public final KExpr expr(KExpr e) {
    return rewrite(e.accept(EXPR_PARTS, this));
  }

  private List<KExpr> exprs(List<KExpr> es) {
    List<KExpr> out = null;
    for (int i = 0; i < es.size(); i++) {
      KExpr e = es.get(i);
      KExpr kept = expr(e);
      if (kept != e && out == null) out = new ArrayList<>(es.subList(0, i));
      if (out != null) out.add(kept);
    }
    return out == null ? es : out;
  }

  /** Rebuilds a statement from its rewritten parts, or returns it when they are all the same. */
  private static final KStmt.Visitor<KStmt, KernelRewriter> STMT_PARTS = new KStmt.Visitor<>() {
    @Override
    public KStmt visitForRange(KStmt.ForRange s, KernelRewriter r) {
      KExpr start = r.expr(s.start());
      KExpr end = r.expr(s.end());
      List<KStmt> body = r.block(s.body());
      return start == s.start() && end == s.end() && body == s.body() ? s
          : new KStmt.ForRange(s.var(), start, end, body, s.parallel(), s.outlined());
    }

    @Override
    public KStmt visitForSpikes(KStmt.ForSpikes s, KernelRewriter r) {
      List<KStmt> body = r.block(s.body());
      return body == s.body() ? s : new KStmt.ForSpikes(s.spikeSet(), s.var(), body);
    }

    @Override
    public KStmt visitForTargets(KStmt.ForTargets s, KernelRewriter r) {
      KExpr pre = r.expr(s.pre());
      List<KStmt> body = r.block(s.body());
      return pre == s.pre() && body == s.body() ? s : new KStmt.ForTargets(s.connection(), pre, s.post(), s.synapse(), body);
    }

    @Override
    public KStmt visitForSources(KStmt.ForSources s, KernelRewriter r) {
      KExpr post = r.expr(s.post());
      List<KStmt> body = r.block(s.body());
      return post == s.post() && body == s.body() ? s : new KStmt.ForSources(s.connection(), post, s.pre(), s.synapse(), body);
    }

    @Override
    public KStmt visitLet(KStmt.Let s, KernelRewriter r) {
      KExpr value = r.expr(s.value());
      return value == s.value() ? s : new KStmt.Let(s.name(), value);
    }

    @Override
    public KStmt visitStore(KStmt.Store s, KernelRewriter r) {
      KExpr index = r.expr(s.index());
      KExpr value = r.expr(s.value());
      return index == s.index() && value == s.value() ? s : new KStmt.Store(s.buffer(), index, value);
    }

    @Override
    public KStmt visitIf(KStmt.If s, KernelRewriter r) {
      KExpr condition = r.expr(s.condition());
      List<KStmt> then = r.block(s.then());
      List<KStmt> otherwise = r.block(s.otherwise());
      return condition == s.condition() && then == s.then() && otherwise == s.otherwise() ? s
          : new KStmt.If(condition, then, otherwise);
    }

    @Override
    public KStmt visitEmit(KStmt.Emit s, KernelRewriter r) {
      KExpr index = r.expr(s.index());
      return index == s.index() ? s : new KStmt.Emit(s.spikeSet(), index);
    }

    @Override
    public KStmt visitEnqueue(KStmt.Enqueue s, KernelRewriter r) {
      KExpr delay = r.expr(s.delay());
      KExpr index = r.expr(s.index());
      KExpr value = r.expr(s.value());
      return delay == s.delay() && index == s.index() && value == s.value() ? s
          : new KStmt.Enqueue(s.queue(), delay, index, value);
    }

    @Override
    public KStmt visitDrain(KStmt.Drain s, KernelRewriter r) {
      return s;
    }
  };

  /** Rebuilds an expression from its rewritten parts, or returns it when they are all the same. */
  private static final KExpr.Visitor<KExpr, KernelRewriter> EXPR_PARTS = new KExpr.Visitor<>() {
    @Override
    public KExpr visitConst(KExpr.Const e, KernelRewriter r) {
      return e;
    }

    @Override
    public KExpr visitLoad(KExpr.Load e, KernelRewriter r) {
      KExpr index = r.expr(e.index());
      return index == e.index() ? e : new KExpr.Load(e.buffer(), index, e.type());
    }

    @Override
    public KExpr visitLocal(KExpr.Local e, KernelRewriter r) {
      return e;
    }

    @Override
    public KExpr visitUnary(KExpr.Unary e, KernelRewriter r) {
      KExpr operand = r.expr(e.operand());
      return operand == e.operand() ? e : new KExpr.Unary(e.op(), operand);
    }

    @Override
    public KExpr visitBinary(KExpr.Binary e, KernelRewriter r) {
      KExpr left = r.expr(e.left());
      KExpr right = r.expr(e.right());
      return left == e.left() && right == e.right() ? e : new KExpr.Binary(e.op(), left, right);
    }

    @Override
    public KExpr visitCall(KExpr.Call e, KernelRewriter r) {
      List<KExpr> args = r.exprs(e.args());
      return args == e.args() ? e : new KExpr.Call(e.fn(), args);
    }

    @Override
    public KExpr visitSelect(KExpr.Select e, KernelRewriter r) {
      KExpr c = r.expr(e.condition());
      KExpr t = r.expr(e.then());
      KExpr o = r.expr(e.otherwise());
      return c == e.condition() && t == e.then() && o == e.otherwise() ? e : new KExpr.Select(c, t, o);
    }

    @Override
    public KExpr visitCast(KExpr.Cast e, KernelRewriter r) {
      KExpr operand = r.expr(e.operand());
      return operand == e.operand() ? e : new KExpr.Cast(e.type(), operand);
    }

    @Override
    public KExpr visitRand(KExpr.Rand e, KernelRewriter r) {
      KExpr index = r.expr(e.index());
      return index == e.index() ? e : new KExpr.Rand(e.dist(), e.stream(), index);
    }

    @Override
    public KExpr visitStepIndex(KExpr.StepIndex e, KernelRewriter r) {
      return e;
    }
  };
}
