package brainc.runtime.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring rules on corpora small enough to score by hand. The expected numbers were worked
 * out from NAB's definitions with a calculator, not taken from this scorer: with {@code S(x) =
 * 2 / (1 + e^(5x)) - 1}, S(-1) = 0.98661430, S(-0.75) = 0.95404526, S(-0.5) = 0.84828364,
 * S(1/3) = -0.68226179, S(2/3) = -0.93110961, S(-5/6) / S(-1) = 0.98261873.
 *
 * <p>The usual file has 20 rows (rows 0..2 probationary, since floor(0.15 * 20) = 3) and one
 * window on rows 10..13 (4 rows).
 */
class NabScorerTest {
  private static final double EPS = 1e-9;
  private static final int[] WINDOW = {10, 13};

  @TempDir Path dir;

  private static NabAnomalyScores scores(NabCorpus corpus, Map<String, Map<Integer, Double>> hits) {
    return NabAnomalyScores.of(corpus, (f, i) -> hits.getOrDefault(f.path(), Map.of()).getOrDefault(i, 0.0));
  }

  private NabCorpus oneWindow() throws Exception {
    return new NabFixture(dir).file("cat/a.csv", 20, WINDOW).load();
  }

  @Test
  void scaledSigmoidIsNabs() {
    assertEquals(0.98661430, NabScorer.scaledSigmoid(-1.0), 1e-8);
    assertEquals(0.84828364, NabScorer.scaledSigmoid(-0.5), 1e-8);
    assertEquals(0.0, NabScorer.scaledSigmoid(0.0), 0.0);
    assertEquals(-0.98661430, NabScorer.scaledSigmoid(1.0), 1e-8);
    assertEquals(-0.99999939, NabScorer.scaledSigmoid(3.0), 1e-8);
    assertEquals(-1.0, NabScorer.scaledSigmoid(3.0001), 0.0, "past 3 a false positive costs the full weight");
  }

  @Test
  void probationaryPeriodIsFifteenPercentFlooredAndCappedAt750Rows() {
    assertEquals(3, new NabDataFile("c/f.csv", 20, java.util.List.of()).firstScoredRow());
    assertEquals(1, new NabDataFile("c/f.csv", 7, java.util.List.of()).firstScoredRow(), "floor(1.05)");
    assertEquals(604, new NabDataFile("c/f.csv", 4032, java.util.List.of()).firstScoredRow(), "floor(604.8)");
    assertEquals(750, new NabDataFile("c/f.csv", 5001, java.util.List.of()).firstScoredRow());
    assertEquals(750, new NabDataFile("c/f.csv", 22695, java.util.List.of()).firstScoredRow());
    assertEquals(0, new NabDataFile("c/f.csv", 6, java.util.List.of()).firstScoredRow(), "floor(0.9)");
  }

  @Test
  void onlyTheEarliestDetectionInAWindowCounts() throws Exception {
    NabCorpus corpus = oneWindow();
    // Rows 11 and 12 detected: row 11 is at -(13 - 11 + 1) / 4 = -0.75, worth S(-0.75) / S(-1).
    NabReport report = NabScorer.score(corpus, "d", scores(corpus, Map.of("cat/a.csv", Map.of(11, 0.9, 12, 0.9))));
    NabProfileScore standard = report.profile("standard");
    assertEquals(0.9, standard.threshold(), 0.0);
    assertEquals(0.96698909, standard.rawScore(), 1e-8);
    assertEquals(new NabCounts(2, 0, 2, 13, 1, 1), standard.totals(), "TP and FN count rows; 17 rows are scored");
    // The null detector (0.5 everywhere) detects everything: the window at its first row (1.0),
    // 7 rows before it at -0.11 each, and rows 14..19 after it at 0.11 * S(|13 - i| / 3).
    assertEquals(-0.38565595, standard.nullScore(), 1e-8);
    assertEquals(1.0, standard.perfectScore(), 0.0);
    assertEquals(97.61766893, standard.score(), 1e-7);
  }

