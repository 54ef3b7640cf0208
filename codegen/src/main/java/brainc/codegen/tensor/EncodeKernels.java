package brainc.codegen.tensor;

import brainc.runtime.data.Encoders;
import brainc.runtime.random.CounterRng;

/**
 * The Bernoulli encoders of {@link Encoders} ({@code bernoulli}, {@code poisson}, {@code rate})
 * for every step of a batch at once, for executors that encode all steps before the first: the
 * same draws bit for bit (the same Philox4x32-10 words of the same counters, compared the same
 * way), about twice as fast. Per block of four channels it tests once whether any can spike and
 * works out the four probabilities once instead of once per step, skips the counter generator's
 * argument checks (done once per sample), and runs the ten rounds of two steps' blocks side by
 * side so that their multiplications overlap.
 */
final class EncodeKernels {
  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final long U32 = 0xFFFF_FFFFL;

  private EncodeKernels() {}

  /**
   * The spike probability per unit of value of encoder {@code kind} with arguments {@code args},
   * as {@link Encoders} computes it, or NaN when {@code kind} is not a Bernoulli encoder.
   */
  static float gain(String kind, java.util.List<Double> args) {
    return switch (kind) {
      case "bernoulli" -> (float) (double) args.get(1);
      case "poisson", "rate" -> (float) (args.get(0) * Encoders.STEP_SECONDS);
      default -> Float.NaN;
    };
  }

  /**
   * Whether {@link #bernoulliSteps} takes these keys: those the counter generator accepts as its
   * step (otherwise {@link Encoders} reports them).
   */
  static boolean keysInRange(long[] keys, int from, int to) {
    for (int b = from; b < to; b++) if (keys[b] < 0 || keys[b] > CounterRng.MAX_STEP) return false;
    return true;
  }

  /**
   * {@code xs[t]} = step {@code t} of {@code Encoders.encode} of a Bernoulli encoder of gain {@code
   * gain}, for steps {@code [0, steps)} and samples {@code [from, to)} ({@code n} channels each).
   */
  static void bernoulliSteps(float[] values, int from, int to, int n, int steps, long[] keys, long seed, float gain,
      float[][] xs) {
    long key = CounterRng.key(seed, Encoders.STREAM);
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    int blocks = (n + 3) / 4;
    for (int b = from; b < to; b++) {
      int row = b * n;
      int s0 = (int) keys[b];
      int s1 = (int) (keys[b] >>> 32);
      for (int k = 0; k < blocks; k++) {
        int at = row + 4 * k;
        int m = Math.min(4, n - 4 * k);
        boolean any = false;
        for (int j = 0; j < m; j++) any |= values[at + j] > 0;
        if (!any) { // no draw can spike: skip the generator
          for (int t = 0; t < steps; t++) {
            for (int j = 0; j < m; j++) xs[t][at + j] = 0;
          }
          continue;
        }
        float p0 = Math.min(1f, gain * values[at]);
        float p1 = m > 1 ? Math.min(1f, gain * values[at + 1]) : 0f;
        float p2 = m > 2 ? Math.min(1f, gain * values[at + 2]) : 0f;
        float p3 = m > 3 ? Math.min(1f, gain * values[at + 3]) : 0f;
        int t = 0;
        for (; t + 2 <= steps; t += 2) {
          // The counters of steps t and t + 1 (CounterRng.block(seed, STREAM, keys[b], t * blocks + k)).
          long ia = (long) t * blocks + k;
          long ib = ia + blocks;
          int a0 = (int) ia, a1 = (int) (ia >>> 32), a2 = s0, a3 = s1;
          int b0 = (int) ib, b1 = (int) (ib >>> 32), b2 = s0, b3 = s1;
          int q0 = k0;
          int q1 = k1;
          for (int r = 0; r < 10; r++) {
            long pa0 = M0 * (a0 & U32);
            long pa1 = M1 * (a2 & U32);
            long pb0 = M0 * (b0 & U32);
            long pb1 = M1 * (b2 & U32);
            a0 = (int) (pa1 >>> 32) ^ a1 ^ q0;
            a1 = (int) pa1;
            a2 = (int) (pa0 >>> 32) ^ a3 ^ q1;
            a3 = (int) pa0;
            b0 = (int) (pb1 >>> 32) ^ b1 ^ q0;
            b1 = (int) pb1;
            b2 = (int) (pb0 >>> 32) ^ b3 ^ q1;
            b3 = (int) pb0;
            q0 += W0;
            q1 += W1;
          }
          spikes(xs[t], at, m, a0, a1, a2, a3, p0, p1, p2, p3);
          spikes(xs[t + 1], at, m, b0, b1, b2, b3, p0, p1, p2, p3);
        }
        if (t < steps) {
          long ia = (long) t * blocks + k;
          int a0 = (int) ia, a1 = (int) (ia >>> 32), a2 = s0, a3 = s1;
          int q0 = k0;
          int q1 = k1;
          for (int r = 0; r < 10; r++) {
            long pa0 = M0 * (a0 & U32);
            long pa1 = M1 * (a2 & U32);
            a0 = (int) (pa1 >>> 32) ^ a1 ^ q0;
            a1 = (int) pa1;
            a2 = (int) (pa0 >>> 32) ^ a3 ^ q1;
            a3 = (int) pa0;
            q0 += W0;
            q1 += W1;
          }
          spikes(xs[t], at, m, a0, a1, a2, a3, p0, p1, p2, p3);
        }
      }
    }
  }

  /** A spike where the top 24 bits of the word, as a uniform in [0, 1), fall below the probability. */
  private static void spikes(float[] x, int at, int m, int w0, int w1, int w2, int w3, float p0, float p1, float p2,
      float p3) {
    x[at] = (w0 >>> 8) * 0x1p-24f < p0 ? 1f : 0f;
    if (m > 1) x[at + 1] = (w1 >>> 8) * 0x1p-24f < p1 ? 1f : 0f;
    if (m > 2) x[at + 2] = (w2 >>> 8) * 0x1p-24f < p2 ? 1f : 0f;
    if (m > 3) x[at + 3] = (w3 >>> 8) * 0x1p-24f < p3 ? 1f : 0f;
  }
}
