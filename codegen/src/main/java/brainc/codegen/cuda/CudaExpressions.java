package brainc.codegen.cuda;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.Scalar;

/**
 * Kernel IR expressions as C++ expressions that compute the interpreter's bits on the device and
 * under g++: Java semantics through the runtime header's helpers ({@code brainc_minf}, the
 * saturating casts, wrapping integer division) and the generated program's wrapping integer
 * arithmetic; math functions are fdlibm 5.3 in double ({@code brainc_exp}, ...) rounded once to
 * the argument type, never the CUDA math library; constants are hexadecimal, so exact. Every
 * result is parenthesised, so the caller composes them without caring for C's precedence.
 */
final class CudaExpressions implements KExpr.Visitor<String, CudaExpressions.Names> {
  /** How names of the program and of the kernel's locals are spelled in C. */
  interface Names {
    /** The C name of a local (a let or a loop variable) in scope. */
    String local(String name);

    /** The C expression of a buffer's data pointer, e.g. {@code m.b3}. */
    String buffer(String name);

    /** The C expression of the current step number. */
    default String step() {
      return "step";
    }
  }

  static final CudaExpressions INSTANCE = new CudaExpressions();

  private CudaExpressions() {}

  static String emit(KExpr e, Names names) {
    return e.accept(INSTANCE, names);
  }

  /** The C type of a scalar. */
  static String ctype(Scalar t) {
    return switch (t) {
      case F32 -> "float";
      case F64 -> "double";
      case I32 -> "int32_t";
      case I64 -> "int64_t";
      case BOOL -> "bool";
    };
  }

  /** An I32 or I64 index as an int32_t (the verifier keeps I64 indices within an int). */
  static String index(KExpr e, Names names) {
    String s = emit(e, names);
    return e.type() == Scalar.I64 ? "((int32_t)" + s + ")" : s;
  }

  /** A literal of {@code type} with exactly the value {@code v}. */
  static String literal(double v, Scalar type) {
    switch (type) {
      case F32: {
        float f = (float) v;
        if (Float.isNaN(f)) return "(__builtin_nanf(\"\"))";
        if (Float.isInfinite(f)) return f > 0 ? "(__builtin_huge_valf())" : "(-__builtin_huge_valf())";
        return "(" + Float.toHexString(f) + "f)";
      }
      case F64: {
        if (Double.isNaN(v)) return "(__builtin_nan(\"\"))";
        if (Double.isInfinite(v)) return v > 0 ? "(__builtin_huge_val())" : "(-__builtin_huge_val())";
        return "(" + Double.toHexString(v) + ")";
      }
      case I32: {
        int i = (int) v;
        return i == Integer.MIN_VALUE ? "((int32_t)(-2147483647 - 1))" : "((int32_t)" + i + ")";
      }
      case I64: {
        long l = (long) v;
        return l == Long.MIN_VALUE ? "((int64_t)(-9223372036854775807LL - 1))" : "((int64_t)" + l + "LL)";
      }
      default:
        return v != 0 ? "true" : "false";
    }
  }

  @Override
  public String visitConst(KExpr.Const c, Names n) {
    return literal(c.value(), c.type());
  }

  @Override
  public String visitLoad(KExpr.Load e, Names n) {
    return "(" + n.buffer(e.buffer()) + "[" + index(e.index(), n) + "])";
  }

  @Override
  public String visitLocal(KExpr.Local e, Names n) {
    return n.local(e.name());
  }

  @Override
  public String visitStepIndex(KExpr.StepIndex e, Names n) {
    return n.step();
  }

  @Override
  public String visitUnary(KExpr.Unary u, Names n) {
    String a = emit(u.operand(), n);
    return switch (u.type()) {
      case BOOL -> "(!" + a + ")";
      case I32 -> "bc_ineg(" + a + ")";
      case I64 -> "bc_lneg(" + a + ")";
      default -> "(-" + a + ")";
    };
  }

