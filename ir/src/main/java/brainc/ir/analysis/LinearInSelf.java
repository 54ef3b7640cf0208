package brainc.ir.analysis;

import brainc.ir.model.Binary;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.LinearStep;
import brainc.ir.model.Projection;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.Select;
import brainc.ir.model.Unary;
import brainc.ir.model.UnaryOp;
import java.util.Optional;
import java.util.Set;

/**
 * The one form of synapse equation that every target integrates, exactly: {@code x' = a x + b},
 * with {@code a} and {@code b} free of {@code x} and constant during a run (a trace is the case
 * {@code a = -1 / tau}, {@code b = 0}). solve-odes decomposes an equation here with the
 * projection's numbers and records its exact step over the run's {@code dt}
 * ({@link LinearStep#exact}, in {@link Projection#steps()}) for the kernel lowering; the
 * {@code java} target's one-synapse simulator decomposes it here with its parameters as Java
 * fields and takes the same exact solution over the time between two events (with expm1); its
 * legality check asks here whether an equation has the form at all. Each works in its own domain
 * of coefficients ({@link Coefficients}: numbers, Java text, or only whether one is zero), so all
 * three find the same {@code a} and {@code b} (only numbers see a division by a zero parameter,
 * or a coefficient that cancels, as in {@code (x - x) * x}).
 *
 * <p>{@code -(x - 2 * w) / tau} decomposes as {@code a = -1 / tau}, {@code b = 2 w / tau}; {@code x * x}
 * and {@code x / x} do not decompose.
 */
public final class LinearInSelf {
  private LinearInSelf() {}

  /** The random draws among the built-in functions: never constant during a run. */
  public static final Set<String> RANDOM = Set.of("uniform", "normal", "lognormal", "bernoulli");

  /** A domain of coefficients: how the decomposition combines them. */
  public interface Coefficients<T> {
    /** The value of {@code e}, which does not read {@code x}, or null when it is not constant during a run. */
    T constant(Expr e);

    T zero();

    T one();

    T add(T a, T b);

    T sub(T a, T b);

    T mul(T a, T b);

    T div(T a, T b);

    T neg(T a);

    /** Whether {@code a} is known to be zero. */
    boolean isZero(T a);
  }

  /** {@code rate * x + drive}. */
  public record Form<T>(T rate, T drive) {}

  /** {@code rhs} as {@code a x + b}, or empty when it is not of that form. */
  public static <T> Optional<Form<T>> of(Expr rhs, String x, Coefficients<T> c) {
    return of(rhs, x, RefKind.VAR, c);
  }

  /**
   * {@code rhs} as {@code a x + b} where {@code x} is a reference of {@code kind} (a synapse's
   * {@code VAR}, a neuron's {@code STATE}), or empty when it is not of that form.
   */
  public static <T> Optional<Form<T>> of(Expr rhs, String x, RefKind kind, Coefficients<T> c) {
    return Optional.ofNullable(form(rhs, x, kind, c));
  }

  private static <T> Form<T> form(Expr e, String x, RefKind kind, Coefficients<T> c) {
    if (e instanceof Ref r && r.kind() == kind && r.name().equals(x)) return new Form<>(c.one(), c.zero());
    T k = c.constant(e);
    if (k != null) return new Form<>(c.zero(), k);
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      Form<T> f = form(u.operand(), x, kind, c);
      return f == null ? null : new Form<>(c.neg(f.rate()), c.neg(f.drive()));
    }
    if (!(e instanceof Binary b)) return null;
    Form<T> l = form(b.left(), x, kind, c);
    Form<T> r = form(b.right(), x, kind, c);
    if (l == null || r == null) return null;
    return switch (b.op()) {
      case ADD -> new Form<>(c.add(l.rate(), r.rate()), c.add(l.drive(), r.drive()));
      case SUB -> new Form<>(c.sub(l.rate(), r.rate()), c.sub(l.drive(), r.drive()));
      // A product is linear when one side is constant; the constant side scales the other.
      case MUL -> c.isZero(r.rate()) ? new Form<>(c.mul(l.rate(), r.drive()), c.mul(l.drive(), r.drive()))
          : c.isZero(l.rate()) ? new Form<>(c.mul(l.drive(), r.rate()), c.mul(l.drive(), r.drive())) : null;
      case DIV -> c.isZero(r.rate()) && !c.isZero(r.drive())
          ? new Form<>(c.div(l.rate(), r.drive()), c.div(l.drive(), r.drive())) : null;
      default -> null;
    };
  }

  /** Numbers: for equations whose parameters and named values are already substituted and folded. */
  public static final Coefficients<Double> NUMBERS = new Coefficients<>() {
    @Override
    public Double constant(Expr e) {
      return e instanceof Const k ? k.value() : null;
    }

    @Override
    public Double zero() {
      return 0.0;
    }

    @Override
    public Double one() {
      return 1.0;
    }

    @Override
    public Double add(Double a, Double b) {
      return a + b;
    }

    @Override
    public Double sub(Double a, Double b) {
      return a - b;
    }

    @Override
    public Double mul(Double a, Double b) {
      return a * b;
    }

    @Override
    public Double div(Double a, Double b) {
      return a / b;
    }

    @Override
    public Double neg(Double a) {
      return -a;
    }

    @Override
    public boolean isZero(Double a) {
      return a == 0;
    }
  };

  /**
   * Whether {@code e} is constant during a run of one synapse: it reads only parameters,
   * constants and {@code dt}, through functions that are not random draws.
   */
  public static boolean runConstant(Expr e) {
    if (e instanceof Const) return true;
    if (e instanceof Ref r) {
      return r.kind() == RefKind.PARAM || r.kind() == RefKind.CONSTANT || (r.kind() == RefKind.BUILTIN && r.name().equals("dt"));
    }
    if (e instanceof Unary u) return runConstant(u.operand());
    if (e instanceof Binary b) return runConstant(b.left()) && runConstant(b.right());
    if (e instanceof Call c) return !RANDOM.contains(c.function()) && c.args().stream().allMatch(LinearInSelf::runConstant);
    if (e instanceof Select s) return runConstant(s.condition()) && runConstant(s.then()) && runConstant(s.otherwise());
    return false;
  }

  /**
   * Only whether each coefficient may be non-zero, over {@link #runConstant} expressions: the
   * question "is it of the form?" without computing anything.
   */
  public static final Coefficients<Boolean> FORM_ONLY = new Coefficients<>() {
    @Override
    public Boolean constant(Expr e) {
      return runConstant(e) ? Boolean.TRUE : null;
    }

    @Override
    public Boolean zero() {
      return false;
    }

    @Override
    public Boolean one() {
      return true;
    }

    @Override
    public Boolean add(Boolean a, Boolean b) {
      return a || b;
    }

    @Override
    public Boolean sub(Boolean a, Boolean b) {
      return a || b;
    }

    @Override
    public Boolean mul(Boolean a, Boolean b) {
      return a && b;
    }

    @Override
    public Boolean div(Boolean a, Boolean b) {
      return a;
    }

    @Override
    public Boolean neg(Boolean a) {
      return a;
    }

    @Override
    public boolean isZero(Boolean a) {
      return !a;
    }
  };
}
