package brainc.compiler.passes;

/**
 * The matrix exponential by scaling and squaring with a Taylor series, in double precision. For
 * the small systems of neuron models (a handful of states) this is exact to rounding, and it
 * needs no special case when time constants coincide (tau_m == tau_syn), where closed forms
 * divide by zero.
 */
public final class MatrixExp {
  private MatrixExp() {}

  /**
   * The exponential of {@code a}. An input with an infinite or NaN entry gives a matrix of NaN at
   * once (its exponential is not defined); so does an overflow on the way. The number of squarings
   * is at most about 1,030 (the exponent range of a double), so no input makes this loop long.
   */
  public static double[][] expm(double[][] a) {
    int n = a.length;
    double norm = 0;
    for (double[] row : a) {
      double s = 0;
      for (double x : row) s += Math.abs(x);
      if (!Double.isFinite(s)) return nan(n);
      norm = Math.max(norm, s);
    }
    int squarings = norm > 0.5 ? (int) Math.min(MAX_SQUARINGS, Math.ceil(Math.log(norm / 0.5) / Math.log(2))) : 0;
    double scale = Math.scalb(1.0, -squarings);
    double[][] x = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) x[i][j] = a[i][j] * scale;
    // Taylor series: with ||x|| <= 0.5, 20 terms reach double precision.
    double[][] result = identity(n);
    double[][] term = identity(n);
    for (int k = 1; k <= 20; k++) {
      term = multiply(term, x);
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) term[i][j] /= k;
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) result[i][j] += term[i][j];
    }
    for (int s = 0; s < squarings; s++) {
      result = multiply(result, result);
      if (!finite(result)) return nan(n);
    }
    return result;
  }

  /** More squarings than any finite norm needs (a double's norm is below 2^1025 times n). */
  private static final int MAX_SQUARINGS = 1100;

  /** Whether every entry is finite. */
  public static boolean finite(double[][] m) {
    for (double[] row : m) for (double x : row) if (!Double.isFinite(x)) return false;
    return true;
  }

  private static double[][] nan(int n) {
    double[][] m = new double[n][n];
    for (double[] row : m) java.util.Arrays.fill(row, Double.NaN);
    return m;
  }

  static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) m[i][i] = 1;
    return m;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        double x = a[i][k];
        if (x == 0) continue;
        for (int j = 0; j < m; j++) c[i][j] += x * b[k][j];
      }
    }
    return c;
  }
}
