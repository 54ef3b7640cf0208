package brainc.compiler.api;

import java.util.Locale;

/** A small line plot as SVG: episode reward and its moving mean, for learning curves; non-finite values are left out. */
final class Svg {
  private Svg() {}

  static String curve(double[] y) {
    int w = 640;
    int h = 320;
    int pad = 40;
    double lo = 0;
    double hi = 1;
    for (double v : y) {
      if (!Double.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
        w, h));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\">episode reward (grey) and mean of 20 (blue)</text>%n", pad));
    double y0 = hi - lo == 0 ? 1 : hi - lo;
    s.append(line(y, w, h, pad, lo, y0, "#bbbbbb"));
    double[] mean = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      int from = Math.max(0, i - 19);
      for (int k = from; k <= i; k++) sum += y[k];
      mean[i] = sum / (i - from + 1);
    }
    s.append(line(mean, w, h, pad, lo, y0, "#1f77b4"));
    s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%.0f</text><text x=\"4\" y=\"%d\">%.0f</text>%n",
        pad, hi, h - pad, lo));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">episodes: %d</text>%n", w - 140, h - 10, y.length));
    s.append("</svg>\n");
    return s.toString();
  }

  /** Accuracy per epoch on [0, 1]: training (grey) and test (blue). */
  static String epochs(double[] train, double[] test) {
    int w = 640;
    int h = 320;
    int pad = 40;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
        w, h));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\">accuracy per epoch: training (grey), test (blue)</text>%n", pad));
    s.append(line(train, w, h, pad, 0, 1, "#888888"));
    s.append(line(test, w, h, pad, 0, 1, "#1f77b4"));
    s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">1</text><text x=\"4\" y=\"%d\">0</text>%n", pad, h - pad));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">epochs: %d</text>%n", w - 140, h - 10, test.length));
    s.append("</svg>\n");
    return s.toString();
  }

  private static String line(double[] y, int w, int h, int pad, double lo, double span, String colour) {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < y.length; i++) {
      // A non-finite value has no place on the plot (and "NaN" is no SVG coordinate): leave it out.
      if (!Double.isFinite(y[i])) continue;
      double x = pad + (w - 2.0 * pad) * (y.length == 1 ? 0 : (double) i / (y.length - 1));
      double yy = h - pad - (h - 2.0 * pad) * (y[i] - lo) / span;
      p.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yy));
    }
    return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\" points=\"%s\"/>%n",
        colour, p.toString().trim());
  }
}
