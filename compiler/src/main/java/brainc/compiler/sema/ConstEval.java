package brainc.compiler.sema;

import brainc.compiler.ast.Expr;
import brainc.ir.builtin.Builtin;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import brainc.ir.units.Unit;
import brainc.ir.units.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluates expressions whose value is known at compile time: literals with units (in SI),
 * parameters with constant values, arithmetic and pure built-in functions. Anything else
 * (state, random draws, readouts) is not constant. Types must have been checked first; this
 * class does not report errors.
 */
public final class ConstEval {
  private final Function<Symbol, Optional<Value>> names;
  private final Problems problems;

  /**
   * Receives what evaluation finds wrong with constants: a division by a constant zero, or an
   * operation on finite constants whose result is infinite or not a number. Each is reported
   * once, at the innermost expression where it happens; what contains it is then treated as not
   * constant, so one mistake gives one diagnostic.
   */
  public interface Problems {
    void report(Code code, Expr at, String message);

    /** Every division by a known constant, for rules about divisors (time constants). */
    default void divisor(Expr.Binary division, Value.Num divisor) {}
  }

  /** @param names the constant value of a symbol, if it has one. */
  public ConstEval(Function<Symbol, Optional<Value>> names) {
    this(names, null);
  }

  private ConstEval(Function<Symbol, Optional<Value>> names, Problems problems) {
    this.names = names;
    this.problems = problems;
  }

  /**
   * The same evaluation, reporting problems to {@code problems}. In this mode every part of an
   * expression is evaluated, also beside a part that is not constant ({@code (v - v_rest) / 0}
   * is found although `v` is state), and a name whose value is not finite counts as not
   * constant (it was reported where it is defined).
   */
  public ConstEval reporting(Problems problems) {
    return new ConstEval(names, problems);
  }

  /** Evaluates {@code e} only for the problems it reports. */
  public void scan(Expr e, Scope scope) {
    eval(e, scope);
  }

  public Optional<Value> eval(Expr e, Scope scope) {
    try {
      return Optional.ofNullable(value(e, scope));
    } catch (ArithmeticException | ClassCastException | IndexOutOfBoundsException ex) {
      return Optional.empty();
    }
  }

  public Optional<Double> number(Expr e, Scope scope) {
    return eval(e, scope).filter(v -> v instanceof Value.Num).map(v -> ((Value.Num) v).si());
  }

  private Value value(Expr e, Scope scope) {
    if (e instanceof Expr.Quantity q) {
      if (q.unit().isEmpty()) return new Value.Num(q.value(), Dimension.NONE);
      Optional<Unit> u = Units.lookup(q.unit().get().text());
      return u.map(unit -> new Value.Num(unit.toSi(q.value()), unit.dimension())).orElse(null);
    }
    if (e instanceof Expr.Percent p) return new Value.Num(p.value(), Dimension.NONE);
    if (e instanceof Expr.StringLit s) return new Value.Str(s.value());
    if (e instanceof Expr.BoolLit b) return new Value.Bool(b.value());
    if (e instanceof Expr.Paren p) return value(p.inner(), scope);
    if (e instanceof Expr.Name n) {
      Optional<Symbol> s = scope.lookup(n.ident().text());
      if (s.isPresent()) {
        Value v = builtin(s.get()).or(() -> names.apply(s.get())).orElse(null);
        if (problems != null && v instanceof Value.Num num && !Double.isFinite(num.si())) return null;
        return v;
      }
      Optional<Unit> u = Units.lookup(n.ident().text());
      if (u.isPresent()) return new Value.Num(u.get().scale(), u.get().dimension());
      return new Value.Word(n.ident().text());
    }
    if (e instanceof Expr.Unary u) {
      Value v = value(u.operand(), scope);
      if (v == null) return null;
      if (u.op() != Expr.UnaryOp.NOT && !(v instanceof Value.Num)) return null;
      return switch (u.op()) {
        case NEG -> new Value.Num(-((Value.Num) v).si(), ((Value.Num) v).dim());
        case PLUS -> v;
        case NOT -> new Value.Bool(!((Value.Bool) v).value());
      };
    }
    if (e instanceof Expr.Binary b) return binary(b, scope);
    if (e instanceof Expr.Cond c) {
      Value cond = value(c.condition(), scope);
      if (!(cond instanceof Value.Bool bv)) {
        if (problems != null) {
          value(c.then(), scope);
          value(c.otherwise(), scope);
        }
        return null;
      }
      return value(bv.value() ? c.then() : c.otherwise(), scope);
    }
    if (e instanceof Expr.Range r) {
      Value lo = value(r.low(), scope);
      Value hi = value(r.high(), scope);
      if (lo instanceof Value.Num a && hi instanceof Value.Num b) return new Value.Range(a, b);
      return null;
    }
    if (e instanceof Expr.Vector v) {
      List<Value> items = new ArrayList<>();
      boolean constant = true;
      for (Expr item : v.items()) {
        Value x = value(item, scope);
        if (x == null) constant = false;
        else items.add(x);
        if (!constant && problems == null) return null;
      }
      return constant ? new Value.Vec(items) : null;
    }
    if (e instanceof Expr.Index ix) {
      Value t = value(ix.target(), scope);
      Value i = value(ix.index(), scope);
      if (t instanceof Value.Vec vec && i instanceof Value.Num n && n.si() >= 0 && n.si() < vec.items().size()) {
        return vec.items().get((int) n.si());
      }
      return null;
    }
    if (e instanceof Expr.Call c) return call(c, scope);
    return null;
  }

