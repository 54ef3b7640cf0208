package brainc.runtime.htm;

/**
 * Parameters of the anomaly likelihood (NuPIC's {@code AnomalyLikelihood}).
 *
 * @param learningPeriod records at the start whose raw scores the estimate ignores
 * @param estimationSamples records after the learning period before the first estimate
 * @param history records in the rolling window the estimate is made from
 * @param reestimationPeriod records between re-estimates
 * @param averagingWindow records in the moving average of the raw score
 */
public record LikelihoodParams(int learningPeriod, int estimationSamples, int history, int reestimationPeriod,
    int averagingWindow) {
  public LikelihoodParams {
    if (learningPeriod < 0 || estimationSamples < 1 || history < 1 || reestimationPeriod < 1 || averagingWindow < 1) {
      throw new IllegalArgumentException("likelihood periods must be positive");
    }
  }

  /**
   * NAB's setting for a file of {@code records} rows: the probationary period is 15 % of the file
   * (at most 750 rows); the first half of it is the learning period, the rest the estimation samples.
   */
  public static LikelihoodParams forFile(int records, int history, int reestimationPeriod, int averagingWindow) {
    int probation = probationaryPeriod(records);
    int learning = probation / 2;
    return new LikelihoodParams(learning, Math.max(1, probation - learning), history, reestimationPeriod, averagingWindow);
  }

  /** NAB's probationary period: {@code floor(min(0.15 * records, 750))}. */
  public static int probationaryPeriod(int records) {
    return (int) Math.floor(Math.min(0.15 * records, 0.15 * 5000));
  }
}
