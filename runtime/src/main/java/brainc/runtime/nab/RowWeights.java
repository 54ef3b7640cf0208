package brainc.runtime.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scored rows of a corpus with a detector's anomaly scores, each row's unweighted value
 * (the scaled sigmoid of its position relative to the windows) and its window, sorted once by
 * decreasing anomaly score; {@link #bestThreshold} and {@link #scoreAt} then weight them per
 * profile. The rules are those of {@link NabScorer}.
 */
final class RowWeights {
  private static final double MAX_TP = NabScorer.scaledSigmoid(-1.0);

  private final NabCorpus corpus;
  /** Per scored row, in corpus order (files by path, rows in order). */
  private final double[] anomaly;
  private final double[] unweighted;
  private final int[] file;
  /** The corpus-wide index of the row's window, or -1 outside windows. */
  private final int[] window;
  /** Scored rows by decreasing anomaly score, equal scores in corpus order (a stable sort). */
  private final int[] order;
  /** The scored windows in order of their first row in {@link #order}: NAB's summation order. */
  private final int[] windowOrder;
  private final int[] windowFile;
  private final int windowCount;

  RowWeights(NabCorpus corpus, NabAnomalyScores scores) {
    this.corpus = corpus;
    int n = 0;
    int windows = 0;
    for (NabDataFile f : corpus.files()) {
      n += f.rows() - Math.min(f.rows(), f.firstScoredRow());
      windows += f.windows().size();
    }
    anomaly = new double[n];
    unweighted = new double[n];
    file = new int[n];
    window = new int[n];
    windowFile = new int[windows];
    windowCount = windows;

    int p = 0;
    int windowBase = 0;
    for (int fi = 0; fi < corpus.files().size(); fi++) {
      NabDataFile f = corpus.files().get(fi);
      double[] fileScores = scores.shared(f.path());
      List<NabWindow> ws = f.windows();
      for (int k = 0; k < ws.size(); k++) windowFile[windowBase + k] = fi;
      int next = 0; // the first window that has not ended before the current row
      NabWindow previous = null;
      for (int i = 0; i < f.rows(); i++) {
        while (next < ws.size() && ws.get(next).last() < i) previous = ws.get(next++);
        boolean inside = next < ws.size() && ws.get(next).contains(i);
        double value;
        if (inside) {
          NabWindow w = ws.get(next);
          value = NabScorer.scaledSigmoid(-(double) (w.last() - i + 1) / w.width());
        } else if (previous == null) {
          value = -1.0;
        } else {
          // A one-row window makes this x/0 = infinity, far from the window: -1.
          value = NabScorer.scaledSigmoid(Math.abs(previous.last() - i) / (previous.width() - 1.0));
        }
        if (i < f.firstScoredRow()) continue;
        anomaly[p] = fileScores[i];
        unweighted[p] = value;
        file[p] = fi;
        window[p] = inside ? windowBase + next : -1;
        p++;
      }
      windowBase += ws.size();
    }

    Integer[] boxed = new Integer[n];
    for (int k = 0; k < n; k++) boxed[k] = k;
    // Arrays.sort on objects is stable, as NAB's sorted(..., reverse=True) is.
    Arrays.sort(boxed, (a, b) -> anomaly[a] == anomaly[b] ? 0 : anomaly[a] > anomaly[b] ? -1 : 1);
    order = new int[n];
    for (int k = 0; k < n; k++) order[k] = boxed[k];

    boolean[] seen = new boolean[windows];
    int[] firstSeen = new int[windows];
    int scored = 0;
    for (int k : order) {
      int w = window[k];
      if (w >= 0 && !seen[w]) {
        seen[w] = true;
        firstSeen[scored++] = w;
      }
    }
    windowOrder = Arrays.copyOf(firstSeen, scored);
  }

  /** What a detection at scored row {@code p} earns under {@code profile}. */
  private double value(int p, CostProfile profile) {
    return window[p] >= 0 ? unweighted[p] * profile.tpWeight() / MAX_TP : unweighted[p] * profile.fpWeight();
  }

  /**
   * The threshold with the largest corpus score: each distinct anomaly score, from the
   * highest, and {@link NabScorer#NO_DETECTION_THRESHOLD} before them; ties keep the higher.
   */
  double bestThreshold(CostProfile profile) {
    double[] parts = new double[windowCount];
    for (int w : windowOrder) parts[w] = -profile.fnWeight();
    double fp = 0.0;
    double threshold = NabScorer.NO_DETECTION_THRESHOLD;
    double best = Double.NEGATIVE_INFINITY;
    double bestThreshold = threshold;
    for (int p : order) {
      if (anomaly[p] != threshold) {
        // The score with every row at or above `threshold` detected, before lowering it.
        double s = total(fp, parts, -1);
        if (s > best) {
          best = s;
          bestThreshold = threshold;
        }
        threshold = anomaly[p];
      }
      if (window[p] < 0) {
        fp += value(p, profile);
      } else {
        parts[window[p]] = Math.max(parts[window[p]], value(p, profile));
      }
    }
    if (total(fp, parts, -1) > best) bestThreshold = threshold;
    return bestThreshold;
  }

  /** Each file's score and counts when rows with anomaly score {@code >= threshold} are detections. */
  List<NabFileScore> scoreAt(CostProfile profile, double threshold) {
    int files = corpus.files().size();
    double[] fp = new double[files];
    double[] parts = new double[windowCount];
    boolean[] detected = new boolean[windowCount];
    for (int w : windowOrder) parts[w] = -profile.fnWeight();
    int[][] counts = new int[files][4]; // tp, fp, fn, tn
    for (int p : order) {
      boolean hit = anomaly[p] >= threshold;
      int f = file[p];
      int w = window[p];
      if (w < 0) {
        if (hit) {
          fp[f] += value(p, profile);
          counts[f][1]++;
        } else {
          counts[f][3]++;
        }
      } else if (hit) {
        parts[w] = Math.max(parts[w], value(p, profile));
        detected[w] = true;
        counts[f][0]++;
      } else {
        counts[f][2]++;
      }
    }
    List<NabFileScore> result = new ArrayList<>(files);
    for (int f = 0; f < files; f++) {
      int windows = 0;
      int windowsDetected = 0;
      for (int w : windowOrder) {
        if (windowFile[w] != f) continue;
        windows++;
        if (detected[w]) windowsDetected++;
      }
      NabCounts c = new NabCounts(counts[f][0], counts[f][1], counts[f][2], counts[f][3], windows, windowsDetected);
      result.add(new NabFileScore(corpus.files().get(f).path(), total(fp[f], parts, f), c));
    }
    return result;
  }

  /** NAB's sum: the false positives, then the windows (of file {@code f}, or all for -1) in first-seen order. */
  private double total(double fp, double[] parts, int f) {
    double s = 0.0 + fp;
    for (int w : windowOrder) {
      if (f < 0 || windowFile[w] == f) s += parts[w];
    }
    return s;
  }
}