  @Override
  public String visitBinary(KExpr.Binary b, Names n) {
    String l = emit(b.left(), n);
    String r = emit(b.right(), n);
    KExpr.BinaryOp op = b.op();
    if (op.isComparison()) return "(" + l + " " + comparison(op) + " " + r + ")";
    if (op == KExpr.BinaryOp.AND) return "(" + l + " && " + r + ")";
    if (op == KExpr.BinaryOp.OR) return "(" + l + " || " + r + ")";
    Scalar t = b.type();
    if (t == Scalar.F32 || t == Scalar.F64) {
      boolean f = t == Scalar.F32;
      return switch (op) {
        case ADD -> "(" + l + " + " + r + ")";
        case SUB -> "(" + l + " - " + r + ")";
        case MUL -> "(" + l + " * " + r + ")";
        case DIV -> "(" + l + " / " + r + ")";
        case REM -> (f ? "brainc_fremf(" : "brainc_frem(") + l + ", " + r + ")";
        case MIN -> (f ? "brainc_minf(" : "brainc_min(") + l + ", " + r + ")";
        case MAX -> (f ? "brainc_maxf(" : "brainc_max(") + l + ", " + r + ")";
        default -> throw new IllegalStateException("not in a verified kernel program: " + op + " on " + t);
      };
    }
    // Integers wrap as Java's do: the generated prelude computes in unsigned arithmetic.
    String p = t == Scalar.I32 ? "bc_i" : "bc_l";
    return switch (op) {
      case ADD -> p + "add(" + l + ", " + r + ")";
      case SUB -> p + "sub(" + l + ", " + r + ")";
      case MUL -> p + "mul(" + l + ", " + r + ")";
      case DIV -> (t == Scalar.I32 ? "brainc_idiv(" : "brainc_ldiv(") + l + ", " + r + ")";
      case REM -> (t == Scalar.I32 ? "brainc_irem(" : "brainc_lrem(") + l + ", " + r + ")";
      case MIN -> p + "min(" + l + ", " + r + ")";
      case MAX -> p + "max(" + l + ", " + r + ")";
      default -> throw new IllegalStateException("not in a verified kernel program: " + op + " on " + t);
    };
  }

  private static String comparison(KExpr.BinaryOp op) {
    return switch (op) {
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
      case EQ -> "==";
      default -> "!=";
    };
  }

  @Override
  public String visitCall(KExpr.Call c, Names n) {
    boolean f32 = c.type() == Scalar.F32;
    String a = widened(c.args().get(0), n);
    String value = switch (c.fn()) {
      case POW -> "brainc_pow(" + a + ", " + widened(c.args().get(1), n) + ")";
      case EXP -> "brainc_exp(" + a + ")";
      case EXPM1 -> "brainc_expm1(" + a + ")";
      case LOG -> "brainc_log(" + a + ")";
      case LOG1P -> "brainc_log1p(" + a + ")";
      case TANH -> "brainc_tanh(" + a + ")";
      case SIN -> "brainc_sin(" + a + ")";
      case COS -> "brainc_cos(" + a + ")";
      case ATAN -> "brainc_atan(" + a + ")";
      // IEEE-exact in double everywhere: the standard functions give StrictMath's bits.
      case SQRT -> "sqrt(" + a + ")";
      case ABS -> "fabs(" + a + ")";
      case FLOOR -> "floor(" + a + ")";
      case CEIL -> "ceil(" + a + ")";
      case RINT -> "rint(" + a + ")";
    };
    return f32 ? "((float)" + value + ")" : value;
  }

  /** A float argument in double, as StrictMath takes it. */
  private String widened(KExpr e, Names n) {
    String s = emit(e, n);
    return e.type() == Scalar.F32 ? "((double)" + s + ")" : s;
  }

  @Override
  public String visitSelect(KExpr.Select s, Names n) {
    return "(" + emit(s.condition(), n) + " ? " + emit(s.then(), n) + " : " + emit(s.otherwise(), n) + ")";
  }

  @Override
  public String visitCast(KExpr.Cast c, Names n) {
    Scalar from = c.operand().type();
    Scalar to = c.type();
    String a = emit(c.operand(), n);
    if (from == to) return a;
    if (to == Scalar.BOOL) return "(" + a + " != 0)";
    if (from == Scalar.BOOL) return "(" + a + " ? " + literal(1, to) + " : " + literal(0, to) + ")";
    return switch (to) {
      case I32 -> from == Scalar.F32 ? "brainc_f2i(" + a + ")" : from == Scalar.F64 ? "brainc_d2i(" + a + ")"
          : "((int32_t)" + a + ")";
      case I64 -> from == Scalar.F32 ? "brainc_f2l(" + a + ")" : from == Scalar.F64 ? "brainc_d2l(" + a + ")"
          : "((int64_t)" + a + ")";
      default -> "((" + ctype(to) + ")" + a + ")";
    };
  }

  @Override
  public String visitRand(KExpr.Rand r, Names n) {
    String idx = emit(r.index(), n);
    if (r.index().type() != Scalar.I64) idx = "((int64_t)" + idx + ")";
    String fn = r.dist() == KExpr.Dist.UNIFORM ? "brainc_uniform_double" : "brainc_normal";
    // The stream is an unsigned 32-bit number that the generator reads as such.
    return fn + "(m.seed, (int32_t)" + r.stream() + "u, " + n.step() + ", " + idx + ")";
  }
}
