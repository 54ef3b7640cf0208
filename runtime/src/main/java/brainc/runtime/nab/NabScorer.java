package brainc.runtime.nab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scores a detector on the NAB corpus the way NAB v1.1 does.
 *
 * <p>The rules, in the order they apply:
 *
 * <ol>
 *   <li><b>Probation.</b> The first {@code min(floor(0.15 * rows), 750)} rows of each file are
 *       not scored ({@link NabDataFile#firstScoredRow()}); a window that ends inside them is
 *       not scored either, but still counts towards the perfect score.
 *   <li><b>Row weights.</b> Every row gets the value a detection there would earn, from the
 *       scaled sigmoid {@code S(x) = 2 / (1 + e^(5x)) - 1} ({@code -1} for {@code x > 3}):
 *       <ul>
 *         <li>inside a window of {@code w} rows ending at row {@code r}, row {@code i} is at
 *             {@code x = -(r - i + 1) / w} (so {@code -1} at the window's first row) and earns
 *             {@code S(x) * tpWeight / S(-1)}: exactly {@code tpWeight} at the first row, less
 *             and less towards the end;
 *         <li>outside windows, before any window, it costs {@code -fpWeight};
 *         <li>after a window of {@code w} rows ending at row {@code r}, it costs {@code S(|i - r|
 *             / (w - 1)) * fpWeight}: little just after the window, {@code -fpWeight} far from
 *             it.
 *       </ul>
 *   <li><b>A file's score at a threshold</b> {@code t} (detections are rows with anomaly score
 *       {@code >= t}): each scored window counts the value of its earliest detection (the
 *       largest), or {@code -fnWeight} when it has none; every detection outside windows adds
 *       its (negative) value.
 *   <li><b>Threshold.</b> Per profile, one threshold for the whole corpus: every distinct
 *       anomaly score of a scored row is tried, and {@code 1.1} (no detection); the one with
 *       the largest corpus score wins, the highest threshold among equal scores. The raw score
 *       is the sum of the per-file scores at it.
 *   <li><b>Normalisation.</b> {@code 100 * (raw - null) / (perfect - null)}, where {@code null}
 *       is the raw score of the null detector (0.5 on every row, scored by the same rules, its
 *       own best threshold included) and {@code perfect} is {@code tpWeight} times the number
 *       of labelled windows.
 * </ol>
 *
 * <p>NAB's published table ({@code results/final_results.json}, its README) was computed at the
 * thresholds of {@code config/thresholds.json}, found by an earlier optimiser of NAB's; the
 * sweep finds thresholds at least as good, so for some detectors (numenta under the low-FP
 * profile: 63.21 rather than 63.12) the best-threshold score is higher than the published one,
 * as NAB's current code also computes. Scoring at the published thresholds ({@link
 * #score(NabCorpus, String, NabAnomalyScores, Map)}) reproduces the published table.
 *
 * <p>Sums are taken in NAB's order (rows by decreasing anomaly score, then the windows by
 * first appearance in that order), so the floating-point results match NAB's to the last digit
 * or nearly.
 */
public final class NabScorer {
  /** NAB's first threshold, above every anomaly score in [0, 1]: nothing is detected. */
  public static final double NO_DETECTION_THRESHOLD = 1.1;

  /** The anomaly score of NAB's null detector on every row. */
  public static final double NULL_DETECTOR_SCORE = 0.5;

  private NabScorer() {}

  /** Reads the results of {@code detector} under {@code resultsDir} and scores them. */
  public static NabReport score(NabCorpus corpus, Path resultsDir, String detector) throws NabException {
    return score(corpus, detector, NabAnomalyScores.read(corpus, resultsDir, detector));
  }

  /** Scores {@code scores} under every profile of the corpus, each at its best threshold. */
  public static NabReport score(NabCorpus corpus, String detector, NabAnomalyScores scores) throws NabException {
    return score(corpus, detector, scores, Map.of());
  }

  /**
   * Scores {@code scores} under every profile of the corpus, at the threshold {@code
   * thresholds} gives for the profile's name, or at the best one for a profile it does not
   * name. A fixed threshold reproduces a score published with its threshold (NAB's {@code
   * config/thresholds.json}); the null detector is always at its best threshold.
   */
  public static NabReport score(NabCorpus corpus, String detector, NabAnomalyScores scores, Map<String, Double> thresholds)
      throws NabException {
    for (String name : thresholds.keySet()) {
      if (corpus.profiles().stream().noneMatch(p -> p.name().equals(name))) {
        throw new NabException("no profile \"" + name + "\" to fix the threshold of (profiles: "
            + corpus.profiles().stream().map(CostProfile::name).collect(Collectors.joining(", ")) + ")");
      }
    }
    if (corpus.windowCount() == 0) {
      throw new NabException("the corpus has no labelled windows, so scores cannot be normalised");
    }
    RowWeights run = new RowWeights(corpus, scores);
    RowWeights nullRun = new RowWeights(corpus, NabAnomalyScores.constant(corpus, NULL_DETECTOR_SCORE));
    List<NabProfileScore> profiles = new ArrayList<>();
    for (CostProfile profile : corpus.profiles()) {
      Double fixed = thresholds.get(profile.name());
      double threshold = fixed != null ? fixed : run.bestThreshold(profile);
      List<NabFileScore> files = run.scoreAt(profile, threshold);
      double raw = sum(files);
      double nullRaw = sum(nullRun.scoreAt(profile, nullRun.bestThreshold(profile)));
      double perfect = corpus.windowCount() * profile.tpWeight();
      double normalised = 100 * (raw - nullRaw) / (perfect - nullRaw);
      profiles.add(new NabProfileScore(profile, threshold, normalised, raw, nullRaw, perfect, files));
    }
    return new NabReport(detector, profiles);
  }

  /** NAB's scaled sigmoid of a position relative to a window (see the class comment). */
  static double scaledSigmoid(double position) {
    if (position > 3.0) return -1.0;
    return 2 * sigmoid(-5 * position) - 1.0;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + StrictMath.exp(-x));
  }

  private static double sum(List<NabFileScore> files) {
    double total = 0.0;
    for (NabFileScore f : files) total += f.score();
    return total;
  }
}
