package brainc.ir.tensor;

import brainc.ir.builtin.Builtin;
import brainc.ir.builtin.StableMath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An elementwise expression over tensors of one shape, evaluated in float32 element by element.
 * No spans: {@code equals} is structural.
 */
public sealed interface TExpr {
  <R> R accept(Visitor<R> v);

  /** Exhaustive dispatch over the expression kinds. */
  interface Visitor<R> {
    R visit(Ref e);

    R visit(Lit e);

    R visit(Bin e);

    R visit(Neg e);

    R visit(Step e);

    R visit(Select e);

    R visit(Detach e);

    R visit(SurrogateGrad e);

    R visit(Call e);
  }

  /** The element of a tensor. */
  record Ref(String tensor) implements TExpr {
    public Ref {
      Objects.requireNonNull(tensor, "tensor");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A constant (stored as double, used as float). */
  record Lit(double value) implements TExpr {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Binary arithmetic. */
  enum Op {
    ADD("+"), SUB("-"), MUL("*"), DIV("/");

    public final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  /** {@code left op right}. */
  record Bin(Op op, TExpr left, TExpr right) implements TExpr {
    public Bin {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** {@code -operand}. */
  record Neg(TExpr operand) implements TExpr {
    public Neg {
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * The spike: 1 where {@code margin > 0} ({@code margin >= 0} when not strict), else 0. Its
   * derivative in training is the surrogate's, not the step's.
   */
  record Step(TExpr margin, boolean strict, Surrogate surrogate) implements TExpr {
    public Step {
      Objects.requireNonNull(margin, "margin");
      Objects.requireNonNull(surrogate, "surrogate");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code cond != 0 ? then : otherwise}, for resets; differentiated as the blend {@code
   * otherwise + cond * (then - otherwise)}, so the gradient flows into {@code cond} unless it is
   * detached.
   */
  record Select(TExpr cond, TExpr then, TExpr otherwise) implements TExpr {
    public Select {
      Objects.requireNonNull(cond, "cond");
      Objects.requireNonNull(then, "then");
      Objects.requireNonNull(otherwise, "otherwise");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** The operand's value with a zero derivative (PyTorch's {@code detach}). */
  record Detach(TExpr operand) implements TExpr {
    public Detach {
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** The surrogate derivative of a spike step at {@code margin}; appears only in backward steps. */
  record SurrogateGrad(Surrogate surrogate, TExpr margin) implements TExpr {
    public SurrogateGrad {
      Objects.requireNonNull(surrogate, "surrogate");
      Objects.requireNonNull(margin, "margin");
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * {@code fn(args)}: an elementwise function, computed in double from the float arguments and
   * rounded once to float. The number of arguments is the verifier's to check (so that a wrong
   * one is reported, not thrown); an executor refuses a call its function cannot take.
   */
  record Call(Fn fn, List<TExpr> args) implements TExpr {
    public Call {
      Objects.requireNonNull(fn, "fn");
      args = List.copyOf(args);
    }

    public Call(Fn fn, TExpr... args) {
      this(fn, List.of(args));
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * The elementwise functions, each evaluated by {@link StableMath}. Those the language already
   * has take their spelling and arity from {@link Builtin}, the one table of built-ins ({@code
   * clip} is the clamp; {@code min} and {@code max} take two or more arguments, folded from the
   * left). {@code sign}, {@code lt} and {@code le} are what the adjoints of the others are made
   * of: {@code lt(a, b)} is 1 where {@code a < b}, else 0.
   */
  enum Fn {
    EXP(Builtin.EXP, "exp", 1),
    LOG(Builtin.LOG, "log", 1),
    LOG1P("log1p", 1, 1, "log1p", 1),
    TANH(Builtin.TANH, "tanh", 1),
    SIGMOID(Builtin.SIGMOID, "sigmoid", 1),
    SOFTPLUS("softplus", 1, 1, "softplus", 1),
    ABS(Builtin.ABS, "abs", 1),
    SQRT(Builtin.SQRT, "sqrt", 1),
    POW("pow", 2, 2, "pow", 2),
    MIN(Builtin.MIN, "min", 2),
    MAX(Builtin.MAX, "max", 2),
    CLIP(Builtin.CLIP, "clip", 3),
    SIGN("sign", 1, 1, "sign", 1),
    LT("lt", 2, 2, "lt", 2),
    LE("le", 2, 2, "le", 2);

    private final String spelling;
    private final int minArity;
    private final int maxArity;
    private final String helper;
    private final int helperArity;

    Fn(Builtin builtin, String helper, int helperArity) {
      this(builtin.spelling(), builtin.minArity(), builtin.maxArity(), helper, helperArity);
    }

    Fn(String spelling, int minArity, int maxArity, String helper, int helperArity) {
      this.spelling = spelling;
      this.minArity = minArity;
      this.maxArity = maxArity;
      this.helper = helper;
      this.helperArity = helperArity;
    }

    private static final Map<String, Fn> BY_SPELLING = new LinkedHashMap<>();

    static {
      for (Fn f : values()) BY_SPELLING.put(f.spelling, f);
    }

    /** The function spelled {@code name} in the text form. */
    public static Optional<Fn> named(String name) {
      return Optional.ofNullable(BY_SPELLING.get(name));
    }

    public String spelling() {
      return spelling;
    }

    public int minArity() {
      return minArity;
    }

    /** {@link Integer#MAX_VALUE} for any number of arguments. */
    public int maxArity() {
      return maxArity;
    }

    /** The {@link StableMath} method that computes it, of {@link #helperArity()} doubles. */
    public String helper() {
      return helper;
    }

    /**
     * The arguments {@link #helper()} takes; a call with more (only {@code min} and {@code max})
     * folds the further ones in from the left: {@code min(a, b, c) = min(min(a, b), c)}.
     */
    public int helperArity() {
      return helperArity;
    }

    /** Why a call of {@code n} arguments is wrong, if it is: "min takes at least 2 arguments, not 1". */
    public Optional<String> arityProblem(int n) {
      if (n >= minArity && n <= maxArity) return Optional.empty();
      String count = minArity == maxArity ? Integer.toString(minArity)
          : maxArity == Integer.MAX_VALUE ? "at least " + minArity : minArity + " to " + maxArity;
      return Optional.of(spelling + " takes " + count + " argument" + (count.equals("1") ? "" : "s") + ", not " + n);
    }

    /** The value of a one-argument function. */
    public double apply(double a) {
      switch (this) {
        case EXP: return StableMath.exp(a);
        case LOG: return StableMath.log(a);
        case LOG1P: return StableMath.log1p(a);
        case TANH: return StableMath.tanh(a);
        case SIGMOID: return StableMath.sigmoid(a);
        case SOFTPLUS: return StableMath.softplus(a);
        case ABS: return StableMath.abs(a);
        case SQRT: return StableMath.sqrt(a);
        case SIGN: return StableMath.sign(a);
        default: throw new IllegalArgumentException(arityProblem(1).orElse(spelling + " of 1 argument"));
      }
    }

    /** The value of a two-argument function. */
    public double apply(double a, double b) {
      switch (this) {
        case POW: return StableMath.pow(a, b);
        case MIN: return StableMath.min(a, b);
        case MAX: return StableMath.max(a, b);
        case LT: return StableMath.lt(a, b);
        case LE: return StableMath.le(a, b);
        default: throw new IllegalArgumentException(arityProblem(2).orElse(spelling + " of 2 arguments"));
      }
    }

    /** The value of a three-argument function ({@code clip}, or a fold of {@code min} or {@code max}). */
    public double apply(double a, double b, double c) {
      if (this == CLIP) return StableMath.clip(a, b, c);
      return apply(apply(a, b), c);
    }

    /** The value for any number of arguments; throws if the function does not take that many. */
    public double evaluate(double... args) {
      arityProblem(args.length).ifPresent(m -> {
        throw new IllegalArgumentException(m);
      });
      switch (helperArity) {
        case 1:
          return apply(args[0]);
        case 3:
          return apply(args[0], args[1], args[2]);
        default: {
          double r = apply(args[0], args[1]);
          for (int i = 2; i < args.length; i++) r = apply(r, args[i]);
          return r;
        }
      }
    }
  }

  /**
   * A surrogate gradient: {@code atan} (parameter alpha), {@code fast_sigmoid} (slope), {@code
   * triangle} (width) or {@code straight_through} (no parameter).
   */
  record Surrogate(String kind, double parameter) {
    public Surrogate {
      Objects.requireNonNull(kind, "kind");
      if (!kind.equals("atan") && !kind.equals("fast_sigmoid") && !kind.equals("triangle")
          && !kind.equals("straight_through")) {
        throw new IllegalArgumentException("unknown surrogate " + kind);
      }
    }

    /**
     * The derivative at {@code u}, in float32 as every executor computes it: atan {@code
     * (alpha/2) / (1 + (pi/2 * alpha * u)^2)}, fast sigmoid {@code 1 / (1 + slope*|u|)^2},
     * triangle {@code max(0, 1 - |u|/width)}, straight-through 1.
     */
    public float derivative(float u) {
      return derivative(kindIndex(), (float) parameter, u);
    }

    /** The surrogate kinds, by the index {@link #derivative(int, float, float)} takes. */
    public static final java.util.List<String> KINDS = java.util.List.of("atan", "fast_sigmoid", "triangle",
        "straight_through");

    public int kindIndex() {
      return KINDS.indexOf(kind);
    }

    /** {@link #derivative(float)} of the surrogate {@code KINDS.get(kind)} with parameter {@code p}, for generated code. */
    public static float derivative(int kind, float p, float u) {
      switch (kind) {
        case 0: {
          float z = (float) (Math.PI / 2) * p * u;
          return (p / 2f) / (1f + z * z);
        }
        case 1: {
          float d = 1f + p * Math.abs(u);
          return 1f / (d * d);
        }
        case 2:
          return Math.max(0f, 1f - Math.abs(u) / p);
        default:
          return 1f;
      }
    }
  }
}
