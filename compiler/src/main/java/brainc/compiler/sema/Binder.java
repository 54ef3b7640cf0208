package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.compiler.ast.Ident;
import brainc.compiler.ast.Member;
import brainc.ir.diag.Code;
import brainc.ir.diag.Fix;
import brainc.ir.source.Span;
import brainc.ir.units.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the arguments of a constructor call (or the settings of a section) to a catalog
 * signature and checks each value against what its parameter expects: unknown and duplicate
 * names, missing required values, too many positional arguments, units, ranges, choices.
 */
final class Binder {
  private final Env env;
  private final ExprChecker exprs;
  private final ConstEval consts;

  /** The code of a value outside its parameter's bounds: E0307, or a family's own (E0802 in HTM). */
  private Code rangeCode = Code.E0307;

  /** Reports values outside their bounds with {@code code} from now on; returns the previous code. */
  Code rangeCode(Code code) {
    Code old = rangeCode;
    rangeCode = code;
    return old;
  }

  Binder(Env env, ExprChecker exprs, ConstEval consts) {
    this.env = env;
    this.exprs = exprs;
    this.consts = consts;
  }

  /** The signature a call names within a catalog family, after reporting an unknown name. */
  Optional<Signature> resolve(Expr.Call call, String family, String what) {
    String name = call.name().text();
    if (name.isEmpty()) return Optional.empty();
    Optional<Signature> sig = Catalog.lookup(family, name);
    if (sig.isEmpty()) {
      List<String> names = Catalog.names(family);
      Optional<String> best = Suggest.closest(name, names);
      String msg = "unknown " + what + " `" + name + "`" + best.map(b -> "; did you mean `" + b + "`?").orElse("")
          + " (known: " + String.join(", ", names) + ")";
      if (best.isPresent()) env.error(Code.E0205, call.name().span(), msg, new Fix("Change to `" + best.get() + "`",
          call.name().span(), best.get()));
      else env.error(Code.E0205, call.name().span(), msg);
    }
    return sig;
  }

  /** Checks a call's arguments against its signature; returns the bound name → value map. */
  Map<String, Expr> bind(Expr.Call call, Signature sig, Scope scope) {
    Map<String, Expr> bound = new LinkedHashMap<>();
    int positional = 0;
    boolean variadic = sig.name().equals("mlp");
    for (Expr.Arg a : call.args()) {
      if (a.name().isPresent()) {
        bindNamed(sig, a.name().get(), a.value(), bound, scope, "`" + sig.name() + "`");
      } else if (variadic) {
        bound.put("#" + positional++, a.value());
        Optional<Double> n = wholeConstant(a.value(), scope);
        if (n.isEmpty() || n.get() < 1) {
          exprs.check(a.value(), scope);
          env.error(Code.E0701, a.value().span(), "a layer size must be a whole constant of at least 1");
        }
      } else if (positional < sig.params().size()) {
        ParamSpec p = sig.params().get(positional++);
        if (bound.containsKey(p.name())) {
          env.error(Code.E0210, a.span(), "`" + p.name() + "` is given twice");
          continue;
        }
        bound.put(p.name(), a.value());
        checkValue(p, a.value(), scope, "`" + p.name() + "` of `" + sig.name() + "`");
      } else {
        env.error(Code.E0206, a.span(), "`" + sig.name() + "` takes " + sig.params().size()
            + " argument" + (sig.params().size() == 1 ? "" : "s") + ", but this is argument " + (positional + 1));
        exprs.check(a.value(), scope);
      }
    }
    missing(sig, bound, call.span());
    return bound;
  }

  /** Checks the settings of a section (`name = value` pairs). */
  Map<String, Expr> bindSettings(List<Member.Setting> settings, Signature sig, Scope scope, Span where) {
    Map<String, Expr> bound = new LinkedHashMap<>();
    for (Member.Setting s : settings) {
      bindNamed(sig, s.key(), s.value(), bound, scope, "`" + sig.name() + "`");
    }
    missing(sig, bound, where);
    return bound;
  }

