package brainc.codegen.tensor;

/**
 * The arithmetic of products of two activations ({@code matmul}, {@code dot}) over strided
 * storage: each product of two floats is exact in double, the sum runs in double in ascending
 * contraction index, and the result is rounded once to float at the store, so that every
 * executor that follows the definition gets the same bits.
 */
final class ProductKernels {
  private ProductKernels() {}

  /**
   * One matrix product: {@code z[zo + m * nn + n] = sum_k x[xo + m * xm + k * xk] * y[yo + k * yk
   * + n * yn]} for {@code m < mm}, {@code n < nn}, {@code k < kk}.
   */
  static void matmul(float[] x, int xo, int xm, int xk, float[] y, int yo, int yk, int yn, float[] z, int zo, int mm,
      int nn, int kk) {
    for (int m = 0; m < mm; m++) {
      int xi = xo + m * xm;
      for (int n = 0; n < nn; n++) {
        int yi = yo + n * yn;
        double s = 0;
        for (int k = 0; k < kk; k++) s += (double) x[xi + k * xk] * y[yi + k * yk];
        z[zo + m * nn + n] = (float) s;
      }
    }
  }

  /** {@code sum_i x[xo + i * xs] * y[yo + i * ys]} for {@code i < n}, rounded once. */
  static float dot(float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += (double) x[xo + i * xs] * y[yo + i * ys];
    return (float) s;
  }
}
