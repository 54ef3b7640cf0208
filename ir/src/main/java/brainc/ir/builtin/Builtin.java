package brainc.ir.builtin;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.Scalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of the language's built-in functions: each with its spelling, arity, unit rule,
 * value (computed with {@link StrictMath}, so that a folded constant equals what every engine
 * computes), how it lowers to the kernel IR and how a generated Java program spells it. The
 * checker, constant folding, kernel lowering, the `java` target and the readouts all read it;
 * a function added here is known to all of them at once.
 *
 * <p>The order is the one completion and "did you mean" hints list.
 */
public enum Builtin {
  EXP("exp", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.exp(%s)"),
  LOG("log", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.log(%s)"),
  /**
   * The kernel IR has no decimal logarithm yet: it lowers to {@code log(x) / ln 10}, within an
   * ulp of {@code StrictMath.log10} (a {@code LOG10} kernel function would make it exact).
   */
  LOG10("log10", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.log10(%s)"),
  SQRT("sqrt", Kind.MATH, 1, 1, UnitRule.HALF, "Math.sqrt(%s)"),
  ABS("abs", Kind.MATH, 1, 1, UnitRule.SAME_AS_ARGUMENT, "Math.abs(%s)"),
  MIN("min", Kind.MATH, 2, Integer.MAX_VALUE, UnitRule.SAME_AS_ARGUMENTS, "Math.min(%s)"),
  MAX("max", Kind.MATH, 2, Integer.MAX_VALUE, UnitRule.SAME_AS_ARGUMENTS, "Math.max(%s)"),
  /** {@code clip(x, lo, hi)} is {@code max(lo, min(hi, x))}: NaN in {@code x} stays NaN. */
  CLIP("clip", Kind.MATH, 3, 3, UnitRule.SAME_AS_ARGUMENTS, "clip(%s)", "clip"),
  TANH("tanh", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.tanh(%s)"),
  SIGMOID("sigmoid", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "sigmoid(%s)", "sigmoid"),
  SIN("sin", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.sin(%s)"),
  COS("cos", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.cos(%s)"),
  ATAN("atan", Kind.MATH, 1, 1, UnitRule.DIMENSIONLESS, "Math.atan(%s)"),
  FLOOR("floor", Kind.MATH, 1, 1, UnitRule.SAME_AS_ARGUMENT, "Math.floor(%s)"),
  CEIL("ceil", Kind.MATH, 1, 1, UnitRule.SAME_AS_ARGUMENT, "Math.ceil(%s)"),
  /** Half-way cases go to the even neighbour ({@code rint}), as everywhere in the project. */
  ROUND("round", Kind.MATH, 1, 1, UnitRule.SAME_AS_ARGUMENT, "Math.rint(%s)"),
  /** The remainder with the sign of the dividend, Java's {@code %}. */
  MOD("mod", Kind.MATH, 2, 2, UnitRule.SAME_AS_ARGUMENTS, "mod(%s)", "mod"),
  HEAVISIDE("heaviside", Kind.MATH, 1, 1, UnitRule.NUMBER_TO_DIMENSIONLESS, "heaviside(%s)", "heaviside"),

  UNIFORM("uniform", Kind.RANDOM, 2, 2, UnitRule.SAME_AS_ARGUMENTS, "uniform(%s)", "uniform"),
  NORMAL("normal", Kind.RANDOM, 2, 2, UnitRule.SAME_AS_ARGUMENTS, "normal(%s)", "normal"),
  LOGNORMAL("lognormal", Kind.RANDOM, 2, 2, UnitRule.DIMENSIONLESS_ARGUMENTS, "Math.exp(normal(%s))", "normal"),
  BERNOULLI("bernoulli", Kind.RANDOM, 1, 1, UnitRule.DIMENSIONLESS_ARGUMENTS, "bernoulli(%s)", "bernoulli"),
  /**
   * {@code xi(T)}: dimensionless Gaussian white noise scaled by the square root of the time
   * {@code T}, Brian2's {@code sqrt(T) * xi}, so that units stay whole powers. Only in a neuron's
   * differential equation, as an additive term; integrated by Euler–Maruyama.
   */
  XI("xi", Kind.NOISE, 1, 1, UnitRule.TIME_TO_DIMENSIONLESS, null),

  SPIKE_COUNT("spike_count", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  RATE("rate", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  MEMBRANE("membrane", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  POOLS("pools", Kind.READOUT, 2, 2, UnitRule.READOUT, null),
  ARGMAX("argmax", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  SUM("sum", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  MEAN("mean", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  BASELINE("baseline", Kind.READOUT, 0, 2, UnitRule.READOUT, null),
  PULSE("pulse", Kind.READOUT, 1, 1, UnitRule.READOUT, null),
  LINEAR("linear", Kind.READOUT, 2, 2, UnitRule.READOUT, null),
  /** Signals from spike events: {@code coincidence(a, b, within)}, {@code delayed(x, min, max, capacity)}, {@code leaky(x, tau)}. */
  COINCIDENCE("coincidence", Kind.READOUT, 2, 3, UnitRule.READOUT, null),
  DELAYED("delayed", Kind.READOUT, 3, 4, UnitRule.READOUT, null),
  LEAKY("leaky", Kind.READOUT, 2, 2, UnitRule.READOUT, null),
  SOFTMAX("softmax", Kind.READOUT, 1, 1, UnitRule.READOUT, null);

  /** What a function is, which decides who may evaluate it. */
  public enum Kind {
    /** A pure function of numbers: folded when its arguments are constant, lowered to kernel expressions. */
    MATH,
    /** A random draw: never folded; the scheduler lowers it where it may appear (initial values, weights). */
    RANDOM,
    /** Reads a population or a vector of a network: lowered by the schedulers, evaluated by the readouts. */
    READOUT,
    /** White noise in a differential equation: the ODE solver turns it into a draw per neuron and step. */
    NOISE
  }

  /** How a function's result unit follows from its arguments' (the checker reports the rest). */
  public enum UnitRule {
    /** One dimensionless argument, a dimensionless result ({@code exp(v)} is an error, {@code exp(v / mV)} is not). */
    DIMENSIONLESS,
    /** Every argument dimensionless, a dimensionless result. */
    DIMENSIONLESS_ARGUMENTS,
    /** One number; the result has its unit. */
    SAME_AS_ARGUMENT,
    /** Arguments of one unit; the result has it. */
    SAME_AS_ARGUMENTS,
    /** Half the powers of the argument's unit ({@code sqrt(mV^2)} is mV). */
    HALF,
    /** Any number; a dimensionless result. */
    NUMBER_TO_DIMENSIONLESS,
    /** One time; a dimensionless result. */
    TIME_TO_DIMENSIONLESS,
    /** Particular to each readout: the checker's readout rules. */
    READOUT
  }

  private static final Map<String, Builtin> BY_SPELLING = new LinkedHashMap<>();

  static {
    for (Builtin b : values()) BY_SPELLING.put(b.spelling, b);
  }

  /** Every spelling, in the table's order. */
  public static final List<String> SPELLINGS = List.copyOf(BY_SPELLING.keySet());

  private final String spelling;
  private final Kind kind;
  private final int minArity;
  private final int maxArity;
  private final UnitRule unitRule;
  private final String java;
  private final String javaHelper;

  Builtin(String spelling, Kind kind, int minArity, int maxArity, UnitRule unitRule, String java) {
    this(spelling, kind, minArity, maxArity, unitRule, java, null);
  }

  Builtin(String spelling, Kind kind, int minArity, int maxArity, UnitRule unitRule, String java, String javaHelper) {
    this.spelling = spelling;
    this.kind = kind;
    this.minArity = minArity;
    this.maxArity = maxArity;
    this.unitRule = unitRule;
    this.java = java;
    this.javaHelper = javaHelper;
  }

  /** The function spelled {@code name} in source, if it is a built-in. */
  public static Optional<Builtin> named(String name) {
    return Optional.ofNullable(BY_SPELLING.get(name));
  }

  public String spelling() {
    return spelling;
  }

  public Kind kind() {
    return kind;
  }

  public int minArity() {
    return minArity;
  }

  /** {@link Integer#MAX_VALUE} for any number of arguments. */
  public int maxArity() {
    return maxArity;
  }

  public boolean accepts(int arguments) {
    return arguments >= minArity && arguments <= maxArity;
  }

  public UnitRule unitRule() {
    return unitRule;
  }

  /** Whether {@link #evaluate} gives its value: true of every {@link Kind#MATH} function. */
  public boolean foldable() {
    return kind == Kind.MATH;
  }

  /**
   * The value for constant arguments, computed as every engine computes it. Empty where the
   * function has no value for them (a random draw, a readout, the wrong number of arguments).
   */
  public Optional<Double> evaluate(double... args) {
    if (!foldable() || !accepts(args.length)) return Optional.empty();
    return Optional.of(value(args));
  }

  // Switches, not a lambda per constant: the table is loaded by every `brainc check`, and each
  // lambda costs a generated class at start-up.
  private double value(double[] a) {
    return switch (this) {
      case EXP -> StrictMath.exp(a[0]);
      case LOG -> StrictMath.log(a[0]);
      case LOG10 -> StrictMath.log10(a[0]);
      case SQRT -> StrictMath.sqrt(a[0]);
      case ABS -> StrictMath.abs(a[0]);
      case MIN -> {
        double m = a[0];
        for (int i = 1; i < a.length; i++) m = Math.min(m, a[i]);
        yield m;
      }
      case MAX -> {
        double m = a[0];
        for (int i = 1; i < a.length; i++) m = Math.max(m, a[i]);
        yield m;
      }
      case CLIP -> StrictMath.max(a[1], StrictMath.min(a[2], a[0]));
      case TANH -> StrictMath.tanh(a[0]);
      case SIGMOID -> 1 / (1 + StrictMath.exp(-a[0]));
      case SIN -> StrictMath.sin(a[0]);
      case COS -> StrictMath.cos(a[0]);
      case ATAN -> StrictMath.atan(a[0]);
      case FLOOR -> StrictMath.floor(a[0]);
      case CEIL -> StrictMath.ceil(a[0]);
      case ROUND -> StrictMath.rint(a[0]);
      case MOD -> a[0] % a[1];
      case HEAVISIDE -> a[0] > 0 ? 1.0 : 0.0;
      default -> throw new IllegalStateException("`" + spelling + "` has no value");
    };
  }

  /** Whether {@link #lower} gives kernel expressions: true of every {@link Kind#MATH} function. */
  public boolean lowersToKernel() {
    return kind == Kind.MATH;
  }

  /** The kernel expression of a call with lowered arguments {@code args} in a run of float type {@code real}. */
  public KExpr lower(List<KExpr> args, Scalar real) {
    if (!lowersToKernel()) throw new IllegalStateException("`" + spelling + "` has no kernel lowering");
    if (!accepts(args.size())) throw new IllegalArgumentException("`" + spelling + "` of " + args.size() + " arguments");
    List<KExpr> a = args;
    return switch (this) {
      case EXP -> new KExpr.Call(KExpr.Fn.EXP, a);
      case LOG -> new KExpr.Call(KExpr.Fn.LOG, a);
      case LOG10 -> new KExpr.Binary(KExpr.BinaryOp.DIV, new KExpr.Call(KExpr.Fn.LOG, a), constant(Ln10.VALUE, real));
      case SQRT -> new KExpr.Call(KExpr.Fn.SQRT, a);
      case ABS -> new KExpr.Call(KExpr.Fn.ABS, a);
      case MIN -> chain(KExpr.BinaryOp.MIN, a);
      case MAX -> chain(KExpr.BinaryOp.MAX, a);
      case CLIP -> new KExpr.Binary(KExpr.BinaryOp.MAX, a.get(1), new KExpr.Binary(KExpr.BinaryOp.MIN, a.get(2), a.get(0)));
      case TANH -> new KExpr.Call(KExpr.Fn.TANH, a);
      case SIGMOID -> new KExpr.Binary(KExpr.BinaryOp.DIV, constant(1, real), new KExpr.Binary(KExpr.BinaryOp.ADD,
          constant(1, real), new KExpr.Call(KExpr.Fn.EXP, List.of(new KExpr.Unary(KExpr.UnaryOp.NEG, a.get(0))))));
      case SIN -> new KExpr.Call(KExpr.Fn.SIN, a);
      case COS -> new KExpr.Call(KExpr.Fn.COS, a);
      case ATAN -> new KExpr.Call(KExpr.Fn.ATAN, a);
      case FLOOR -> new KExpr.Call(KExpr.Fn.FLOOR, a);
      case CEIL -> new KExpr.Call(KExpr.Fn.CEIL, a);
      case ROUND -> new KExpr.Call(KExpr.Fn.RINT, a);
      case MOD -> new KExpr.Binary(KExpr.BinaryOp.REM, a.get(0), a.get(1));
      case HEAVISIDE -> new KExpr.Select(new KExpr.Binary(KExpr.BinaryOp.GT, a.get(0), constant(0, real)), constant(1, real),
          constant(0, real));
      default -> throw new IllegalStateException("`" + spelling + "` has no kernel lowering");
    };
  }

  /** The Java expression of a call with the given (comma-joined) argument text; empty for a readout. */
  public Optional<String> java(String arguments) {
    return java == null ? Optional.empty() : Optional.of(String.format(java, arguments));
  }

  /** The helper method a generated Java program must define for {@link #java}, if any. */
  public Optional<String> javaHelper() {
    return Optional.ofNullable(javaHelper);
  }

  /** ln 10, in a holder: enum constants may not name the enum's own static fields. */
  private static final class Ln10 {
    static final double VALUE = StrictMath.log(10);
  }

  private static KExpr chain(KExpr.BinaryOp op, List<KExpr> a) {
    KExpr acc = a.get(0);
    for (int i = 1; i < a.size(); i++) acc = new KExpr.Binary(op, acc, a.get(i));
    return acc;
  }

  private static KExpr constant(double v, Scalar real) {
    return new KExpr.Const(real == Scalar.F32 ? (float) v : v, real);
  }
}
