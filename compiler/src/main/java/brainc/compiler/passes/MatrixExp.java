package brainc.compiler.passes;

/**
 * The matrix exponential by scaling and squaring with a Taylor series, in double precision. For
 * the small systems of neuron models (a handful of states) this is exact to rounding, and it
 * needs no special case when time constants coincide (tau_m == tau_syn), where closed forms
 * divide by zero.
 */
public final class MatrixExp {
  private MatrixExp() {}

  public static double[][] expm(double[][] a) {
    int n = a.length;
    double norm = 0;
    for (double[] row : a) {
      double s = 0;
      for (double x : row) s += Math.abs(x);
      norm = Math.max(norm, s);
    }
    int squarings = norm > 0.5 ? (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2)) : 0;
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
    for (int s = 0; s < squarings; s++) result = multiply(result, result);
    return result;
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
