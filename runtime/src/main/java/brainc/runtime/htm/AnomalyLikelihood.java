package brainc.runtime.htm;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;

/**
 * NuPIC's anomaly likelihood: how unusual the recent raw anomaly scores are, given a normal
 * distribution estimated from a rolling window of past ones.
 *
 * <ul>
 *   <li>For the first {@code learningPeriod + estimationSamples} records the likelihood is 0.5.
 *   <li>Then, at the first record and every {@code reestimationPeriod} records, the distribution
 *       is re-estimated: the moving averages (window {@code averagingWindow}) of the last
 *       {@code history} raw scores, skipping those still inside the learning period, give a
 *       mean (at least 0.03) and variance (at least 0.0003); when the metric itself hardly
 *       varies over the window (variance below 1.5e-5) the estimate is the null distribution
 *       (mean 0.5, deviation 1000).
 *   <li>Each record's moving average {@code a} gives the tail probability
 *       {@code q = 0.5 * erfc(|a - mean| / (stdev * 1.4142))} (the upper tail, mirrored below
 *       the mean); a very small {@code q} right after another one is raised to 0.001 (the
 *       "red to yellow" filter); the likelihood is {@code 1 - q}.
 * </ul>
 *
 * {@link #logLikelihood} maps it to NAB's score, {@code log(1.0000000001 - L) / log(1e-10)}.
 * Raw scores live in a ring buffer of doubles; the estimate costs one pass over it.
 */
public final class AnomalyLikelihood {
  /** The kind of its {@link Snapshot}. */
  public static final String KIND = "htm-anomaly-likelihood";

  private static final double RED = 1.0 - 0.99999;
  private static final double YELLOW = 1.0 - 0.999;

  private final LikelihoodParams p;
  private final double[] ring;
  private final double[] values;
  private int ringStart;
  private int ringSize;
  private long iteration;
  private boolean estimated;
  private double mean;
  private double stdev;
  // Moving average state (the last `averagingWindow` raw scores).
  private final double[] window;
  private int windowStart;
  private int windowSize;
  private double windowTotal;
  // The last `averagingWindow` unfiltered tail probabilities.
  private final double[] recent;
  private int recentCount;

  public AnomalyLikelihood(LikelihoodParams params) {
    this.p = params;
    this.ring = new double[params.history()];
    this.values = new double[params.history()];
    this.window = new double[params.averagingWindow()];
    this.recent = new double[params.averagingWindow()];
  }

  public LikelihoodParams params() {
    return p;
  }

  /**
   * The likelihood of this record's raw score, in [0, 1]; 0.5 while learning. {@code value} is
   * the record's metric: when the metric has (almost) no variance over the window, the estimate
   * is NuPIC's null distribution and every likelihood stays near 0.5.
   */
  public double update(double raw, double value) {
    double likelihood;
    if (iteration < (long) p.learningPeriod() + p.estimationSamples()) {
      likelihood = 0.5;
    } else {
      if (!estimated || iteration % p.reestimationPeriod() == 0) estimate();
      double avg = pushAverage(raw);
      double q = tail(avg);
      double previous = recentCount > 0 ? recent[recentCount - 1] : Double.NaN;
      double filtered = q <= RED && recentCount > 0 && !(previous > RED) ? YELLOW : q;
      pushRecent(q);
      likelihood = 1.0 - filtered;
    }
    pushHistory(raw, value);
    iteration++;
    return likelihood;
  }

  /** The history windows, the moving average, the recent tail probabilities and the estimate. */
  public Snapshot snapshot() {
    return Snapshot.builder(KIND)
        .counter("iteration", iteration)
        .counter("ring_start", ringStart)
        .counter("ring_size", ringSize)
        .counter("estimated", estimated ? 1 : 0)
        .counter("window_start", windowStart)
        .counter("window_size", windowSize)
        .counter("recent_count", recentCount)
        .array("estimate", new double[] {mean, stdev, windowTotal})
        .array("ring", ring)
        .array("values", values)
        .array("window", window)
        .array("recent", recent)
        .build();
  }

  /** Puts back a {@link #snapshot} of a likelihood with the same parameters; reads all of it before changing anything. */
  public void restore(Snapshot s) throws SnapshotException {
    restoring(s).run();
  }

