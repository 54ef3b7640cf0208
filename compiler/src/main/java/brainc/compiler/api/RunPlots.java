package brainc.compiler.api;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.runtime.io.NpyArray;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pictures of a run ({@code brainc run --plot}), one SVG per monitor, named as its {@code .npy}:
 * a spike raster over the population's rate, a rate trace, state traces of the first neurons,
 * and for a monitor of synapses the distribution of the variable at its first and last sample.
 * The output is a pure function of the monitors (fixed sizes, {@link Locale#ROOT} numbers, no
 * dates), so it can be compared byte for byte. Large recordings are thinned in stated ways, each
 * said on the figure: a raster shows at most {@value #MAX_ROWS} neurons (every k-th) and draws
 * each spike as a pixel of a fixed grid, once per pixel; traces show at most {@value #TRACES}
 * neurons and {@value #MAX_POINTS} points (the mean of each bin of samples).
 */
public final class RunPlots {
  static final int MAX_ROWS = 400;
  static final int TRACES = 8;
  static final int MAX_POINTS = 600;
  private static final int W = 720;
  private static final int PAD = 48;
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f"};

  private RunPlots() {}

  /** The SVG text of each monitor of {@code program} found in {@code monitors}, by file name without {@code .svg}. */
  public static Map<String, String> of(KernelProgram program, Map<String, NpyArray> monitors) {
    Map<String, String> out = new LinkedHashMap<>();
    double dt = program.dt();
    long steps = program.steps();
    for (Probe p : program.probes()) {
      NpyArray a = monitors.get(p.name());
      if (a == null) continue;
      if (p instanceof Probe.Spikes s) {
        out.put(p.name(), raster(p.name(), a.longs(), s.count(), steps, dt));
      } else if (p instanceof Probe.Rate) {
        out.put(p.name(), rate(p.name(), a.doubles(), dt));
      } else if (p instanceof Probe.State) {
        out.put(p.name(), traces(p.name(), values(a), a.shape(), steps(monitors, p.name()), dt));
      } else if (p instanceof Probe.Synapses) {
        out.put(p.name(), distribution(p.name(), values(a), a.shape(), steps(monitors, p.name()), dt));
      }
    }
    return out;
  }

  private static long[] steps(Map<String, NpyArray> monitors, String name) {
    NpyArray s = monitors.get(name + "_steps");
    return s == null ? new long[0] : s.longs();
  }

  /** The elements as doubles, whatever the monitor's type. */
  private static double[] values(NpyArray a) {
    switch (a.dtype()) {
      case FLOAT32: {
        float[] f = a.floats();
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) d[k] = f[k];
        return d;
      }
      case FLOAT64: return a.doubles();
      case INT32: return java.util.Arrays.stream(a.ints()).asDoubleStream().toArray();
      default: return java.util.Arrays.stream(a.longs()).asDoubleStream().toArray();
    }
  }

  /** A raster (top) over the population rate in bins (bottom). */
  static String raster(String name, long[] pairs, int neurons, long steps, double dt) {
    int h = 420;
    int top = 36;
    int rasterH = 250;
    int rateTop = top + rasterH + 30;
    int rateH = h - rateTop - 30;
    int plotW = W - 2 * PAD;
    int stride = Math.max(1, (neurons + MAX_ROWS - 1) / MAX_ROWS);
    int shown = (neurons + stride - 1) / stride;
    int rows = Math.max(1, Math.min(rasterH, shown));
    long total = Math.max(1, steps);
    int spikes = pairs.length / 2;
    BitSet drawn = new BitSet(plotW * rows);
    int bins = (int) Math.min(plotW / 4, total);
    long[] perBin = new long[Math.max(1, bins)];
    StringBuilder dots = new StringBuilder();
    // A row's height, at most 6 px: a few neurons get short ticks, not bars.
    double mark = Math.min(6.0, Math.max(1.0, (double) rasterH / rows));
    for (int k = 0; k < spikes; k++) {
      long step = pairs[2 * k];
      long index = pairs[2 * k + 1];
      if (step < 0 || step >= total || index < 0 || index >= neurons) continue;
      perBin[(int) (step * perBin.length / total)]++;
      if (index % stride != 0) continue;
      int x = (int) (step * plotW / total);
      int y = (int) ((index / stride) * rows / shown);
      if (drawn.get(y * plotW + x)) continue;
      drawn.set(y * plotW + x);
      dots.append(String.format(Locale.ROOT, "M%d %dh1v%sh-1z", PAD + x, top + (int) ((long) y * rasterH / rows),
          fmt(mark)));
    }
    StringBuilder s = header(name, h, String.format(Locale.ROOT, "%s: %d spikes of %d neurons over %s", name, spikes,
        neurons, time(total * dt)));
    frame(s, top, rasterH);
    if (dots.length() > 0) {
      s.append("<path fill=\"black\" d=\"").append(dots).append("\"/>\n");
    }
    String note = stride == 1 ? "every neuron shown" : String.format(Locale.ROOT, "every %d-th neuron shown (%d of %d)",
        stride, shown, neurons);
    s.append(label(PAD, top + rasterH + 14, note + "; a dot is a pixel, neuron 0 at the top"));
    s.append(label(4, top + 10, "neuron"));
    double binSeconds = total * dt / perBin.length;
    double[] rate = new double[perBin.length];
    for (int b = 0; b < rate.length; b++) rate[b] = neurons == 0 ? 0 : perBin[b] / (neurons * binSeconds);
    plotLine(s, rate, rateTop, rateH, "#1f77b4", "population rate (Hz), bins of " + time(binSeconds));
    s.append(label(PAD, h - 8, "0"));
    s.append(label(W - PAD - 40, h - 8, time(total * dt)));
    return s.append("</svg>\n").toString();
  }

  /** A population rate per step, as the mean of each bin. */
  static String rate(String name, double[] perStep, double dt) {
    int h = 300;
    StringBuilder s = header(name, h, name + ": population rate (Hz) over " + time(perStep.length * dt));
    int bin = Math.max(1, (perStep.length + MAX_POINTS - 1) / MAX_POINTS);
    double[] binned = binMeans(perStep, bin);
    plotLine(s, binned, 36, h - 36 - 36, "#1f77b4", bin == 1 ? "one point per step"
        : "each point the mean of " + bin + " steps (" + time(bin * dt) + ")");
    s.append(label(PAD, h - 8, "0"));
    s.append(label(W - PAD - 40, h - 8, time(perStep.length * dt)));
    return s.append("</svg>\n").toString();
  }

  /** Traces of the first {@value #TRACES} recorded neurons, each sample bin averaged. */
  static String traces(String name, double[] values, int[] shape, long[] steps, double dt) {
    int h = 320;
    int samples = shape[0];
    int count = shape.length > 1 ? shape[1] : 1;
    int shown = Math.min(TRACES, count);
    StringBuilder s = header(name, h, String.format(Locale.ROOT, "%s: %d sample(s) of %d neuron(s), in SI units", name,
        samples, count));
    int bin = Math.max(1, (samples + MAX_POINTS - 1) / MAX_POINTS);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double[][] lines = new double[shown][];
    for (int n = 0; n < shown; n++) {
      double[] column = new double[samples];
      for (int t = 0; t < samples; t++) column[t] = values[t * count + n];
      lines[n] = binMeans(column, bin);
      for (double v : lines[n]) {
        if (!Double.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    frame(s, 36, h - 72);
    for (int n = 0; n < shown; n++) s.append(polyline(lines[n], 36, h - 72, lo, hi, COLOURS[n % COLOURS.length]));
    axis(s, 36, h - 72, lo, hi);
    String note = (shown == count ? "every neuron" : "neurons 0-" + (shown - 1) + " of " + count)
        + (bin == 1 ? "" : "; each point the mean of " + bin + " samples");
    s.append(label(PAD, h - 22, note));
    s.append(label(PAD, h - 8, steps.length > 0 ? time(steps[0] * dt) : "0"));
    s.append(label(W - PAD - 40, h - 8, steps.length > 0 ? time(steps[steps.length - 1] * dt) : ""));
    return s.append("</svg>\n").toString();
  }

  /**
   * A per-synapse variable: histograms of its first (grey) and last (blue) sample over the
   * same 40 bins, with both means.
   */
  static String distribution(String name, double[] values, int[] shape, long[] steps, double dt) {
    int h = 320;
    int samples = shape[0];
    int count = shape.length > 1 ? shape[1] : 1;
    StringBuilder s = header(name, h, String.format(Locale.ROOT, "%s: %d synapse(s), %d sample(s)", name, count, samples));
    if (samples == 0 || count == 0) return s.append(label(PAD, 60, "nothing recorded")).append("</svg>\n").toString();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      for (int row : new int[] {0, samples - 1}) {
        double v = values[row * count + k];
        if (!Double.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    int bins = 40;
    double[] first = histogram(values, 0, count, lo, hi, bins);
    double[] last = histogram(values, samples - 1, count, lo, hi, bins);
    double max = 1;
    for (int b = 0; b < bins; b++) max = Math.max(max, Math.max(first[b], last[b]));
    int top = 36;
    int plotH = h - 36 - 48;
    frame(s, top, plotH);
    double bw = (W - 2.0 * PAD) / bins;
    for (int b = 0; b < bins; b++) {
      bar(s, PAD + b * bw, bw, first[b] / max * plotH, top + plotH, "#bbbbbb");
      bar(s, PAD + b * bw + bw / 4, bw / 2, last[b] / max * plotH, top + plotH, "#1f77b4");
    }
    s.append(label(4, top + 10, fmt(max)));
    s.append(label(PAD, h - 26, String.format(Locale.ROOT, "first sample (grey, %s): mean %s; last (blue, %s): mean %s",
        steps.length > 0 ? time(steps[0] * dt) : "?", fmt(mean(values, 0, count)),
        steps.length > 0 ? time(steps[steps.length - 1] * dt) : "?", fmt(mean(values, samples - 1, count)))));
    s.append(label(PAD, h - 8, fmt(lo)));
    s.append(label(W - PAD - 60, h - 8, fmt(hi)));
    return s.append("</svg>\n").toString();
  }

  private static double[] histogram(double[] values, int row, int count, double lo, double hi, int bins) {
    double[] out = new double[bins];
    for (int k = 0; k < count; k++) {
      double v = values[row * count + k];
      if (!Double.isFinite(v)) continue;
      int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
      out[Math.max(0, Math.min(bins - 1, b))]++;
    }
    return out;
  }

  private static double mean(double[] values, int row, int count) {
    double sum = 0;
    for (int k = 0; k < count; k++) sum += values[row * count + k];
    return sum / count;
  }

  private static double[] binMeans(double[] v, int bin) {
    double[] out = new double[(v.length + bin - 1) / bin];
    for (int b = 0; b < out.length; b++) {
      double sum = 0;
      int n = 0;
      for (int k = b * bin; k < Math.min(v.length, (b + 1) * bin); k++) {
        sum += v[k];
        n++;
      }
      out[b] = sum / n;
    }
    return out;
  }

  private static StringBuilder header(String name, int h, String title) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"11\">%n", W, h));
    s.append(String.format(Locale.ROOT, "<title>%s</title>%n", escape(name)));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, h));
    s.append(label(PAD, 18, title));
    return s;
  }

  private static void frame(StringBuilder s, int top, int height) {
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
        + " stroke=\"#cccccc\"/>%n", PAD, top, W - 2 * PAD, height));
  }

  private static void axis(StringBuilder s, int top, int height, double lo, double hi) {
    if (!(lo <= hi)) return;
    s.append(label(4, top + 10, fmt(hi)));
    s.append(label(4, top + height, fmt(lo)));
  }

  private static void plotLine(StringBuilder s, double[] y, int top, int height, String colour, String caption) {
    double lo = 0;
    double hi = 0;
    for (double v : y) if (Double.isFinite(v)) hi = Math.max(hi, v);
    if (hi == lo) hi = 1;
    frame(s, top, height);
    s.append(polyline(y, top, height, lo, hi, colour));
    axis(s, top, height, lo, hi);
    s.append(label(PAD + 4, top + 12, caption));
  }

  private static String polyline(double[] y, int top, int height, double lo, double hi, String colour) {
    double span = hi > lo ? hi - lo : 1;
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) continue;
      double x = PAD + (W - 2.0 * PAD) * (y.length == 1 ? 0 : (double) i / (y.length - 1));
      double yy = top + height - height * (y[i] - lo) / span;
      p.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yy));
    }
    return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1\" points=\"%s\"/>%n",
        colour, p.toString().trim());
  }

  private static void bar(StringBuilder s, double x, double w, double height, int bottom, String colour) {
    if (height <= 0) return;
    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
        x, bottom - height, w, height, colour));
  }

  private static String label(int x, int y, String text) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, escape(text));
  }

  private static String escape(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A time, in ms below 1 s. */
  static String time(double seconds) {
    return seconds < 1 ? fmt(seconds * 1e3) + " ms" : fmt(seconds) + " s";
  }

  /** Four significant digits, without exponent clutter for ordinary values. */
  static String fmt(double v) {
    if (v == 0) return "0";
    if (!Double.isFinite(v)) return String.valueOf(v);
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    return s.length() > 12 ? String.format(Locale.ROOT, "%.3g", v) : s;
  }
}
