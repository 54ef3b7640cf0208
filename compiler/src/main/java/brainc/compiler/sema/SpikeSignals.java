package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import brainc.ir.units.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the signal functions that read spike events and keep time (distal reward):
 * {@code coincidence(a, b, within = 20 ms)}, {@code delayed(x, min = …, max = …, capacity = 16)}
 * and {@code leaky(x, tau = …)}. Arguments are positional in that order or named; times are
 * constants with a time unit, {@code a} and {@code b} populations or named slices.
 */
final class SpikeSignals {
  /** The functions, with their parameters in positional order. */
  static final Map<String, List<String>> PARAMS = Map.of(
      "coincidence", List.of("pre", "post", "within"),
      "delayed", List.of("x", "min", "max", "capacity"),
      "leaky", List.of("x", "tau"));

  /** The most events a `delayed` keeps pending: its per-step cost grows with it. */
  static final int MAX_CAPACITY = 4096;

  private final Env env;
  private final ConstEval consts;
  private final Scope scope;

  SpikeSignals(Env env, ConstEval consts, Scope scope) {
    this.env = env;
    this.consts = consts;
    this.scope = scope;
  }

  static boolean is(String f) {
    return PARAMS.containsKey(f);
  }

  /** The arguments by parameter name, or empty after reporting a misplaced, unknown, repeated or missing one. */
  private Optional<Map<String, Integer>> bind(Expr.Call c, String f, int required) {
    List<String> params = PARAMS.get(f);
    Map<String, Integer> at = new LinkedHashMap<>();
    boolean ok = true;
    boolean named = false;
    for (int i = 0; i < c.args().size(); i++) {
      Expr.Arg a = c.args().get(i);
      String name;
      if (a.name().isPresent()) {
        named = true;
        name = a.name().get().text();
        if (!params.contains(name)) {
          env.error(Code.E0205, a.name().get().span(), "`" + f + "` has no parameter `" + name + "`; it takes "
              + String.join(", ", params) + Suggest.hint(name, params));
          ok = false;
          continue;
        }
      } else if (named || i >= params.size()) {
        env.error(Code.E0206, a.span(), named ? "a positional argument after a named one; name it"
            : "`" + f + "` takes at most " + params.size() + " arguments (" + String.join(", ", params) + ")");
        ok = false;
        continue;
      } else {
        name = params.get(i);
      }
      if (at.put(name, i) != null) {
        env.error(Code.E0210, a.span(), "`" + name + "` of `" + f + "` is given twice");
        ok = false;
      }
    }
    for (String p : params.subList(0, required)) {
      if (ok && !at.containsKey(p)) {
        env.error(Code.E0209, c.span(), "`" + f + "` needs `" + p + "` (" + String.join(", ", params.subList(0, required))
            + " have no default)");
        ok = false;
      }
    }
    return ok ? Optional.of(at) : Optional.empty();
  }

  Ty check(Expr.Call c, List<Ty> types) {
    String f = c.name().text();
    int required = switch (f) {
      case "coincidence" -> 2;
      case "delayed" -> 3;
      default -> 2;
    };
    Optional<Map<String, Integer>> bound = bind(c, f, required);
    if (bound.isEmpty()) return Ty.UNKNOWN;
    Map<String, Integer> at = bound.get();
    boolean ok = true;
    switch (f) {
      case "coincidence" -> {
        ok &= population(c, f, at.get("pre"), types);
        ok &= population(c, f, at.get("post"), types);
        if (at.containsKey("within")) ok &= positiveTime(c, f, "within", at.get("within"), types).isPresent();
        return ok ? Ty.SCALAR : Ty.UNKNOWN;
      }
      case "delayed" -> {
        ok &= number(c, at.get("x"), types);
        Optional<Double> lo = positiveTime(c, f, "min", at.get("min"), types);
        Optional<Double> hi = positiveTime(c, f, "max", at.get("max"), types);
        if (lo.isPresent() && hi.isPresent() && lo.get() > hi.get()) {
          env.error(Code.E0307, arg(c, at.get("min")).span().union(arg(c, at.get("max")).span()),
              "`delayed` needs min <= max, but min is the longer delay; swap them");
          ok = false;
        }
        ok &= lo.isPresent() && hi.isPresent();
        if (at.containsKey("capacity")) ok &= capacity(c, at.get("capacity"), types);
        return ok ? types.get(at.get("x")) : Ty.UNKNOWN;
      }
      default -> {
        ok &= number(c, at.get("x"), types);
        ok &= positiveTime(c, f, "tau", at.get("tau"), types).isPresent();
        return ok ? types.get(at.get("x")) : Ty.UNKNOWN;
      }
    }
  }

  private static Expr arg(Expr.Call c, int i) {
    return c.args().get(i).value();
  }

  private boolean population(Expr.Call c, String f, int i, List<Ty> types) {
    if (types.get(i) instanceof Ty.Entity en && en.kind() == Symbol.Kind.POPULATION) return true;
    env.error(Code.E0303, arg(c, i).span(), "`" + f + "` reads the spikes of a population or a named slice "
        + "(`population a = exc[0 .. 1]`), not " + types.get(i));
    return false;
  }

  private boolean number(Expr.Call c, int i, List<Ty> types) {
    if (types.get(i) instanceof Ty.Num) return true;
    env.error(Code.E0303, arg(c, i).span(), "expected a number, not " + types.get(i));
    return false;
  }

  /** A constant time above zero, in seconds. */
  private Optional<Double> positiveTime(Expr.Call c, String f, String what, int i, List<Ty> types) {
    Expr e = arg(c, i);
    if (!(types.get(i) instanceof Ty.Num n) || !n.dim().equals(Dimension.TIME)) {
      String got = types.get(i) instanceof Ty.Num n2 ? "a quantity in " + Units.display(n2.dim()) : types.get(i).toString();
      env.error(types.get(i) instanceof Ty.Num n3 && n3.dim().isNone() ? Code.E0308 : Code.E0301, e.span(),
          "`" + what + "` of `" + f + "` is a time (e.g. `20 ms`), not " + got);
      return Optional.empty();
    }
    Optional<Double> v = consts.number(e, scope);
    if (v.isEmpty()) {
      env.error(Code.E0306, e.span(), "`" + what + "` of `" + f + "` must be known before the run; write a constant time");
      return Optional.empty();
    }
    if (!(v.get() > 0) || Double.isInfinite(v.get())) {
      env.error(Code.E0307, e.span(), "`" + what + "` of `" + f + "` must be a positive time");
      return Optional.empty();
    }
    return v;
  }

  private boolean capacity(Expr.Call c, int i, List<Ty> types) {
    Expr e = arg(c, i);
    Optional<Double> v = types.get(i) instanceof Ty.Num n && n.dim().isNone() ? consts.number(e, scope) : Optional.empty();
    if (v.isEmpty() || v.get() != Math.rint(v.get())) {
      env.error(Code.E0305, e.span(), "the `capacity` of `delayed` (events pending at once) must be a whole constant");
      return false;
    }
    if (v.get() < 1 || v.get() > MAX_CAPACITY) {
      env.error(Code.E0307, e.span(), "the `capacity` of `delayed` must lie in 1 .. " + MAX_CAPACITY);
      return false;
    }
    return true;
  }
}