  private Value binary(Expr.Binary b, Scope scope) {
    if (b.op().isComparison() && b.left() instanceof Expr.Binary inner && inner.op().isComparison()) {
      Value first = value(inner, scope);
      Value second = value(new Expr.Binary(b.op(), inner.right(), b.right(), b.opSpan(), b.span()), scope);
      if (first instanceof Value.Bool x && second instanceof Value.Bool y) return new Value.Bool(x.value() && y.value());
      return null;
    }
    Value l = value(b.left(), scope);
    Value r = value(b.right(), scope);
    if (problems != null && (b.op() == Expr.BinaryOp.DIV) && r instanceof Value.Num divisor) {
      if (divisor.si() == 0) {
        problems.report(Code.E0310, b, "division by zero: the divisor is 0 here");
        return null;
      }
      problems.divisor(b, divisor);
    }
    if (l == null || r == null) return null;
    if (l instanceof Value.Bool x && r instanceof Value.Bool y) {
      return switch (b.op()) {
        case AND -> new Value.Bool(x.value() && y.value());
        case OR -> new Value.Bool(x.value() || y.value());
        case EQ -> new Value.Bool(x.value() == y.value());
        case NE -> new Value.Bool(x.value() != y.value());
        default -> null;
      };
    }
    if (!(l instanceof Value.Num x) || !(r instanceof Value.Num y)) return null;
    double a = x.si();
    double c = y.si();
    Value result = arithmetic(b, x, y, a, c);
    return finite(b, result, a, c);
  }

  private Value arithmetic(Expr.Binary b, Value.Num x, Value.Num y, double a, double c) {
    return switch (b.op()) {
      case ADD -> new Value.Num(a + c, dimOf(x, y, b));
      case SUB -> new Value.Num(a - c, dimOf(x, y, b));
      case MUL -> new Value.Num(a * c, x.dim().times(y.dim()));
      case DIV -> new Value.Num(a / c, x.dim().over(y.dim()));
      case POW -> new Value.Num(Math.pow(a, c), x.dim().isNone() ? Dimension.NONE : x.dim().pow((int) Math.round(c)));
      case LT -> new Value.Bool(a < c);
      case LE -> new Value.Bool(a <= c);
      case GT -> new Value.Bool(a > c);
      case GE -> new Value.Bool(a >= c);
      case EQ -> new Value.Bool(a == c);
      case NE -> new Value.Bool(a != c);
      default -> null;
    };
  }

  /**
   * In reporting mode, a number computed from finite operands must be finite: otherwise the
   * problem is reported here and the value is treated as not constant.
   */
  private Value finite(Expr at, Value result, double... operands) {
    if (problems == null || !(result instanceof Value.Num n) || Double.isFinite(n.si())) return result;
    for (double o : operands) if (!Double.isFinite(o)) return null;
    problems.report(Code.E0309, at, Double.isNaN(n.si())
        ? "this value is not a number (NaN): the operation is undefined for these constants"
        : "this value overflows to " + (n.si() > 0 ? "+" : "-") + "infinity (beyond ±1.8e308)");
    return null;
  }

  /** A literal zero takes the dimension of the other side. */
  private static Dimension dimOf(Value.Num x, Value.Num y, Expr.Binary b) {
    return ExprChecker.isZero(b.left()) ? y.dim() : x.dim();
  }

  private Value call(Expr.Call c, Scope scope) {
    String f = c.name().text();
    List<Value.Num> args = new ArrayList<>();
    boolean constant = true;
    for (Expr.Arg a : c.args()) {
      Value v = value(a.value(), scope);
      if (v instanceof Value.Num n) args.add(n);
      else constant = false;
      if (!constant && problems == null) return null;
    }
    if (problems != null && f.equals("mod") && c.args().size() == 2 && args.size() == 2 && constant
        && args.get(1).si() == 0) {
      problems.report(Code.E0310, c, "division by zero: `mod` by 0");
      return null;
    }
    if (!constant || args.isEmpty()) return null;
    Value result = function(f, args);
    return finite(c, result, args.stream().mapToDouble(Value.Num::si).toArray());
  }

  /** A built-in function of constants, computed by {@link Builtin}'s evaluator; null where it has none. */
  private Value function(String f, List<Value.Num> args) {
    Optional<Builtin> b = Builtin.named(f);
    if (b.isEmpty()) return null;
    Optional<Double> v = b.get().evaluate(args.stream().mapToDouble(Value.Num::si).toArray());
    if (v.isEmpty()) return null;
    Dimension x = args.get(0).dim();
    Dimension unit = switch (b.get().unitRule()) {
      case SAME_AS_ARGUMENT, SAME_AS_ARGUMENTS -> x;
      case HALF -> halve(x);
      default -> Dimension.NONE;
    };
    return new Value.Num(v.get(), unit);
  }

  private static Dimension halve(Dimension d) {
    return new Dimension(d.length() / 2, d.mass() / 2, d.time() / 2, d.current() / 2, d.temperature() / 2,
        d.amount() / 2, d.luminosity() / 2);
  }

  /** The language's own constants, whatever scope the caller resolves the rest in. */
  private static Optional<Value> builtin(Symbol s) {
    return s.kind() == Symbol.Kind.CONSTANT && s.name().equals("pi")
        ? Optional.of(new Value.Num(Math.PI, Dimension.NONE)) : Optional.empty();
  }
}