  @Test
  void aFalsePositiveCostsLessNearTheEndOfTheWindowBefore() throws Exception {
    NabCorpus corpus = oneWindow();
    double near = NabScorer.score(corpus, "d", scores(corpus, Map.of("cat/a.csv", Map.of(10, 1.0, 14, 1.0))))
        .profile("standard").rawScore();
    double far = NabScorer.score(corpus, "d", scores(corpus, Map.of("cat/a.csv", Map.of(10, 1.0, 15, 1.0))))
        .profile("standard").rawScore();
    double before = NabScorer.score(corpus, "d", scores(corpus, Map.of("cat/a.csv", Map.of(10, 1.0, 5, 1.0))))
        .profile("standard").rawScore();
    assertEquals(1 + 0.11 * -0.68226179, near, 1e-8, "one row after a 4-row window: S(1/3)");
    assertEquals(1 + 0.11 * -0.93110961, far, 1e-8, "two rows after: S(2/3)");
    assertEquals(1 - 0.11, before, EPS, "before any window: the full fpWeight");
  }

  @Test
  void rowsInTheProbationaryPeriodAreNotScored() throws Exception {
    NabCorpus corpus = new NabFixture(dir).file("cat/a.csv", 20, WINDOW).file("cat/b.csv", 20, new int[] {0, 1}).load();
    NabReport report = NabScorer.score(corpus, "d",
        scores(corpus, Map.of("cat/a.csv", Map.of(2, 1.0, 10, 1.0), "cat/b.csv", Map.of(0, 1.0))));
    NabProfileScore standard = report.profile("standard");
    assertEquals(1.0, standard.rawScore(), EPS, "row 2 of a is no false positive; the window of b is not scored");
    assertEquals(new NabCounts(1, 0, 3, 30, 1, 1), standard.totals());
    assertEquals(2.0, standard.perfectScore(), 0.0, "the perfect score counts every labelled window");
    assertEquals(0, standard.files().get(1).counts().windows());
  }

  @Test
  void theThresholdIsOptimisedOverTheWholeCorpusNotPerFile() throws Exception {
    NabCorpus corpus = new NabFixture(dir).file("cat/a.csv", 20, WINDOW).file("cat/b.csv", 20, WINDOW).load();
    // Alone, a is best at 0.9 (1.0 rather than 1.0 - 0.11); the corpus is best at 0.7, where
    // b's late detection (row 12: S(-0.5) / S(-1) = 0.85978257) outweighs the two false positives.
    NabAnomalyScores s = scores(corpus, Map.of(
        "cat/a.csv", Map.of(10, 0.9, 5, 0.7),
        "cat/b.csv", Map.of(12, 0.7, 4, 0.8)));
    NabProfileScore standard = NabScorer.score(corpus, "d", s).profile("standard");
    assertEquals(0.7, standard.threshold(), 0.0);
    assertEquals(1 - 0.11, standard.files().get(0).score(), EPS);
    assertEquals(0.85979257 - 0.11, standard.files().get(1).score(), 1e-8);
    assertEquals(1.63979257, standard.rawScore(), 1e-8);
    // The low-FP profile doubles the cost of the two false positives; 0.7 still beats 0.9
    // (1 + 0.85979 - 0.44 = 1.41979 against 1 - 1 = 0).
    NabProfileScore lowFp = NabScorer.score(corpus, "d", s).profile("reward_low_FP_rate");
    assertEquals(0.7, lowFp.threshold(), 0.0);
    assertEquals(1.41979257, lowFp.rawScore(), 1e-8);
  }

