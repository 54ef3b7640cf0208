package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.ir.builtin.Builtin;
import brainc.ir.diag.Code;

/**
 * The shape of white noise in a neuron's differential equation: each {@code xi(T)} must enter
 * the right side as an additive term, {@code f + g * xi(T)} with {@code g} free of noise, so that
 * the solver can take the deterministic part {@code f} by its method and the noise by
 * Euler–Maruyama. Random draws are refused in an equation: their value would depend on the time
 * step (E0421 for both).
 *
 * <pre>
 *   v' = (mu - v + sigma * xi(tau)) / tau      fine: additive, scaled and divided by noise-free factors
 *   v' = (mu - v) / tau + exp(xi(tau)) / tau   → E0421 at `xi(tau)`: inside a function
 *   v' = (mu - v) / tau + normal(0, 1) / tau   → E0421 at `normal(0, 1)`
 * </pre>
 */
final class NoiseForm {
  private final Env env;

  private NoiseForm(Env env) {
    this.env = env;
  }

  /** Reports each noise term or draw of {@code rhs} that is not where it can be integrated. */
  static void check(Env env, Expr rhs) {
    new NoiseForm(env).walk(rhs, true);
  }

  /** {@code additive}: {@code e} is a term of the right side, at most scaled by noise-free factors. */
  private void walk(Expr e, boolean additive) {
    if (e instanceof Expr.Call c) {
      Builtin b = Builtin.named(c.name().text()).orElse(null);
      if (b != null && b.kind() == Builtin.Kind.NOISE && !additive) {
        env.error(Code.E0421, c.span(), "white noise `" + c.name().text() + "(...)` must be an additive term of the"
            + " equation (`x' = f + g * xi(T)`, with `g` free of noise), not inside a function, a divisor, a"
            + " condition or another noise term");
      } else if (b != null && b.kind() == Builtin.Kind.RANDOM) {
        env.error(Code.E0421, c.span(), "a random draw `" + c.name().text() + "(...)` in a differential equation"
            + " would take a value that depends on the time step; write white noise as `g * xi(T)`, or draw in a"
            + " `step` update");
      }
      for (Expr.Arg a : c.args()) walk(a.value(), false);
    } else if (e instanceof Expr.Paren p) {
      walk(p.inner(), additive);
    } else if (e instanceof Expr.Unary u) {
      walk(u.operand(), additive && u.op() != Expr.UnaryOp.NOT);
    } else if (e instanceof Expr.Binary b) {
      switch (b.op()) {
        case ADD, SUB -> {
          walk(b.left(), additive);
          walk(b.right(), additive);
        }
        case MUL -> {
          // One noisy factor scaled by a noise-free one; a product of two noises is not additive.
          boolean both = hasNoise(b.left()) && hasNoise(b.right());
          walk(b.left(), additive);
          walk(b.right(), additive && !both);
        }
        case DIV -> {
          walk(b.left(), additive);
          walk(b.right(), false);
        }
        default -> {
          walk(b.left(), false);
          walk(b.right(), false);
        }
      }
    } else if (e instanceof Expr.Cond c) {
      walk(c.condition(), false);
      walk(c.then(), false);
      walk(c.otherwise(), false);
    } else if (e instanceof Expr.Member m) {
      walk(m.target(), false);
    } else if (e instanceof Expr.Index i) {
      walk(i.target(), false);
      walk(i.index(), false);
    } else if (e instanceof Expr.Vector v) {
      for (Expr x : v.items()) walk(x, false);
    } else if (e instanceof Expr.Range r) {
      walk(r.low(), false);
      walk(r.high(), false);
    }
  }

  static boolean hasNoise(Expr e) {
    if (e instanceof Expr.Call c) {
      if (Builtin.named(c.name().text()).map(b -> b.kind() == Builtin.Kind.NOISE).orElse(false)) return true;
      return c.args().stream().anyMatch(a -> hasNoise(a.value()));
    }
    if (e instanceof Expr.Paren p) return hasNoise(p.inner());
    if (e instanceof Expr.Unary u) return hasNoise(u.operand());
    if (e instanceof Expr.Binary b) return hasNoise(b.left()) || hasNoise(b.right());
    if (e instanceof Expr.Cond c) return hasNoise(c.condition()) || hasNoise(c.then()) || hasNoise(c.otherwise());
    return false;
  }
}
