package brainc.compiler.passes;

import brainc.compiler.passes.Differentiate.Simplify;
import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The adjoints of backward operations, for {@link Differentiate} run over a forward step that
 * holds a flattened gradient ({@link FlattenGradient}): second order. Each is written with the
 * operations of the IR, so the second backward step is no new kind of program.
 *
 * <ul>
 *   <li>{@code dense_input_grad(g, W)} is {@code g W^T}: its adjoint into {@code g} is {@code
 *       dense(u, W)}, into {@code W} {@code dense_param_grad(u, g)}.
 *   <li>{@code reduce_grad} of a reduction along an axis is linear in the output adjoint {@code
 *       g}: its adjoint into {@code g} is the reduction's Jacobian applied to {@code u} (a max's
 *       takes {@code u} at the argmax, the route of its own adjoint); into the input {@code x}
 *       it is the second derivative contracted with {@code g} and {@code u}, zero for sum, mean
 *       and max (piecewise linear), written out for the p-means, log-softmax, softmax and top-k
 *       (that of {@code softmax(x / temperature)}, the gradient top-k declares).
 * </ul>
 */
final class HigherAdjoints {
  private HigherAdjoints() {}

  /** Every tensor an operation reads (parameters included), for the tensors the backward step keeps. */
  static List<String> reads(TOp op) {
    List<String> r = new ArrayList<>();
    if (op instanceof TOp.Map m) r.addAll(TensorVerifier.refs(m.expr()));
    else if (op instanceof TOp.Dense d) r.add(d.in());
    else if (op instanceof TOp.DenseInputGrad g) r.add(g.grad());
    else if (op instanceof TOp.DenseParamGrad g) r.addAll(List.of(g.in(), g.grad()));
    else if (op instanceof TOp.Reduce x) r.add(x.in());
    else if (op instanceof TOp.ReduceGrad g) r.addAll(List.of(g.of().in(), g.grad()));
    else if (op instanceof TOp.Reshape x) r.add(x.in());
    else if (op instanceof TOp.Slice x) r.add(x.in());
    else if (op instanceof TOp.Pad x) r.add(x.in());
    else if (op instanceof TOp.Matmul x) r.addAll(List.of(x.a(), x.b()));
    else if (op instanceof TOp.Dot x) r.addAll(List.of(x.a(), x.b()));
    else if (op instanceof TOp.Gather x) r.add(x.in());
    else if (op instanceof TOp.ScatterAdd x) r.add(x.in());
    return r;
  }

  /**
   * The derivative of a surrogate's derivative at {@code u} (what a second derivative through a
   * spike sees): atan {@code -alpha c^2 u / (1 + (c u)^2)^2} with {@code c = pi/2 alpha}; fast
   * sigmoid {@code -2 slope sign(u) / (1 + slope |u|)^3}; triangle {@code -sign(u) / width}
   * strictly inside the width, else 0; straight-through 0. At the kinks (u = 0 for fast sigmoid
   * and triangle, |u| = width for triangle) it is 0: the mean of the two one-sided derivatives
   * at 0, and the outer piece's at the width.
   */
  static TExpr surrogateSecond(TExpr.Surrogate s, TExpr u) {
    double p = (float) s.parameter();
    switch (s.kind()) {
      case "atan": {
        double c = Math.PI / 2 * p;
        TExpr z = Simplify.mul(new TExpr.Lit(c), u);
        TExpr den = Simplify.add(Simplify.ONE, Simplify.mul(z, z));
        return Simplify.div(Simplify.mul(new TExpr.Lit(-p * c), z), Simplify.mul(den, den));
      }
      case "fast_sigmoid": {
        TExpr d = Simplify.add(Simplify.ONE, Simplify.mul(new TExpr.Lit(p), Simplify.call(TExpr.Fn.ABS, u)));
        return Simplify.div(Simplify.mul(new TExpr.Lit(-2 * p), Simplify.call(TExpr.Fn.SIGN, u)),
            Simplify.mul(Simplify.mul(d, d), d));
      }
      case "triangle": {
        TExpr inside = Simplify.call(TExpr.Fn.LT, Simplify.call(TExpr.Fn.ABS, u), new TExpr.Lit(p));
        return Simplify.mul(new TExpr.Lit(-1 / p), Simplify.mul(Simplify.call(TExpr.Fn.SIGN, u), inside));
      }
      default:
        return Simplify.ZERO;
    }
  }