  @Test
  void aMissedWindowCostsTheFalseNegativeWeight() throws Exception {
    NabCorpus corpus = new NabFixture(dir).file("cat/a.csv", 20, WINDOW).file("cat/b.csv", 20, WINDOW).load();
    NabAnomalyScores s = scores(corpus, Map.of("cat/a.csv", Map.of(10, 1.0)));
    NabReport report = NabScorer.score(corpus, "d", s);
    assertEquals(1.0, report.profile("standard").threshold(), 0.0);
    assertEquals(1 - 1.0, report.profile("standard").rawScore(), EPS);
    assertEquals(new NabCounts(1, 0, 7, 26, 2, 1), report.profile("standard").totals());
    // Missing b costs 2 under the low-FN profile, so detecting every row is better there:
    // per file 1 - 7 * 0.11 + 0.11 * sum S(|13 - i| / 3) over rows 14..19 = -0.38565595.
    assertEquals(0.0, report.profile("reward_low_FN_rate").threshold(), 0.0);
    assertEquals(2 * -0.38565595, report.profile("reward_low_FN_rate").rawScore(), 1e-8);
    assertEquals(new NabCounts(8, 26, 0, 0, 2, 2), report.profile("reward_low_FN_rate").totals());
  }

  @Test
  void theNullDetectorIsAtItsOwnBestThreshold() throws Exception {
    NabCorpus corpus = oneWindow();
    NabReport report = NabScorer.score(corpus, "null", NabAnomalyScores.constant(corpus, 0.5));
    // Under the low-FP profile detecting everything costs 1 - 7 * 0.22 + 0.22 * sum S = -1.7713;
    // missing the window costs only -1.
    assertEquals(-1.0, report.profile("reward_low_FP_rate").nullScore(), EPS);
    assertEquals(NabScorer.NO_DETECTION_THRESHOLD, report.profile("reward_low_FP_rate").threshold(), 0.0);
    assertEquals(-0.38565595, report.profile("standard").nullScore(), 1e-8);
    for (NabProfileScore p : report.profiles()) assertEquals(0.0, p.score(), EPS, p.profile().name());
  }

  @Test
  void everyConstantDetectorIsTheNullDetectorAndTheEarliestDetectorIsPerfect() throws Exception {
    NabCorpus corpus = new NabFixture(dir).file("cat/a.csv", 40, new int[] {10, 13}, new int[] {25, 30})
        .file("cat/b.csv", 30, new int[] {20, 22}).file("dog/c.csv", 25).load();
    for (NabProfileScore p : NabScorer.score(corpus, "c", NabAnomalyScores.constant(corpus, 0.25)).profiles()) {
      assertEquals(0.0, p.score(), EPS, p.profile().name());
    }
    NabAnomalyScores perfect = NabAnomalyScores.of(corpus,
        (f, i) -> f.windows().stream().anyMatch(w -> w.first() == i) ? 1.0 : 0.0);
    for (NabProfileScore p : NabScorer.score(corpus, "p", perfect).profiles()) {
      assertEquals(100.0, p.score(), EPS, p.profile().name());
      assertEquals(1.0, p.threshold(), 0.0);
      assertEquals(new NabCounts(3, 0, 10, 69, 3, 3), p.totals());
    }
    // One row late in the 6-row window loses S(-1) - S(-5/6) of its weight.
    NabAnomalyScores late = NabAnomalyScores.of(corpus,
        (f, i) -> f.windows().stream().anyMatch(w -> w.first() == i && w.first() != 25)
            || (f.path().equals("cat/a.csv") && i == 26) ? 1.0 : 0.0);
    assertEquals(2 + 0.98261873, NabScorer.score(corpus, "l", late).profile("standard").rawScore(), 1e-8);
  }

  @Test
  void aFixedThresholdIsUsedAsGiven() throws Exception {
    NabCorpus corpus = oneWindow();
    NabAnomalyScores s = scores(corpus, Map.of("cat/a.csv", Map.of(11, 0.9, 5, 0.4)));
    NabReport report = NabScorer.score(corpus, "d", s, Map.of("standard", 0.3));
    assertEquals(0.3, report.profile("standard").threshold(), 0.0);
    assertEquals(0.96698909 - 0.11, report.profile("standard").rawScore(), 1e-8);
    assertEquals(0.9, report.profile("reward_low_FN_rate").threshold(), 0.0, "other profiles are optimised");
  }
}
