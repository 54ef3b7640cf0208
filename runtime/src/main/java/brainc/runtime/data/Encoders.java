package brainc.runtime.data;

import brainc.runtime.random.CounterRng;
import java.util.List;

/**
 * Encoders of sample values in [0, 1] into one time step's input, for training on datasets.
 * Random draws come from {@link CounterRng} keyed by (seed, {@link #STREAM}, the sample's key,
 * step × blocks + channel / 4), so a sample's spikes depend only on the seed, the sample's key
 * and the step: not on the batch it is in, the thread or the backend. A training step is 1 ms
 * for the encoders that speak of time ({@code poisson}, {@code latency}).
 *
 * <ul>
 *   <li>{@code bernoulli(steps, gain)}: a spike with probability {@code min(1, gain * x)}.
 *   <li>{@code poisson(max, steps)}: a spike with probability {@code min(1, x * max * 1 ms)}.
 *   <li>{@code latency(tau, threshold, steps)}: one spike, at step {@code floor(tau * ln(x / (x -
 *       threshold)) / 1 ms)} for {@code x > threshold} (so larger values spike earlier), none otherwise.
 *   <li>{@code direct()}: the value itself, every step.
 *   <li>{@code rows(steps, spikes)}: a sequence; a sample holds {@code steps} rows of {@code n}
 *       values and step {@code t} emits row {@code t}, as currents, or with {@code spikes != 0}
 *       as Bernoulli spikes drawn as {@code bernoulli}'s (keyed by the step and the channel).
 * </ul>
 */
public final class Encoders {
  /** The counter-RNG stream of input encoding. */
  public static final int STREAM = 0x454e;
  /** The duration of one training step, in seconds. */
  public static final double STEP_SECONDS = 1e-3;

  private Encoders() {}

  /**
   * Writes step {@code t} of {@code batch} samples into {@code out} ({@code batch * n}, row per
   * sample) from {@code values} (same layout); {@code keys[b]} identifies sample {@code b}.
   */
  public static void encode(String kind, List<Double> args, float[] values, int batch, int n, int t, long[] keys,
      long seed, float[] out) {
    encode(kind, args, values, 0, batch, n, t, keys, seed, out);
  }

  /** As {@link #encode(String, List, float[], int, int, int, long[], long, float[])}, for samples {@code [from, to)} only. */
  public static void encode(String kind, List<Double> args, float[] values, int from, int to, int n, int t, long[] keys,
      long seed, float[] out) {
    switch (kind) {
      case "bernoulli" -> bernoulli(values, from, to, n, t, keys, seed, (float) (double) args.get(1), out);
      case "poisson", "rate" -> bernoulli(values, from, to, n, t, keys, seed, (float) (args.get(0) * STEP_SECONDS), out);
      case "latency" -> latency(values, from, to, n, t, args.get(0), args.get(1), out);
      case "direct" -> System.arraycopy(values, from * n, out, from * n, (to - from) * n);
      case "rows" -> rows(values, from, to, n, t, (int) (double) args.get(0), args.get(1) != 0, keys, seed, out);
      default -> throw new IllegalArgumentException("encoder " + kind + " is not available for training");
    }
  }

  /**
   * Values per sample that {@code encode} reads for an input of {@code n} channels: {@code steps
   * * n} for {@code rows}, else {@code n}.
   */
  public static int valuesPerSample(String kind, List<Double> args, int n) {
    return kind.equals("rows") ? (int) (double) args.get(0) * n : n;
  }

  private static void rows(float[] values, int from, int to, int n, int t, int steps, boolean spikes, long[] keys,
      long seed, float[] out) {
    if (t >= steps) throw new IllegalArgumentException("step " + t + " of a sequence of " + steps + " rows");
    int stride = steps * n;
    if (!spikes) {
      for (int b = from; b < to; b++) System.arraycopy(values, b * stride + t * n, out, b * n, n);
      return;
    }
    int blocks = (n + 3) / 4;
    int[] w = new int[4];
    for (int b = from; b < to; b++) {
      int row = b * stride + t * n;
      for (int k = 0; k < blocks; k++) {
        CounterRng.block(seed, STREAM, keys[b], (long) t * blocks + k, 0, w);
        for (int j = 0; j < 4 && 4 * k + j < n; j++) {
          float p = Math.min(1f, values[row + 4 * k + j]);
          out[b * n + 4 * k + j] = (w[j] >>> 8) * 0x1p-24f < p ? 1f : 0f;
        }
      }
    }
  }

  private static void bernoulli(float[] values, int from, int to, int n, int t, long[] keys, long seed, float gain, float[] out) {
    int blocks = (n + 3) / 4;
    int[] w = new int[4];
    for (int b = from; b < to; b++) {
      int row = b * n;
      for (int k = 0; k < blocks; k++) {
        int i0 = 4 * k;
        boolean any = false;
        for (int j = 0; j < 4 && i0 + j < n; j++) any |= values[row + i0 + j] > 0;
        if (!any) { // no draw can spike: skip the generator
          for (int j = 0; j < 4 && i0 + j < n; j++) out[row + i0 + j] = 0;
          continue;
        }
        CounterRng.block(seed, STREAM, keys[b], (long) t * blocks + k, 0, w);
        for (int j = 0; j < 4 && i0 + j < n; j++) {
          float p = Math.min(1f, gain * values[row + i0 + j]);
          out[row + i0 + j] = (w[j] >>> 8) * 0x1p-24f < p ? 1f : 0f;
        }
      }
    }
  }

  private static void latency(float[] values, int from, int to, int n, int t, double tau, double threshold, float[] out) {
    for (int i = from * n; i < to * n; i++) {
      double x = values[i];
      out[i] = x > threshold && (int) Math.floor(tau * Math.log(x / (x - threshold)) / STEP_SECONDS) == t ? 1f : 0f;
    }
  }
}
