package brainc.ir.builtin;

/**
 * The elementwise functions of the tensor IR in double precision, each in a numerically stable
 * form, computed with {@link StrictMath} so that the result does not depend on the JVM or the
 * CPU. Every executor calls these methods (the interpreter through {@code TExpr.Fn}, generated
 * code by {@code INVOKESTATIC}) and rounds the result once to the tensor's type, so that they
 * agree bit for bit and each formula exists once.
 *
 * <p>The language's {@code sigmoid} ({@link Builtin#SIGMOID}) folds to {@code 1 / (1 + e^-x)},
 * the expression its kernel lowering computes; {@link #sigmoid} here branches on the sign
 * instead and may differ from it in the last bit for negative arguments.
 */
public final class StableMath {
  private StableMath() {}

  public static double exp(double x) {
    return StrictMath.exp(x);
  }

  public static double log(double x) {
    return StrictMath.log(x);
  }

  /** {@code log(1 + x)}, exact near 0 where {@code log(1 + x)} loses the digits of {@code x}. */
  public static double log1p(double x) {
    return StrictMath.log1p(x);
  }

  public static double tanh(double x) {
    return StrictMath.tanh(x);
  }

  /**
   * {@code 1 / (1 + e^-x)}, with {@code e^x / (1 + e^x)} for negative {@code x}: the exponential
   * is never of a large positive number, and small results keep their relative precision.
   */
  public static double sigmoid(double x) {
    if (x >= 0) return 1 / (1 + StrictMath.exp(-x));
    double e = StrictMath.exp(x); // also NaN for NaN, which fails the test above
    return e / (1 + e);
  }

  /**
   * {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^-|x|)}: no overflow for large {@code x},
   * no loss of the small result for very negative {@code x}.
   */
  public static double softplus(double x) {
    return StrictMath.max(x, 0) + StrictMath.log1p(StrictMath.exp(-StrictMath.abs(x)));
  }

  public static double abs(double x) {
    return StrictMath.abs(x);
  }

  public static double sqrt(double x) {
    return StrictMath.sqrt(x);
  }

  /** {@code x^y} as {@link StrictMath#pow}: NaN for a negative {@code x} and a fractional {@code y}. */
  public static double pow(double x, double y) {
    return StrictMath.pow(x, y);
  }

  /** The smaller; NaN if either is, and {@code -0.0} below {@code 0.0}. */
  public static double min(double a, double b) {
    return StrictMath.min(a, b);
  }

  /** The larger; NaN if either is, and {@code 0.0} above {@code -0.0}. */
  public static double max(double a, double b) {
    return StrictMath.max(a, b);
  }

  /**
   * {@code x} clamped to {@code [lo, hi]}, as the language's {@code clip}: {@code max(lo, min(hi,
   * x))}, so NaN in {@code x} stays NaN.
   */
  public static double clip(double x, double lo, double hi) {
    return StrictMath.max(lo, StrictMath.min(hi, x));
  }

  /** -1, 0 or 1 by the sign of {@code x}; zeros keep theirs and NaN stays NaN. */
  public static double sign(double x) {
    return StrictMath.signum(x);
  }

  /** 1 where {@code a < b}, else 0 (also when either is NaN). */
  public static double lt(double a, double b) {
    return a < b ? 1 : 0;
  }

  /** 1 where {@code a <= b}, else 0 (also when either is NaN). */
  public static double le(double a, double b) {
    return a <= b ? 1 : 0;
  }

  /**
   * {@code log(e^a + e^b)} as {@code max + log1p(e^-|a - b|)}: finite for any finite arguments,
   * {@code -Infinity} when both are, {@code +Infinity} when either is.
   */
  public static double logAddExp(double a, double b) {
    double m = StrictMath.max(a, b);
    if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
    return m + StrictMath.log1p(StrictMath.exp(-StrictMath.abs(a - b)));
  }

  /**
   * {@code log(sum_i e^x[i])} over {@code x[from, to)} (the reductions' log-sum-exp): the maximum
   * is subtracted before exponentiating, so nothing overflows; the sum runs in ascending index.
   * {@code -Infinity} for an empty range or when every element is; NaN when any element is.
   */
  public static double logSumExp(double[] x, int from, int to) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      if (Double.isNaN(x[i])) return Double.NaN;
      m = StrictMath.max(m, x[i]);
    }
    if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
    double s = 0;
    for (int i = from; i < to; i++) s += StrictMath.exp(x[i] - m);
    return m + StrictMath.log(s);
  }
}
