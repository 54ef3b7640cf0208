package brainc.ir.tensor;

import java.util.Objects;

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
