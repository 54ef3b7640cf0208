package brainc.codegen.tensor;

import brainc.ir.tensor.TOp.Reduce;

/**
 * The arithmetic of reductions, normalisations and their declared adjoints along one line of
 * {@code n} elements ({@code x[xo + i * xs]}): in double, summing in ascending {@code i},
 * rounded once to float at the store, with {@link StrictMath}, so that every executor that
 * walks the same lines gets the same bits.
 */
final class ReduceKernels {
  private ReduceKernels() {}

  private static final double KEEP = 1 - Reduce.EPS;

  /** The index of the first maximum ({@code >} from the first element on). */
  static int argmax(float[] x, int xo, int xs, int n) {
    float m = x[xo];
    int at = 0;
    for (int i = 1; i < n; i++) {
      float v = x[xo + i * xs];
      if (v > m) {
        m = v;
        at = i;
      }
    }
    return at;
  }

  /** {@code sum exp(x_i / t - m / t)} for the line's maximum {@code m}. */
  private static double expSum(float[] x, int xo, int xs, int n, double m, double t) {
    double s = 0;
    for (int i = 0; i < n; i++) s += StrictMath.exp(x[xo + i * xs] / t - m / t);
    return s;
  }

  /**
   * {@code op} along the line into {@code y} (one element at {@code yo} for a reduction, {@code n}
   * at stride {@code ys} for a normalisation). With {@code relaxed}, top-k emits its smooth
   * stand-in, {@code softmax(x / temperature)}, whose gradient is the one it declares.
   */
  static void forward(Reduce op, boolean relaxed, float[] x, int xo, int xs, int n, float[] y, int yo, int ys) {
    switch (op.kind()) {
      case SUM, MEAN -> {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i * xs];
        y[yo] = (float) (op.kind() == Reduce.Kind.SUM ? s : s / n);
      }
      case MAX -> y[yo] = x[xo + argmax(x, xo, xs, n) * xs];
      case PMEAN -> {
        double s = 0;
        for (int i = 0; i < n; i++) s += StrictMath.pow(KEEP * x[xo + i * xs] + Reduce.EPS, op.p());
        y[yo] = (float) StrictMath.pow(s / n, 1 / op.p());
      }
      case PMEAN_ERROR -> {
        double s = 0;
        for (int i = 0; i < n; i++) s += StrictMath.pow(1 - KEEP * x[xo + i * xs], op.p());
        y[yo] = (float) (1 - StrictMath.pow(s / n, 1 / op.p()));
      }
      case SOFTMAX, LOG_SOFTMAX -> {
        double m = x[xo + argmax(x, xo, xs, n) * xs];
        double s = expSum(x, xo, xs, n, m, 1);
        if (op.kind() == Reduce.Kind.SOFTMAX) {
          for (int i = 0; i < n; i++) y[yo + i * ys] = (float) (StrictMath.exp(x[xo + i * xs] - m) / s);
        } else {
          double log = StrictMath.log(s);
          for (int i = 0; i < n; i++) y[yo + i * ys] = (float) (x[xo + i * xs] - m - log);
        }
      }
      case TOPK -> {
        if (relaxed) {
          double t = op.temperature();
          double m = x[xo + argmax(x, xo, xs, n) * xs];
          double s = expSum(x, xo, xs, n, m, t);
          for (int i = 0; i < n; i++) y[yo + i * ys] = (float) (StrictMath.exp(x[xo + i * xs] / t - m / t) / s);
          return;
        }
        for (int i = 0; i < n; i++) {
          float v = x[xo + i * xs];
          int above = 0;
          for (int j = 0; j < n; j++) {
            float u = x[xo + j * xs];
            if (u > v || u == v && j < i) above++;
          }
          y[yo + i * ys] = above < op.k() ? 1f : 0f;
        }
      }
      default -> throw new IllegalStateException(op.kind().toString());
    }
  }

  /**
   * The adjoint of {@code op} along the line: {@code dx[dxo + i * dxs]} from the input {@code x}
   * and the adjoint {@code g} of the output (one element at {@code go} for a reduction, {@code n}
   * at stride {@code gs} for a normalisation).
   */
  static void backward(Reduce op, float[] x, int xo, int xs, int n, float[] g, int go, int gs, float[] dx, int dxo,
      int dxs) {
    switch (op.kind()) {
      case SUM -> {
        for (int i = 0; i < n; i++) dx[dxo + i * dxs] = g[go];
      }
      case MEAN -> {
        float d = (float) ((double) g[go] / n);
        for (int i = 0; i < n; i++) dx[dxo + i * dxs] = d;
      }
      case MAX -> {
        int at = argmax(x, xo, xs, n);
        for (int i = 0; i < n; i++) dx[dxo + i * dxs] = i == at ? g[go] : 0f;
      }
      case PMEAN, PMEAN_ERROR -> {
        // M = (S / n)^(1/p) of q_i = pi(x_i): dM/dq_i = (S / n)^(1/p - 1) q_i^(p - 1) / n, and
        // dq_i/dx_i is 1 - eps (p-mean) or -(1 - eps) under the 1 - M of the p-mean error.
        boolean error = op.kind() == Reduce.Kind.PMEAN_ERROR;
        double p = op.p();
        double s = 0;
        for (int i = 0; i < n; i++) s += StrictMath.pow(q(error, x[xo + i * xs]), p);
        double scale = g[go] * StrictMath.pow(s / n, 1 / p - 1) / n * KEEP;
        for (int i = 0; i < n; i++) dx[dxo + i * dxs] = (float) (scale * StrictMath.pow(q(error, x[xo + i * xs]), p - 1));
      }
      case SOFTMAX, LOG_SOFTMAX, TOPK -> {
        double t = op.kind() == Reduce.Kind.TOPK ? op.temperature() : 1;
        double m = x[xo + argmax(x, xo, xs, n) * xs];
        double s = expSum(x, xo, xs, n, m, t);
        double dot = 0;
        for (int i = 0; i < n; i++) {
          double soft = StrictMath.exp(x[xo + i * xs] / t - m / t) / s;
          dot += op.kind() == Reduce.Kind.LOG_SOFTMAX ? g[go + i * gs] : g[go + i * gs] * soft;
        }
        for (int i = 0; i < n; i++) {
          double soft = StrictMath.exp(x[xo + i * xs] / t - m / t) / s;
          double gi = g[go + i * gs];
          dx[dxo + i * dxs] = (float) (op.kind() == Reduce.Kind.LOG_SOFTMAX ? gi - soft * dot : soft * (gi - dot) / t);
        }
      }
      default -> throw new IllegalStateException(op.kind().toString());
    }
  }

  private static double q(boolean error, float x) {
    return error ? 1 - KEEP * x : KEEP * x + Reduce.EPS;
  }

  /**
   * The lines of a reduction of a tensor of {@code shape} laid out as {@code layout} along inner
   * axis {@code a}: for each line (the other indices, row-major), the position of its first
   * element within a sample, and of its first output element in the row-major output (whose
   * extent along {@code a} is {@code outExtent}).
   */
  static int[][] lines(brainc.ir.tensor.Shape shape, brainc.ir.tensor.Layout layout, int a, int outExtent) {
    java.util.List<brainc.ir.tensor.Shape.Axis> inner = shape.inner();
    int n = inner.get(a).extent();
    int count = shape.perSample() / n;
    int[] xBase = new int[count];
    int[] yBase = new int[count];
    int[] idx = new int[inner.size()];
    int[] yStride = new int[inner.size()];
    int size = 1;
    for (int c = inner.size() - 1; c >= 0; c--) {
      yStride[c] = size;
      size *= c == a ? outExtent : inner.get(c).extent();
    }
    for (int l = 0; l < count; l++) {
      int xp = layout.offset();
      int yp = 0;
      for (int c = 0; c < idx.length; c++) {
        xp += idx[c] * layout.strides()[c];
        yp += idx[c] * yStride[c];
      }
      xBase[l] = xp;
      yBase[l] = yp;
      for (int c = idx.length - 1; c >= 0; c--) {
        if (c == a) continue;
        if (++idx[c] < inner.get(c).extent()) break;
        idx[c] = 0;
      }
    }
    return new int[][] {xBase, yBase, {layout.strides()[a], yStride[a]}};
  }
}
