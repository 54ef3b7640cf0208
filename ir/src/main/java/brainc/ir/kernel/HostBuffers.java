package brainc.ir.kernel;

/**
 * The buffers through which a host (an environment loop, a dataset trainer) talks to a compiled
 * network: the schedule declares them, the host reads and writes them by these names.
 */
public final class HostBuffers {
  private HostBuffers() {}

  /** The environment's last reward (the `reward` signal). */
  public static final String REWARD = "env.reward";

  /**
   * 1 during the first simulation step after an environment step (the host raises it with each
   * new reward; the step clears it), else 0: baselines take the reward in and pulses fire once
   * per environment step, not once per simulation step.
   */
  public static final String TICK = "env.tick";

  /** 1 after the environment step that ended the episode in failure, else 0 (the `terminated` signal). */
  public static final String TERMINATED = "env.terminated";

  /** The factor a training's learning-rate schedule sets; third factors reach synapses scaled by it. */
  public static final String LEARNING_RATE = "env.lr";

  /** The values in [0, 1] an input group encodes (an observation, a sample). */
  public static String inputValues(String input) {
    return input + ".value";
  }

  /** Spikes counted per neuron for the readouts (`spike_count`, `pools`, `rate`) of the outputs. */
  public static String spikeCounts(String population) {
    return population + ".count";
  }

  /**
   * Spikes the host forces on the next step (the efference copy of an action): a neuron whose
   * entry is not 0 fires, refractory or not, and its entry is cleared. Declared for the
   * populations that outputs read.
   */
  public static String forcedSpikes(String population) {
    return population + ".force";
  }
}
