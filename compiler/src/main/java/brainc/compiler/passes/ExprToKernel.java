package brainc.compiler.passes;

import brainc.ir.builtin.Builtin;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Select;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import java.util.List;
import java.util.Map;

/**
 * Translates the model IR's per-neuron expressions into kernel expressions of one float type:
 * constants are rounded once to it, state variables and named values become locals.
 */
final class ExprToKernel {
  private final Scalar real;
  /** Model name (state or named value) → the kernel local that holds it. */
  private final Map<String, KExpr> locals;
  /** What is being lowered, for messages: "a neuron's update", "a synapse handler", ... */
  private final String where;
  /** The run's time step, the value of `dt` and the unit of `t`. */
  private final double dt;

  /** Where random draws come from (a neuron's update or spike rule), or null where none may be drawn. */
  private final Draws draws;

  /**
   * Random draws per element and step: each call site takes a stream of its own from
   * {@code streams}, keyed by the element {@code index} (the neuron) and the current step.
   */
  record Draws(java.util.function.LongSupplier streams, KExpr index) {}

  ExprToKernel(Scalar real, Map<String, KExpr> locals, String where, double dt) {
    this(real, locals, where, dt, null);
  }

  ExprToKernel(Scalar real, Map<String, KExpr> locals, String where, double dt, Draws draws) {
    this.real = real;
    this.locals = locals;
    this.where = where;
    this.dt = dt;
    this.draws = draws;
  }

  /**
   * A condition: a Bernoulli draw written as one ({@code spike when bernoulli(p)}) compares a
   * uniform draw with p; anything else lowers as usual.
   */
  KExpr condition(Expr e) {
    if (draws != null && e instanceof Call c && c.function().equals(Builtin.BERNOULLI.spelling())) {
      return new KExpr.Binary(KExpr.BinaryOp.LT, uniform(), wide(lower(c.args().get(0))));
    }
    return lower(e);
  }

  KExpr lower(Expr e) {
    // Free parameters and constants alone: computed in double and rounded once, as folding would.
    if (real == Scalar.F32 && FreeParameters.closedReal(e)) {
      return new KExpr.Cast(Scalar.F32, new ExprToKernel(Scalar.F64, locals, where, dt).lower(e));
    }
    if (FreeParameters.isFree(e)) return FreeParameters.load(((Ref) e).name());
    if (e instanceof Const c) return new KExpr.Const(real == Scalar.F32 ? (float) c.value() : c.value(), real);
    if (e instanceof BoolConst b) return KExpr.Const.bool(b.value());
    if (e instanceof Ref r) {
      KExpr local = locals.get(r.name());
      if (local != null && r.kind() != RefKind.PARAM) return local;
      // `dt` is the run's step; `t` the time at the start of the step, n * dt computed in double
      // and rounded once, the same on every backend.
      if (r.kind() == RefKind.BUILTIN && r.name().equals("dt")) return new KExpr.Const(real == Scalar.F32 ? (float) dt : dt, real);
      if (r.kind() == RefKind.BUILTIN && r.name().equals("t")) {
        KExpr t = new KExpr.Binary(KExpr.BinaryOp.MUL, new KExpr.Cast(Scalar.F64, new KExpr.StepIndex()), KExpr.Const.f64(dt));
        return real == Scalar.F64 ? t : new KExpr.Cast(real, t);
      }
      if (r.kind() == RefKind.CONSTANT && r.name().equals("pi")) return new KExpr.Const(real == Scalar.F32 ? (float) Math.PI : Math.PI, real);
      throw unsupported("`" + r.name() + "` (" + r.kind().name().toLowerCase(java.util.Locale.ROOT) + ") in " + where);
    }
    if (e instanceof Unary u) {
      KExpr x = lower(u.operand());
      return new KExpr.Unary(u.op() == UnaryOp.NEG ? KExpr.UnaryOp.NEG : KExpr.UnaryOp.NOT, x);
    }
    if (e instanceof Binary b) {
      KExpr l = lower(b.left());
      KExpr r = lower(b.right());
      return switch (b.op()) {
        case ADD, SUB, MUL, DIV -> arithmetic(b.op(), l, r);
        // x^2 is x * x: exact in float and double alike, and far cheaper than pow.
        case POW -> b.right() instanceof Const k && k.value() == 2 && !(b.left() instanceof Call)
            ? new KExpr.Binary(KExpr.BinaryOp.MUL, l, l)
            : new KExpr.Call(KExpr.Fn.POW, List.of(l, r));
        case LT -> new KExpr.Binary(KExpr.BinaryOp.LT, l, r);
        case LE -> new KExpr.Binary(KExpr.BinaryOp.LE, l, r);
        case GT -> new KExpr.Binary(KExpr.BinaryOp.GT, l, r);
        case GE -> new KExpr.Binary(KExpr.BinaryOp.GE, l, r);
        case EQ -> new KExpr.Binary(KExpr.BinaryOp.EQ, l, r);
        case NE -> new KExpr.Binary(KExpr.BinaryOp.NE, l, r);
        case AND -> new KExpr.Binary(KExpr.BinaryOp.AND, l, r);
        case OR -> new KExpr.Binary(KExpr.BinaryOp.OR, l, r);
      };
    }
    if (e instanceof Select s) return new KExpr.Select(lower(s.condition()), lower(s.then()), lower(s.otherwise()));
    if (e instanceof Call c) return call(c);
    throw unsupported(e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " expressions in " + where);
  }