  /** Emits the adjoints of {@code op} (a dense input gradient or a reduction's adjoint) from {@code u}, the adjoint of its output. */
  static void of(TOp op, String u, Differentiate.Backward b, Predicate<String> differentiable) {
    if (op instanceof TOp.DenseInputGrad g) {
      if (differentiable.test(g.grad())) {
        String tmp = TensorProgram.grad(g.grad()) + "@" + g.out();
        b.declare(new Tensor(tmp, Tensor.Role.GRAD, b.shape(g.grad())));
        b.emit(new TOp.Dense(tmp, u, g.weight(), java.util.Optional.empty(), false));
        b.contribute(g.grad(), new TExpr.Ref(tmp));
      }
      b.emit(new TOp.DenseParamGrad(TensorProgram.grad(g.weight()), java.util.Optional.empty(), u, g.grad(), false));
    } else {
      new Reduction((TOp.ReduceGrad) op, u, b, differentiable).emit();
    }
  }

  /** The adjoint of one reduction's adjoint {@code dx = reduce_grad(g)} of {@code y = reduce(x)}. */
  private static final class Reduction {
    private final TOp.Reduce r;
    private final String x;
    private final String g;
    private final TExpr u;
    private final Differentiate.Backward b;
    private final boolean intoG;
    private final boolean intoX;
    private final String base;
    private final Shape whole;
    private final Shape reduced;
    private final int n;
    private int temps;

    Reduction(TOp.ReduceGrad op, String u, Differentiate.Backward b, Predicate<String> differentiable) {
      this.r = op.of();
      this.x = r.in();
      this.g = op.grad();
      this.u = new TExpr.Ref(u);
      this.b = b;
      this.intoG = differentiable.test(g);
      this.intoX = differentiable.test(x);
      this.base = TensorProgram.grad(x) + "@" + op.out() + ".h";
      this.whole = b.shape(x);
      this.reduced = whole.withExtent(r.axis(), 1);
      this.n = whole.axis(r.axis()).orElseThrow().extent();
    }

    private String declare(Shape s) {
      String name = base + ++temps;
      b.declare(new Tensor(name, Tensor.Role.GRAD, s));
      return name;
    }

    /** A new tensor of {@code s} computed as {@code e}. */
    private TExpr value(Shape s, TExpr e) {
      String name = declare(s);
      b.emit(new TOp.Map(name, e));
      return new TExpr.Ref(name);
    }

    /** The sum of {@code e} (of x's shape) along the axis. */
    private TExpr sum(TExpr e) {
      String in = e instanceof TExpr.Ref ref ? ref.tensor() : ((TExpr.Ref) value(whole, e)).tensor();
      String name = declare(reduced);
      b.emit(TOp.Reduce.of(name, TOp.Reduce.Kind.SUM, in, r.axis()));
      return new TExpr.Ref(name);
    }

    private TExpr softmax(TExpr of) {
      String name = declare(whole);
      b.emit(TOp.Reduce.of(name, TOp.Reduce.Kind.SOFTMAX, ((TExpr.Ref) of).tensor(), r.axis()));
      return new TExpr.Ref(name);
    }

    private static TExpr lit(double v) {
      return new TExpr.Lit(v);
    }