  private void bindNamed(Signature sig, Ident name, Expr value, Map<String, Expr> bound, Scope scope, String owner) {
    Optional<ParamSpec> p = sig.param(name.text());
    if (p.isEmpty()) {
      Optional<String> best = Suggest.closest(name.text(), sig.paramNames());
      // The misspelt name is reported; do not also report the parameter it was meant to be as missing.
      best.ifPresent(b -> meant.add(sig.name() + "." + b));
      String known = sig.params().isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", sig.paramNames()) + ")";
      String msg = owner + " has no parameter `" + name.text() + "`"
          + best.map(b -> "; did you mean `" + b + "`?").orElse(known);
      if (best.isPresent()) env.error(Code.E0205, name.span(), msg, new Fix("Change to `" + best.get() + "`",
          name.span(), best.get()));
      else env.error(Code.E0205, name.span(), msg);
      exprs.check(value, scope);
      return;
    }
    if (bound.containsKey(name.text())) {
      env.error(Code.E0210, name.span(), "`" + name.text() + "` is given twice");
      return;
    }
    bound.put(name.text(), value);
    checkValue(p.get(), value, scope, "`" + name.text() + "` of " + owner);
  }

  /** Named arguments that matched no parameter, by the parameter they most likely meant. */
  private final java.util.Set<String> meant = new java.util.HashSet<>();

  private void missing(Signature sig, Map<String, Expr> bound, Span where) {
    for (ParamSpec p : sig.params()) {
      if (p.required() && !bound.containsKey(p.name()) && !meant.contains(sig.name() + "." + p.name())) {
        env.error(Code.E0209, where, "`" + sig.name() + "` needs a value for `" + p.name() + "` (" + p.doc() + ")");
      }
    }
  }

  /** Checks one value against its parameter's expectation. */
  void checkValue(ParamSpec p, Expr value, Scope scope, String what) {
    ParamSpec.Expect ex = p.expect();
    if (ex instanceof ParamSpec.Expect.Quantity q) {
      Ty t = exprs.expectDim(value, scope, q.dim(), what);
      if (t.isUnknown() || !(t instanceof Ty.Num)) return;
      Optional<Double> v = consts.number(value, scope);
      if (v.isEmpty()) {
        env.error(Code.E0306, value.span(), what + " must be known at compile time");
      } else if (Double.isFinite(v.get()) && !q.admits(v.get())) {
        env.error(rangeCode, value.span(), what + " must be " + bounds(q) + ", not " + format(v.get(), q.dim()));
      }
    } else if (ex instanceof ParamSpec.Expect.Whole w) {
      Ty t = exprs.expectDim(value, scope, brainc.ir.units.Dimension.NONE, what);
      if (t.isUnknown()) return;
      Optional<Double> v = consts.number(value, scope);
      if (v.isEmpty()) {
        env.error(Code.E0306, value.span(), what + " must be known at compile time");
      } else if (!Double.isFinite(v.get())) {
        return;  // reported where it is computed (E0309)
      } else if (v.get() != Math.rint(v.get())) {
        env.error(Code.E0305, value.span(), what + " must be a whole number, not " + format(v.get(), brainc.ir.units.Dimension.NONE));
      } else if (v.get() < w.min() || v.get() > w.max()) {
        env.error(rangeCode, value.span(), what + " must be " + boundsWhole(w.min(), w.max()) + ", not "
            + format(v.get(), brainc.ir.units.Dimension.NONE) + (v.get() > w.max() ? " (too large)" : ""));
      }
    } else if (ex instanceof ParamSpec.Expect.Flag) {
      Ty t = exprs.check(value, scope);
      exprs.requireBool(value, t, what);
    } else if (ex instanceof ParamSpec.Expect.Choice c) {
      if (value instanceof Expr.Name n && c.choices().contains(n.ident().text())) return;
      if (c.orNumber() && !(value instanceof Expr.Name)) {
        exprs.expectDim(value, scope, brainc.ir.units.Dimension.NONE, what);
        return;
      }
      String word = value instanceof Expr.Name n ? n.ident().text() : "";
      Optional<String> best = Suggest.closest(word, c.choices());
      env.error(Code.E0205, value.span(), what + " must be one of " + String.join(", ", c.choices())
          + (c.orNumber() ? " or a number" : "") + best.map(b -> "; did you mean `" + b + "`?").orElse(""));
    } else if (ex instanceof ParamSpec.Expect.Interval iv) {
      Ty t = exprs.check(value, scope);
      if (t.isUnknown()) return;
      if (!(t instanceof Ty.Range r)) {
        env.error(Code.E0303, value.span(), what + " must be a range `low .. high`, not " + t);
        return;
      }
      exprs.requireDim(value, r.element(), iv.dim(), what);
      Optional<Value> v = consts.eval(value, scope);
      if (v.isPresent() && v.get() instanceof Value.Range rv && rv.low().si() > rv.high().si()) {
        env.error(Code.E0702, value.span(), what + ": the lower end exceeds the upper end");
      }
    } else if (ex instanceof ParamSpec.Expect.Text) {
      Ty t = exprs.check(value, scope);
      if (!t.isUnknown() && !(t instanceof Ty.Str)) {
        env.error(Code.E0303, value.span(), what + " must be a string, not " + t);
      }
    } else if (ex instanceof ParamSpec.Expect.Constructor c) {
      if (value instanceof Expr.Call call) {
        resolve(call, c.family(), c.family()).ifPresent(sig -> bind(call, sig, scope));
      } else if (value instanceof Expr.Name n && Catalog.lookup(c.family(), n.ident().text()).isPresent()) {
        Signature sig = Catalog.lookup(c.family(), n.ident().text()).get();
        missing(sig, Map.of(), value.span());
      } else {
        env.error(Code.E0303, value.span(), what + " must be one of " + String.join(", ", Catalog.names(c.family()))
            + ", e.g. `" + Catalog.names(c.family()).get(0) + "(...)`");
      }
    } else {
      exprs.check(value, scope);
    }
  }

  private Optional<Double> wholeConstant(Expr e, Scope scope) {
    return consts.number(e, scope).filter(d -> d == Math.rint(d));
  }

  private static String bounds(ParamSpec.Expect.Quantity q) {
    brainc.ir.units.Dimension d = q.dim();
    String low = (q.minOpen() ? "greater than " : "at least ") + format(q.min(), d);
    if (q.max() == Double.POSITIVE_INFINITY) return low;
    if (q.min() == Double.NEGATIVE_INFINITY) return "at most " + format(q.max(), d);
    if (q.minOpen()) return low + " and at most " + format(q.max(), d);
    return "between " + format(q.min(), d) + " and " + format(q.max(), d);
  }

  private static String boundsWhole(long min, long max) {
    if (max == Long.MAX_VALUE) return "at least " + min;
    if (max >= Integer.MAX_VALUE) return "between " + min + " and " + max;
    return "between " + min + " and " + max;
  }

  static String format(double si, brainc.ir.units.Dimension d) {
    String n = si == Math.rint(si) && Math.abs(si) < 1e15 ? String.valueOf((long) si) : String.valueOf(si);
    return d.isNone() ? n : n + " " + Units.display(d);
  }
}
