package brainc.runtime.sim;

import java.util.Objects;

/**
 * Everything that determines the synapses of one connection: the rule and its parameter, the
 * sizes, the generator key and whether {@code i -> i} pairs are allowed. A compiled model builds
 * the same synapses from the same spec on every backend (see {@link Connectivity}).
 *
 * @param p the probability of {@link Kind#BERNOULLI}; ignored otherwise
 * @param k the fan-in or fan-out of {@link Kind#FIXED_FAN_IN} and {@link Kind#FIXED_FAN_OUT};
 *     ignored otherwise
 * @param stream the generator stream, read as an unsigned 32-bit value as {@link
 *     brainc.runtime.random.CounterRng} does
 * @param autapses when false, no synapse joins neuron {@code i} to neuron {@code i}; the compiler
 *     sets it false only when source and target are the same population
 */
public record ConnectivitySpec(Kind kind, int preSize, int postSize, double p, int k, long seed, int stream,
    boolean autapses) {

  public enum Kind { ALL_TO_ALL, ONE_TO_ONE, BERNOULLI, FIXED_FAN_IN, FIXED_FAN_OUT }

  public ConnectivitySpec {
    Objects.requireNonNull(kind);
    if (preSize < 0 || postSize < 0) {
      throw new IllegalArgumentException("negative size " + preSize + " x " + postSize);
    }
    if (kind == Kind.BERNOULLI && !(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability " + p + " is outside [0, 1]");
    }
    if (kind == Kind.FIXED_FAN_IN || kind == Kind.FIXED_FAN_OUT) {
      // Without autapses one candidate of each row (or column) is excluded, if it exists.
      int pool = kind == Kind.FIXED_FAN_IN ? preSize : postSize;
      int max = autapses ? pool : pool - (Math.min(preSize, postSize) > 0 ? 1 : 0);
      if (k < 0 || (k > max && (kind == Kind.FIXED_FAN_IN ? postSize : preSize) > 0)) {
        throw new IllegalArgumentException(
            (kind == Kind.FIXED_FAN_IN ? "fan-in " : "fan-out ") + k + " exceeds the " + max + " candidates");
      }
    }
  }

  /** True if row {@code i} can be generated alone: every rule but fixed fan-in. */
  public boolean rowsIndependent() {
    return kind != Kind.FIXED_FAN_IN;
  }
}
