package brainc.runtime.nab;

import java.util.Objects;

/**
 * One NAB application profile: the weights of a detection inside a window (true positive), of
 * a detection outside every window (false positive) and of a missed window (false negative).
 * NAB's {@code config/profiles.json} also carries a true-negative weight, which no rule uses.
 */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight, double tnWeight) {
  public CostProfile {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("a profile needs a name");
    if (!Double.isFinite(tpWeight) || !Double.isFinite(fpWeight) || !Double.isFinite(fnWeight)
        || !Double.isFinite(tnWeight)) {
      throw new IllegalArgumentException("profile " + name + ": weights must be finite");
    }
    if (tpWeight <= 0) throw new IllegalArgumentException("profile " + name + ": tpWeight must be positive");
  }
}
