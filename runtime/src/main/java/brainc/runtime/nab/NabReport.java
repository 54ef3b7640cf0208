package brainc.runtime.nab;

import java.util.List;
import java.util.Objects;

/** The NAB scores of one detector, one entry per profile in the order of the profiles file. */
public record NabReport(String detector, List<NabProfileScore> profiles) {
  public NabReport {
    Objects.requireNonNull(detector, "detector");
    profiles = List.copyOf(profiles);
  }

  /** The result under the profile called {@code name}. */
  public NabProfileScore profile(String name) {
    for (NabProfileScore p : profiles) {
      if (p.profile().name().equals(name)) return p;
    }
    throw new IllegalArgumentException("no profile " + name);
  }
}
