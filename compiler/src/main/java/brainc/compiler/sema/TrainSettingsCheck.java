package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Member;
import brainc.compiler.ast.Statement;
import brainc.ir.diag.Code;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of a `train` statement's optimizer and schedule that the catalog's closed ranges
 * let through but that make training meaningless: Adam's decays of 1 (its bias correction
 * divides by zero), a momentum of 1 (the velocity never decays) and a per-episode decay of 0 (the
 * rate drops to nothing). The catalog itself refuses a learning rate, epsilon or factor of 0
 * (they must exceed 0), and constant folding an argument that is not finite (E0309). Each is an E0307 at the value,
 * as the catalog's own range checks are, so `check` reports them before `train` starts. Only the
 * bound itself is checked here: the catalog already reports values beyond it.
 *
 * <pre>{@code
 * optimizer adam(beta1 = 1)     // error[E0307]: `beta1` of `adam` must be less than 1, not 1 ...
 *                        ^
 * }</pre>
 */
final class TrainSettingsCheck {
  /** An open bound: the value must be more than {@code low} or less than {@code high}. */
  private record Bound(String function, String param, double low, double high, String why) {}

  private static final List<Bound> BOUNDS = List.of(
      new Bound("adam", "beta1", Double.NEGATIVE_INFINITY, 1, "a decay of 1 makes Adam's bias correction divide by zero"),
      new Bound("adam", "beta2", Double.NEGATIVE_INFINITY, 1, "a decay of 1 makes Adam's bias correction divide by zero"),
      new Bound("sgd", "momentum", Double.NEGATIVE_INFINITY, 1, "with a momentum of 1 the velocity never decays"),
      new Bound("phase_reset", "decay", 0, Double.POSITIVE_INFINITY, "a decay of 0 stops learning after a phase's first episode"));

  private static final Map<String, String> FAMILY = Map.of("optimizer", "optimizer", "schedule", "schedule");

  private final Env env;
  private final ConstEval consts;

  TrainSettingsCheck(Env env, ConstEval consts) {
    this.env = env;
    this.consts = consts;
  }

  /** The longest efference copy, as for `train --window`: beyond it the loop is no longer closed. */
  static final double MAX_EFFERENCE_SECONDS = 60;

  void check(Statement.Train t, Scope scope) {
    for (Member.Setting s : t.settings()) {
      if (s.key().text().equals("efference")) {
        Optional<Double> v = consts.number(s.value(), scope);
        if (v.isPresent() && v.get() > MAX_EFFERENCE_SECONDS) {
          env.error(Code.E0307, s.value().span(), "`efference` must be at most " + (int) MAX_EFFERENCE_SECONDS
              + " s, not " + fmt(v.get()) + " s: the network would run that long after every decision");
        }
      }
      String family = FAMILY.get(s.key().text());
      if (family == null || !(s.value() instanceof Expr.Call call)) continue;
      Optional<Signature> sig = Catalog.lookup(family, call.name().text());
      if (sig.isEmpty()) continue;
      int positional = 0;
      for (Expr.Arg a : call.args()) {
        String name;
        if (a.name().isPresent()) {
          name = a.name().get().text();
        } else if (positional < sig.get().params().size()) {
          name = sig.get().params().get(positional++).name();
        } else {
          continue;
        }
        for (Bound b : BOUNDS) {
          if (!b.function().equals(call.name().text()) || !b.param().equals(name)) continue;
          Optional<Double> v = consts.number(a.value(), scope);
          if (v.isEmpty() || Double.isNaN(v.get())) continue;
          if (v.get() == b.low()) {
            env.error(Code.E0307, a.value().span(), "`" + name + "` of `" + b.function() + "` must be more than "
                + fmt(b.low()) + ", not " + fmt(v.get()) + ": " + b.why());
          } else if (v.get() == b.high()) {
            env.error(Code.E0307, a.value().span(), "`" + name + "` of `" + b.function() + "` must be less than "
                + fmt(b.high()) + ", not " + fmt(v.get()) + ": " + b.why());
          }
        }
      }
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
