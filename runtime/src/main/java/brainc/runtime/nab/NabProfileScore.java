package brainc.runtime.nab;

import java.util.List;
import java.util.Objects;

/**
 * A detector's result under one profile. {@code threshold} is the anomaly score at or above
 * which a row counts as a detection, chosen to maximise the raw score over the whole corpus;
 * {@code rawScore} is the sum of the per-file scores at it; {@code nullScore} and {@code
 * perfectScore} are the raw scores of the null and perfect detectors, and {@code score} is the
 * normalised {@code 100 * (raw - null) / (perfect - null)}.
 */
public record NabProfileScore(
    CostProfile profile,
    double threshold,
    double score,
    double rawScore,
    double nullScore,
    double perfectScore,
    List<NabFileScore> files) {
  public NabProfileScore {
    Objects.requireNonNull(profile, "profile");
    files = List.copyOf(files);
  }

  /** The counts summed over every file. */
  public NabCounts totals() {
    NabCounts sum = NabCounts.ZERO;
    for (NabFileScore f : files) sum = sum.plus(f.counts());
    return sum;
  }
}
