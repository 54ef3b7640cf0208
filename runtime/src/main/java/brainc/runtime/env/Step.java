package brainc.runtime.env;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one {@link Environment#step}, as Gymnasium's five-tuple.
 *
 * <p>{@code terminated} means the task itself ended the episode (a crash, a fallen pole, the
 * goal); {@code truncated} means the step limit did. As in Gymnasium's {@code TimeLimit} wrapper,
 * both are true when the task ends on the last allowed step. The observation array is copied in
 * and out, so a {@code Step} is immutable and its {@code equals} compares contents; {@code info}
 * keeps its insertion order so that it prints deterministically.
 */
public record Step(
    double[] observation,
    double reward,
    boolean terminated,
    boolean truncated,
    Map<String, Double> info) {

  public Step {
    observation = observation.clone();
    info = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(info)));
  }

  /** A step with no extra information. */
  public Step(double[] observation, double reward, boolean terminated, boolean truncated) {
    this(observation, reward, terminated, truncated, Map.of());
  }

  /** A copy of the observation. */
  @Override
  public double[] observation() {
    return observation.clone();
  }

  /** Whether the episode is over, for either reason. */
  public boolean done() {
    return terminated || truncated;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Step s
        && Arrays.equals(observation, s.observation)
        && Double.compare(reward, s.reward) == 0
        && terminated == s.terminated
        && truncated == s.truncated
        && info.equals(s.info);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(observation), reward, terminated, truncated, info);
  }

  @Override
  public String toString() {
    return "Step[observation=" + Arrays.toString(observation) + ", reward=" + reward
        + ", terminated=" + terminated + ", truncated=" + truncated + ", info=" + info + "]";
  }
}
