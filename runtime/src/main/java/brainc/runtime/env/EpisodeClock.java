package brainc.runtime.env;

/**
 * The step counter and the life cycle every environment shares: no step before a reset, none
 * after the episode ended, actions in range, truncation at the step limit.
 */
final class EpisodeClock {
  private final String env;
  private final int actions;
  private final int maxSteps;
  private int t = -1;
  private boolean over;

  EpisodeClock(String env, int actions, int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException(env + ": max_steps must be >= 1, got " + maxSteps);
    }
    this.env = env;
    this.actions = actions;
    this.maxSteps = maxSteps;
  }

  void reset() {
    t = 0;
    over = false;
  }

  /** Checks that a step may be taken with {@code action}; returns its number, 1 for the first. */
  int begin(int action) {
    if (t < 0) {
      throw new IllegalStateException(env + ": step before the first reset");
    }
    if (over) {
      throw new IllegalStateException(env + ": the episode is over; call reset");
    }
    if (action < 0 || action >= actions) {
      throw new IllegalArgumentException(
          env + ": action " + action + " is outside [0, " + (actions - 1) + "]");
    }
    return ++t;
  }

  /** Ends the current step; returns whether it is truncated (the limit reached, terminated or not). */
  boolean end(boolean terminated) {
    boolean truncated = t >= maxSteps;
    over = terminated || truncated;
    return truncated;
  }

  /** The number of steps taken in this episode. */
  int steps() {
    return t;
  }

  int maxSteps() {
    return maxSteps;
  }
}