  /** Reads and checks all of {@code s}; the action returned puts it in place, and cannot fail. */
  Runnable restoring(Snapshot s) throws SnapshotException {
    s.expect(KIND);
    long it = StateArrays.counter(s, "iteration", 0, Long.MAX_VALUE);
    int rs = (int) StateArrays.counter(s, "ring_start", 0, Math.max(0, ring.length - 1));
    int rn = (int) StateArrays.counter(s, "ring_size", 0, ring.length);
    boolean est = StateArrays.counter(s, "estimated", 0, 1) == 1;
    int ws = (int) StateArrays.counter(s, "window_start", 0, Math.max(0, window.length - 1));
    int wn = (int) StateArrays.counter(s, "window_size", 0, window.length);
    int rc = (int) StateArrays.counter(s, "recent_count", 0, recent.length);
    double[] e = StateArrays.doubles(s, "estimate", 3);
    double[] r = StateArrays.doubles(s, "ring", ring.length);
    double[] v = StateArrays.doubles(s, "values", values.length);
    double[] w = StateArrays.doubles(s, "window", window.length);
    double[] q = StateArrays.doubles(s, "recent", recent.length);
    return () -> {
      iteration = it;
      ringStart = rs;
      ringSize = rn;
      estimated = est;
      windowStart = ws;
      windowSize = wn;
      recentCount = rc;
      mean = e[0];
      stdev = e[1];
      windowTotal = e[2];
      System.arraycopy(r, 0, ring, 0, r.length);
      System.arraycopy(v, 0, values, 0, v.length);
      System.arraycopy(w, 0, window, 0, w.length);
      System.arraycopy(q, 0, recent, 0, q.length);
    };
  }

  /** NAB's log-scaled score of a likelihood. */
  public static double logLikelihood(double likelihood) {
    return Math.log(1.0000000001 - likelihood) / -23.02585084720009;
  }

  private void pushHistory(double raw, double value) {
    if (ringSize < ring.length) {
      values[(ringStart + ringSize) % ring.length] = value;
      ring[(ringStart + ringSize++) % ring.length] = raw;
    } else {
      values[ringStart] = value;
      ring[ringStart] = raw;
      ringStart = (ringStart + 1) % ring.length;
    }
  }

  private double pushAverage(double raw) {
    if (windowSize == window.length) {
      windowTotal -= window[windowStart];
      window[windowStart] = raw;
      windowStart = (windowStart + 1) % window.length;
    } else {
      window[(windowStart + windowSize++) % window.length] = raw;
    }
    windowTotal += raw;
    return windowTotal / windowSize;
  }

  private void pushRecent(double q) {
    if (recentCount == recent.length) {
      System.arraycopy(recent, 1, recent, 0, recentCount - 1);
      recentCount--;
    }
    recent[recentCount++] = q;
  }

  /** NuPIC's estimateAnomalyLikelihoods over the history, then the moving average restarted from it. */
  private void estimate() {
    long shiftedOut = Math.max(0, iteration - ring.length);
    int skip = (int) Math.min(iteration, Math.max(0, p.learningPeriod() - shiftedOut));
    int w = window.length;
    windowStart = 0;
    windowSize = 0;
    windowTotal = 0;
    double sum = 0;
    double sumSq = 0;
    int count = 0;
    double[] avgs = new double[ringSize];
    for (int i = 0; i < ringSize; i++) {
      double avg = pushAverage(ring[(ringStart + i) % ring.length]);
      avgs[i] = avg;
      if (i >= skip) {
        sum += avg;
        count++;
      }
    }
    if (count == 0) {
      mean = 0.5;
      stdev = 1e3;
    } else {
      mean = sum / count;
      for (int i = skip; i < ringSize; i++) sumSq += (avgs[i] - mean) * (avgs[i] - mean);
      double variance = sumSq / count;
      if (mean < 0.03) mean = 0.03;
      if (variance < 0.0003) variance = 0.0003;
      stdev = Math.sqrt(variance);
      if (metricVariance(skip) < 1.5e-5) {
        mean = 0.5;
        stdev = 1e3;
      }
    }
    // The last tail probabilities under the new estimate seed the red/yellow filter.
    recentCount = 0;
    for (int i = Math.max(0, ringSize - w); i < ringSize; i++) pushRecent(tail(avgs[i]));
    estimated = true;
  }

  private double metricVariance(int skip) {
    double sum = 0;
    int n = ringSize - skip;
    for (int i = skip; i < ringSize; i++) sum += values[(ringStart + i) % ring.length];
    double m = sum / n;
    double sq = 0;
    for (int i = skip; i < ringSize; i++) {
      double d = values[(ringStart + i) % ring.length] - m;
      sq += d * d;
    }
    return Double.isNaN(m) ? 1.0 : sq / n;
  }

  private double tail(double x) {
    if (x < mean) x = 2 * mean - x;
    double z = (x - mean) / stdev;
    return 0.5 * erfc(z / 1.4142);
  }

  /**
   * The complementary error function, by the Chebyshev fit of Numerical Recipes ({@code erfcc}),
   * with a fractional error below 1.2e-7 everywhere.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }
}
