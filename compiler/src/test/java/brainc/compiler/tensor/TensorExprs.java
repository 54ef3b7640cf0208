package brainc.compiler.tensor;

import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random elementwise expressions over three tensors, with calls of every function, a program
 * around one, and their value in double precision (with the branches taken, so that a finite
 * difference can tell whether it stayed on one smooth piece).
 */
final class TensorExprs {
  private TensorExprs() {}

  /** The tensors an expression reads: states, so that {@code differentiate} gives their adjoints. */
  static final List<String> VARIABLES = List.of("a", "l1.mem'", "c_2");

  private static final List<TExpr.Surrogate> SURROGATES = List.of(new TExpr.Surrogate("atan", 2),
      new TExpr.Surrogate("fast_sigmoid", 25), new TExpr.Surrogate("triangle", 0.5),
      new TExpr.Surrogate("straight_through", 0));

  /**
   * A tree of at most {@code depth} levels. {@code smooth} keeps to what {@code differentiate}
   * gives the true derivative of (arithmetic and calls); otherwise steps, selects, detaches and
   * surrogate gradients appear too.
   */
  static TExpr tree(Random r, int depth, boolean smooth) {
    int kinds = smooth ? 6 : 10;
    int kind = depth <= 0 ? r.nextInt(2) : r.nextInt(kinds);
    return switch (kind) {
      case 0 -> new TExpr.Ref(VARIABLES.get(r.nextInt(VARIABLES.size())));
      case 1 -> new TExpr.Lit(r.nextBoolean() ? r.nextInt(5) - 2 : (float) r.nextGaussian());
      case 2 -> new TExpr.Bin(TExpr.Op.values()[r.nextInt(4)], tree(r, depth - 1, smooth), tree(r, depth - 1, smooth));
      case 3 -> new TExpr.Neg(tree(r, depth - 1, smooth));
      case 4, 5 -> call(r, TExpr.Fn.values()[r.nextInt(TExpr.Fn.values().length)], depth, smooth);
      case 6 -> new TExpr.Step(tree(r, depth - 1, smooth), r.nextBoolean(), SURROGATES.get(r.nextInt(4)));
      case 7 -> new TExpr.Select(tree(r, depth - 1, smooth), tree(r, depth - 1, smooth), tree(r, depth - 1, smooth));
      case 8 -> new TExpr.Detach(tree(r, depth - 1, smooth));
      default -> new TExpr.SurrogateGrad(SURROGATES.get(r.nextInt(4)), tree(r, depth - 1, smooth));
    };
  }

  /** A call of {@code fn} with as many arguments as it takes (min and max: two to four). */
  static TExpr call(Random r, TExpr.Fn fn, int depth, boolean smooth) {
    int n = fn.maxArity() == Integer.MAX_VALUE ? fn.minArity() + r.nextInt(3) : fn.minArity();
    List<TExpr> args = new ArrayList<>();
    for (int j = 0; j < n; j++) args.add(tree(r, depth - 1, smooth));
    return new TExpr.Call(fn, args);
  }

  /**
   * A program of one step computing {@code y = expr}: each variable a state that keeps its value,
   * and {@code o} the state that takes {@code y} (the output). Its backward step gives {@code
   * dprev.X = d.X + d.o * ∂expr/∂X}.
   */
  static TensorProgram program(TExpr expr) {
    List<Tensor> tensors = new ArrayList<>();
    List<TensorProgram.State> states = new ArrayList<>();
    for (String v : VARIABLES) {
      tensors.add(new Tensor(v, Tensor.Role.STATE, 3, 0));
      states.add(new TensorProgram.State(v, 0, v));
    }
    tensors.add(new Tensor("o", Tensor.Role.STATE, 3, 0));
    tensors.add(new Tensor("y", Tensor.Role.VALUE, 3, 0));
    states.add(new TensorProgram.State("o", 0, "y"));
    return new TensorProgram("E", 1, tensors, states, List.of(new TOp.Map("y", expr)),
        List.of(new TensorProgram.Output("y", "o", "membrane")), List.of(), List.of());
  }

  /** Evaluation in double; {@link #branches} records each comparison, {@link #margin} how near a singular point it came. */
  static final class Eval {
    final StringBuilder branches = new StringBuilder();
    double margin = Double.POSITIVE_INFINITY;
    private final Map<String, Double> env;

    Eval(Map<String, Double> env) {
      this.env = env;
    }

    private boolean branch(boolean b) {
      branches.append(b ? '1' : '0');
      return b;
    }

    /** {@code v} must stay away from 0 (a pole, the edge of a domain, a kink). */
    private void near(double v) {
      margin = Math.min(margin, Math.abs(v));
      branch(v > 0);
      branch(v < 0);
    }

    double of(TExpr e) {
      if (e instanceof TExpr.Ref r) {
        Double v = env.get(r.tensor());
        if (v == null) throw new IllegalArgumentException("no value for " + r.tensor());
        return v;
      }
      if (e instanceof TExpr.Lit l) return l.value();
      if (e instanceof TExpr.Bin b) {
        double x = of(b.left());
        double y = of(b.right());
        return switch (b.op()) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> {
            near(y);
            yield x / y;
          }
        };
      }
      if (e instanceof TExpr.Neg n) return -of(n.operand());
      if (e instanceof TExpr.Step s) {
        double m = of(s.margin());
        near(m);
        return (s.strict() ? m > 0 : m >= 0) ? 1 : 0;
      }
      if (e instanceof TExpr.Select s) {
        double c = of(s.cond());
        return branch(c != 0) ? of(s.then()) : of(s.otherwise());
      }
      if (e instanceof TExpr.Detach d) return of(d.operand());
      if (e instanceof TExpr.SurrogateGrad g) return g.surrogate().derivative((float) of(g.margin()));
      TExpr.Call c = (TExpr.Call) e;
      double[] a = new double[c.args().size()];
      for (int j = 0; j < a.length; j++) a[j] = of(c.args().get(j));
      switch (c.fn()) {
        case LOG, SQRT, ABS, SIGN -> near(a[0]);
        case LOG1P -> near(1 + a[0]);
        case POW -> near(a[0]);
        case LT, LE -> near(a[0] - a[1]);
        case MIN, MAX -> {
          double m = a[0];
          for (int j = 1; j < a.length; j++) {
            near(m - a[j]);
            m = c.fn() == TExpr.Fn.MIN ? Math.min(m, a[j]) : Math.max(m, a[j]);
          }
        }
        case CLIP -> {
          near(a[0] - a[1]);
          near(a[0] - a[2]);
          near(a[1] - a[2]);
        }
        default -> { }
      }
      // A point where a call's argument is undefined (log of a negative) is on no smooth piece,
      // even where a convention hides it (pow(NaN, 0) = 1).
      for (double x : a) if (!Double.isFinite(x)) margin = 0;
      return c.fn().evaluate(a);
    }
  }
}