  private KExpr call(Call c) {
    List<KExpr> args = c.args().stream().map(this::lower).toList();
    if (draws != null && Builtin.named(c.function()).filter(b -> b.kind() == Builtin.Kind.RANDOM).isPresent()) {
      return draw(c.function(), args);
    }
    Builtin f = Builtin.named(c.function()).filter(Builtin::lowersToKernel)
        .orElseThrow(() -> unsupported("`" + c.function() + "` in " + where));
    return f.lower(args, real);
  }

  /**
   * A draw of this neuron and step, computed in double from the lowered arguments and rounded
   * once to the run's type (rounding a uniform draw itself to float could give 1.0f).
   */
  private KExpr draw(String function, List<KExpr> args) {
    KExpr value = switch (function) {
      case "uniform" -> {
        KExpr a = wide(args.get(0));
        yield new KExpr.Binary(KExpr.BinaryOp.ADD, a, new KExpr.Binary(KExpr.BinaryOp.MUL,
            new KExpr.Binary(KExpr.BinaryOp.SUB, wide(args.get(1)), a), uniform()));
      }
      case "normal" -> normal(args);
      case "lognormal" -> new KExpr.Call(KExpr.Fn.EXP, List.of(normal(args)));
      case "bernoulli" -> new KExpr.Select(new KExpr.Binary(KExpr.BinaryOp.LT, uniform(), wide(args.get(0))),
          KExpr.Const.f64(1), KExpr.Const.f64(0));
      default -> throw unsupported("`" + function + "` in " + where);
    };
    return real == Scalar.F64 ? value : new KExpr.Cast(real, value);
  }

  private KExpr normal(List<KExpr> args) {
    KExpr n = new KExpr.Rand(KExpr.Dist.NORMAL, draws.streams().getAsLong(), draws.index());
    // normal(0, 1), the noise of an equation, is the draw itself.
    if (isConst(args.get(0), 0) && isConst(args.get(1), 1)) return n;
    return new KExpr.Binary(KExpr.BinaryOp.ADD, wide(args.get(0)), new KExpr.Binary(KExpr.BinaryOp.MUL, wide(args.get(1)), n));
  }

  private KExpr uniform() {
    return new KExpr.Rand(KExpr.Dist.UNIFORM, draws.streams().getAsLong(), draws.index());
  }

  private static boolean isConst(KExpr e, double v) {
    return e instanceof KExpr.Const c && c.value() == v;
  }

  /** {@code e} in double: draws are computed in double. */
  private static KExpr wide(KExpr e) {
    if (e.type() == Scalar.F64) return e;
    if (e instanceof KExpr.Cast c && c.operand().type() == Scalar.F64) return c.operand();
    return new KExpr.Cast(Scalar.F64, e);
  }

  /** {@code l op r} for the four arithmetic operators; null for any other. */
  static KExpr arithmetic(BinaryOp op, KExpr l, KExpr r) {
    KExpr.BinaryOp k = switch (op) {
      case ADD -> KExpr.BinaryOp.ADD;
      case SUB -> KExpr.BinaryOp.SUB;
      case MUL -> KExpr.BinaryOp.MUL;
      case DIV -> KExpr.BinaryOp.DIV;
      default -> null;
    };
    return k == null ? null : new KExpr.Binary(k, l, r);
  }

  /**
   * `min`, `max` (of any number of arguments) and `clip(x, lo, hi)` of lowered arguments (for
   * signals); null for others. Their lowering makes no constants, so the float type is moot.
   */
  static KExpr bounds(String function, List<KExpr> a) {
    return Builtin.named(function).filter(f -> f == Builtin.MIN || f == Builtin.MAX || f == Builtin.CLIP)
        .map(f -> f.lower(a, Scalar.F64)).orElse(null);
  }

  /**
   * What the lowering cannot translate yet (W1021): {@link RunLegality} finds each such
   * construct before lowering, so the scheduler meeting one is a compiler bug.
   */
  static Refusal unsupported(String what) {
    return new Refusal(what + " cannot run yet");
  }
}