    void emit() {
      TExpr xr = new TExpr.Ref(x);
      TExpr gr = new TExpr.Ref(g);
      switch (r.kind()) {
        case SUM -> {
          if (intoG) b.contribute(g, sum(u));
        }
        case MEAN -> {
          if (intoG) b.contribute(g, Simplify.div(sum(u), lit(n)));
        }
        case MAX -> {
          if (!intoG) return;
          // The one-hot of the argmax is the max's own adjoint of ones; the adjoint of g is u there.
          TExpr ones = value(reduced, Simplify.ONE);
          String hot = declare(whole);
          b.emit(new TOp.ReduceGrad(hot, ((TExpr.Ref) ones).tensor(), r));
          b.contribute(g, sum(Simplify.mul(u, new TExpr.Ref(hot))));
        }
        case PMEAN, PMEAN_ERROR -> pmean(xr, gr);
        case LOG_SOFTMAX -> {
          // dx = g - s sum(g): d.g = u - sum(s u); d.x = -sum(g) s (u - sum(s u)).
          TExpr s = softmax(xr);
          TExpr su = sum(Simplify.mul(s, u));
          if (intoG) b.contribute(g, Simplify.sub(u, su));
          if (intoX) b.contribute(x, Simplify.mul(Simplify.neg(sum(gr)), Simplify.mul(s, Simplify.sub(u, su))));
        }
        default -> {
          // SOFTMAX, TOPK: dx = s (g - D) / t with s = softmax(x / t), D = sum(g s):
          // d.g = s (u - U) / t with U = sum(u s); d.x = s ((u - U)(g - D) - sum(u s (g - D))) / t^2.
          double t = r.kind() == TOp.Reduce.Kind.TOPK ? r.temperature() : 1;
          TExpr s = softmax(t == 1 ? xr : value(whole, Simplify.div(xr, lit(t))));
          TExpr uu = sum(Simplify.mul(u, s));
          TExpr du = Simplify.sub(u, uu);
          if (intoG) b.contribute(g, Simplify.div(Simplify.mul(s, du), lit(t)));
          if (intoX) {
            TExpr dg = Simplify.sub(gr, sum(Simplify.mul(gr, s)));
            TExpr w = sum(Simplify.mul(Simplify.mul(u, s), dg));
            b.contribute(x, Simplify.div(Simplify.mul(s, Simplify.sub(Simplify.mul(du, dg), w)), lit(t * t)));
          }
        }
      }
    }

    /**
     * The p-means: with {@code q = pi(x)}, {@code r = q^(p-1)} and {@code M} the p-mean of
     * {@code q} ({@code y}, or {@code 1 - y} for the error), {@code dx = g k M^(1-p) r / n}
     * ({@code k = 1 - eps}); so {@code d.g = sum(u k M^(1-p) r / n)} and {@code d.x = sigma g
     * k^2 (p-1) / n (M^(1-p) r u / q - M^(1-2p) r sum(u r) / n)}, {@code sigma} 1 for the p-mean
     * and -1 for its error.
     */
    private void pmean(TExpr xr, TExpr gr) {
      double keep = 1 - TOp.Reduce.EPS;
      double p = r.p();
      boolean error = r.kind() == TOp.Reduce.Kind.PMEAN_ERROR;
      TExpr q = value(whole, error ? Simplify.sub(Simplify.ONE, Simplify.mul(lit(keep), xr))
          : Simplify.add(Simplify.mul(lit(keep), xr), lit(TOp.Reduce.EPS)));
      TExpr y = new TExpr.Ref(r.out());
      TExpr m = error ? Simplify.sub(Simplify.ONE, y) : y;
      TExpr rq = Simplify.call(TExpr.Fn.POW, q, lit(p - 1));
      if (intoG) {
        TExpr w = Simplify.mul(Simplify.mul(lit(keep / n), Simplify.call(TExpr.Fn.POW, m, lit(1 - p))), rq);
        b.contribute(g, sum(Simplify.mul(u, w)));
      }
      if (intoX && p != 1) {
        TExpr t = sum(Simplify.mul(u, rq));
        TExpr own = Simplify.div(Simplify.mul(Simplify.mul(Simplify.call(TExpr.Fn.POW, m, lit(1 - p)), rq), u), q);
        TExpr cross = Simplify.div(Simplify.mul(Simplify.mul(Simplify.call(TExpr.Fn.POW, m, lit(1 - 2 * p)), rq), t), lit(n));
        double c = (error ? -1 : 1) * keep * keep * (p - 1) / n;
        b.contribute(x, Simplify.mul(Simplify.mul(lit(c), gr), Simplify.sub(own, cross)));
      }
    }
  }
}
