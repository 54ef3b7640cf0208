package brainc.compiler.spec;

/** The `encode` of a network input, its settings complete (the Catalog's defaults filled in). */
public sealed interface EncoderSpec {
  /** The constructor's name in the language. */
  String name();

  /** Poisson spikes at {@code value * max} (also `rate`); {@code steps} 0: the run's duration. */
  record Poisson(String name, double max, int steps) implements EncoderSpec {}

  /** One spike per step with probability {@code value * gain}. */
  record Bernoulli(int steps, double gain) implements EncoderSpec {
    @Override
    public String name() {
      return "bernoulli";
    }
  }

  /** One spike per input, earlier for larger values. */
  record Latency(double tau, double threshold, int steps) implements EncoderSpec {
    @Override
    public String name() {
      return "latency";
    }
  }

  /** The value itself as the input current. */
  record Direct(int steps) implements EncoderSpec {
    @Override
    public String name() {
      return "direct";
    }
  }

  /** A sequence fed one row of the sample per step: {@code steps} rows, as currents or Bernoulli spikes. */
  record Rows(int steps, boolean spikes) implements EncoderSpec {
    @Override
    public String name() {
      return "rows";
    }
  }

  /** Gaussian receptive fields: {@code count} Poisson channels per value. */
  record Fields(int count, double width, double max) implements EncoderSpec {
    @Override
    public String name() {
      return "fields";
    }
  }
}
