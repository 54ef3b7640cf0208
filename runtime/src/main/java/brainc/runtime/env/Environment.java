package brainc.runtime.env;

/**
 * An episodic task an agent acts in, in the style of Gymnasium's {@code Env}: {@link #reset}
 * starts an episode and returns the first observation, {@link #step} applies one discrete action.
 *
 * <p>Every random draw of an episode is a function of the seed passed to {@link #reset}, the
 * step number and the actions taken (through {@link brainc.runtime.random.CounterRng}), so an
 * episode replays exactly from its seed and its action sequence, whatever ran before it.
 *
 * <p>Calling {@link #step} before the first {@link #reset}, or after a step that returned {@link
 * Step#done()}, throws {@link IllegalStateException} (Gymnasium only warns and keeps stepping;
 * here an episode that has ended stays ended). An action outside {@code [0, actions())} throws
 * {@link IllegalArgumentException}. Implementations are not thread-safe.
 */
public interface Environment {
  /** The name {@link Environments#create} knows this environment by, e.g. {@code cartpole}. */
  String name();

  /** The number of discrete actions; actions are {@code 0 .. actions() - 1}. */
  int actions();

  /** The length of every observation vector. */
  int observationSize();

  /** The step at which an episode is truncated if it has not terminated before. */
  int maxSteps();

  /** Starts an episode whose randomness is keyed by {@code seed}; returns the first observation. */
  double[] reset(long seed);

  /** Applies {@code action} for one step. */
  Step step(int action);
}
