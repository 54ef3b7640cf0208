package brainc.runtime.nab;

import java.util.Objects;

/** The raw NAB score of one data file at a profile's threshold, with its counts. */
public record NabFileScore(String path, double score, NabCounts counts) {
  public NabFileScore {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(counts, "counts");
  }
}
