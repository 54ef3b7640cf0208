package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Related;
import brainc.ir.source.Span;
import brainc.ir.units.Dimension;
import java.util.Optional;

/**
 * Checks the values of constant (sub)expressions where they are written: a division by a
 * constant zero (E0310), an operation on finite constants whose result is infinite or not a
 * number (E0309), and in model values, a constant beyond the range of float32 (E0309), the
 * arithmetic the simulation runs in. Every checked expression is scanned once, after its types.
 *
 * <pre>
 *   param q = -49 mV / 0              →  E0310 at `-49 mV / 0`
 *   param v = -1e308 * 1e308 * 1 mV   →  E0309 at `-1e308 * 1e308`
 *   v' = (v_rest - v) / tau           →  E0310 where `tau` is 0 (also through an override)
 * </pre>
 */
final class ValueCheck {
  private ValueCheck() {}

  /** Scans one checked expression (the root of an expression as written) for its problems. */
  static void scan(Env env, ConstEval consts, Expr e, Scope scope, boolean float32) {
    boolean[] reported = {false};
    ConstEval.Problems problems = (code, at, message) -> {
      reported[0] = true;
      env.error(code, at.span(), message);
    };
    Optional<Value> v = consts.reporting(problems).eval(e, scope);
    if (float32 && !reported[0] && v.isPresent() && v.get() instanceof Value.Num n && Double.isFinite(n.si())
        && Math.abs(n.si()) > Float.MAX_VALUE) {
      env.error(Code.E0309, e.span(), "this value, " + n.si() + " in SI units, is beyond the range of the float32 "
          + "arithmetic of the simulation (±3.4e38) and would be infinite there");
    }
  }

  /**
   * Problems of an equation's right side: those of {@link #scan}, and a time constant (a
   * divisor that is a time) that is negative, which makes the variable grow without bound.
   */
  static ConstEval.Problems equation(Env env) {
    return new ConstEval.Problems() {
      @Override
      public void report(Code code, Expr at, String message) {
        // Already reported by the scan of every checked expression.
      }

      @Override
      public void divisor(Expr.Binary division, Value.Num divisor) {
        if (divisor.dim().equals(Dimension.TIME) && divisor.si() < 0) {
          env.error(Code.E0307, division.right().span(), "a time constant must be positive, but this is "
              + Binder.format(divisor.si(), divisor.dim()));
        }
      }
    };
  }

  /**
   * Problems that a population's or synapse's overrides cause in a model whose own values are
   * fine: each is reported at the override ({@code at}), and points at the expression of the
   * model that goes wrong.
   */
  static ConstEval.Problems underOverride(Env env, Span at, String override, boolean timeConstants) {
    return new ConstEval.Problems() {
      @Override
      public void report(Code code, Expr where, String message) {
        env.diagnostics.add(Diagnostic.of(code, at, "with " + override + ", the model's expression here gives: "
            + message).withRelated(new Related(where.span(), "the expression that goes wrong")));
      }

      @Override
      public void divisor(Expr.Binary division, Value.Num divisor) {
        if (timeConstants && divisor.dim().equals(Dimension.TIME) && divisor.si() < 0) {
          env.diagnostics.add(Diagnostic.of(Code.E0307, at, "with " + override + ", a time constant of the model is "
              + Binder.format(divisor.si(), divisor.dim()) + "; it must be positive")
              .withRelated(new Related(division.right().span(), "the time constant")));
        }
      }
    };
  }
}
