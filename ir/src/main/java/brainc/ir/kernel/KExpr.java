package brainc.ir.kernel;

import java.util.List;
import java.util.Objects;

/**
 * Typed expressions of the kernel IR. Each node knows its {@link Scalar} type; binary operators
 * need operands of one type (insert a {@link Cast}), comparisons yield {@code BOOL}.
 *
 * <p>Math functions are evaluated as {@code StrictMath} in double precision and rounded once to
 * the result type, so that every backend computes the same bits. The rest follows Java:
 * integer division or remainder by zero is an error; MIN and MAX are {@code Math.min/max}
 * (NaN wins, -0 is below +0); casts to BOOL mean "not zero" and float-to-int casts saturate;
 * AND and OR short-circuit and {@link Select} evaluates only the branch it takes; NOT and the
 * logical operators take BOOL only, NEG numbers only; an I64 index must fit in an int.
 */
public sealed interface KExpr {
  Scalar type();

  /** Calls the visitor's method for this expression's kind, with {@code context}. */
  <R, C> R accept(Visitor<R, C> visitor, C context);

  /**
   * One method per expression kind. A backend that implements it must decide, for each kind,
   * whether it computes it or refuses it: a new kind does not compile until every backend has.
   */
  interface Visitor<R, C> {
    R visitConst(Const e, C context);

    R visitLoad(Load e, C context);

    R visitLocal(Local e, C context);

    R visitUnary(Unary e, C context);

    R visitBinary(Binary e, C context);

    R visitCall(Call e, C context);

    R visitSelect(Select e, C context);

    R visitCast(Cast e, C context);

    R visitRand(Rand e, C context);

    R visitStepIndex(StepIndex e, C context);
  }

  /** A constant; integral values for integer types. */
  record Const(double value, Scalar type) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitConst(this, context);
    }

    public Const {
      Objects.requireNonNull(type);
      if (type.isInt() && value != Math.rint(value)) throw new IllegalArgumentException("non-integral " + value);
      if (type == Scalar.BOOL && value != 0 && value != 1) throw new IllegalArgumentException("bool " + value);
    }

    public static Const f32(double v) {
      return new Const((float) v, Scalar.F32);
    }

    public static Const f64(double v) {
      return new Const(v, Scalar.F64);
    }

    public static Const i32(int v) {
      return new Const(v, Scalar.I32);
    }

    public static Const bool(boolean v) {
      return new Const(v ? 1 : 0, Scalar.BOOL);
    }
  }

  /** Element {@code index} of a buffer. */
  record Load(String buffer, KExpr index, Scalar type) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitLoad(this, context);
    }

    public Load {
      Objects.requireNonNull(buffer);
      Objects.requireNonNull(index);
      Objects.requireNonNull(type);
    }
  }

  /** A local introduced by {@link KStmt.Let} or a loop variable (loop variables are I32). */
  record Local(String name, Scalar type) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitLocal(this, context);
    }

    public Local {
      Objects.requireNonNull(name);
      Objects.requireNonNull(type);
    }
  }

  record Unary(UnaryOp op, KExpr operand) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitUnary(this, context);
    }

    public Unary {
      Objects.requireNonNull(op);
      Objects.requireNonNull(operand);
    }

    @Override
    public Scalar type() {
      return operand.type();
    }
  }

  record Binary(BinaryOp op, KExpr left, KExpr right) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitBinary(this, context);
    }

    public Binary {
      Objects.requireNonNull(op);
      Objects.requireNonNull(left);
      Objects.requireNonNull(right);
    }

    @Override
    public Scalar type() {
      return op.isComparison() ? Scalar.BOOL : left.type();
    }
  }

  /** A math function of float arguments: see {@link Fn}. */
  record Call(Fn fn, List<KExpr> args) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitCall(this, context);
    }

    public Call {
      Objects.requireNonNull(fn);
      args = List.copyOf(args);
      if (args.size() != fn.arity) throw new IllegalArgumentException(fn + " takes " + fn.arity + " arguments");
    }

    @Override
    public Scalar type() {
      return args.get(0).type();
    }
  }

  record Select(KExpr condition, KExpr then, KExpr otherwise) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitSelect(this, context);
    }

    public Select {
      Objects.requireNonNull(condition);
      Objects.requireNonNull(then);
      Objects.requireNonNull(otherwise);
    }

    @Override
    public Scalar type() {
      return then.type();
    }
  }

  /** Converts between scalar types: float to int truncates toward zero, as Java does. */
  record Cast(Scalar type, KExpr operand) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitCast(this, context);
    }

    public Cast {
      Objects.requireNonNull(type);
      Objects.requireNonNull(operand);
    }
  }

  /**
   * A random draw from the shared counter-based generator, keyed by (program seed, {@code stream},
   * current step, {@code index}); the index is an I64 or I32 expression and the stream an unsigned
   * 32-bit number. The value is F64. For float32 state, compute with it in F64 and cast the final
   * value: rounding a uniform draw itself to float can give 1.0f.
   */
  record Rand(Dist dist, long stream, KExpr index) implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitRand(this, context);
    }

    public Rand {
      Objects.requireNonNull(dist);
      Objects.requireNonNull(index);
    }

    @Override
    public Scalar type() {
      return Scalar.F64;
    }
  }

  /** The current step number (I64, from 0). */
  record StepIndex() implements KExpr {
    @Override
    public <R, C> R accept(Visitor<R, C> visitor, C context) {
      return visitor.visitStepIndex(this, context);
    }

    @Override
    public Scalar type() {
      return Scalar.I64;
    }
  }

  enum UnaryOp { NEG, NOT }

  enum BinaryOp {
    ADD, SUB, MUL, DIV, REM, MIN, MAX, LT, LE, GT, GE, EQ, NE, AND, OR;

    public boolean isComparison() {
      return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
    }

    public boolean isLogical() {
      return this == AND || this == OR;
    }
  }

  /** Math functions, evaluated as StrictMath in double and rounded to the argument type. */
  enum Fn {
    EXP(1), EXPM1(1), LOG(1), LOG1P(1), SQRT(1), ABS(1), FLOOR(1), CEIL(1), RINT(1), TANH(1), SIN(1), COS(1),
    ATAN(1), POW(2);

    public final int arity;

    Fn(int arity) {
      this.arity = arity;
    }
  }

  /** Distributions of {@link Rand}: uniform in [0, 1) and standard normal (CounterRng's Box–Muller). */
  enum Dist { UNIFORM, NORMAL }
}
