package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The anomaly likelihood: 0.5 while learning, high after a run of surprises, NAB's log scale. */
class AnomalyLikelihoodTest {
  @Test
  void learningThenASurpriseStandsOut() {
    AnomalyLikelihood l = new AnomalyLikelihood(new LikelihoodParams(50, 50, 1000, 20, 10));
    for (int i = 0; i < 100; i++) assertEquals(0.5, l.update(0.1 * (i % 3), i % 7));
    double quiet = 0;
    for (int i = 0; i < 300; i++) quiet = Math.max(quiet, l.update(0.1 * (i % 3), i % 7));
    double peak = 0;
    for (int i = 0; i < 10; i++) peak = Math.max(peak, l.update(1.0, 3));
    assertTrue(quiet < 0.9, "ordinary scores are not anomalous: " + quiet);
    assertTrue(peak > 0.999, "a run of surprises is: " + peak);
    assertTrue(AnomalyLikelihood.logLikelihood(peak) > 0.3);
  }

  @Test
  void aFlatMetricKeepsTheNullDistribution() {
    AnomalyLikelihood l = new AnomalyLikelihood(new LikelihoodParams(10, 10, 500, 10, 10));
    double last = 0;
    for (int i = 0; i < 200; i++) last = l.update(i % 2 == 0 ? 1.0 : 0.0, 5.0);
    assertEquals(0.5, last, 1e-3);
  }

  @Test
  void nabProbationIsFifteenPercentCappedAt750() {
    assertEquals(750, LikelihoodParams.probationaryPeriod(10320));
    assertEquals(600, LikelihoodParams.probationaryPeriod(4000));
    LikelihoodParams p = LikelihoodParams.forFile(4032, 8640, 100, 10);
    assertEquals(302, p.learningPeriod());
    assertEquals(302, p.estimationSamples());
  }

  @Test
  void logLikelihoodMatchesNab() {
    assertEquals(0.0301029995, AnomalyLikelihood.logLikelihood(0.5), 1e-9);
    assertEquals(1.0, AnomalyLikelihood.logLikelihood(1.0), 1e-9);
  }

  @Test
  void erfcIsAccurate() {
    assertEquals(1.0, AnomalyLikelihood.erfc(0), 1e-7);
    assertEquals(0.157299207050285, AnomalyLikelihood.erfc(1), 1e-7 * 0.16);
    assertEquals(1.842700792949715, AnomalyLikelihood.erfc(-1), 1e-7);
    assertEquals(2.088487583762545e-45, AnomalyLikelihood.erfc(10), 1e-7 * 2.1e-45);
  }
}
