package brainc.codegen.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import brainc.runtime.data.Encoders;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The all-steps Bernoulli encoder against {@link Encoders}, step by step: the same spikes bit for
 * bit, for channel counts that do and do not fill the last block of four, rows with blocks of
 * zeros (whose draws are skipped), values above the probability's cap, odd and even step counts,
 * and keys across the counter's 32-bit halves; only the samples asked for are written.
 */
class EncodeKernelsProperties {
  @Property(tries = 80)
  void allStepsAtOnceDrawTheEncodersSpikes(
      @ForAll @IntRange(min = 1, max = 41) int n,
      @ForAll @IntRange(min = 1, max = 6) int batch,
      @ForAll @IntRange(min = 1, max = 30) int steps,
      @ForAll @IntRange(min = 0, max = 2) int kindChoice,
      @ForAll long seed) {
    Random r = new Random(seed);
    String kind = List.of("bernoulli", "poisson", "rate").get(kindChoice);
    List<Double> args = kind.equals("bernoulli") ? List.of((double) steps, 0.25 + 2 * r.nextDouble())
        : List.of(100 + 900 * r.nextDouble(), (double) steps);
    float[] values = new float[batch * n];
    for (int i = 0; i < values.length; i++) values[i] = r.nextFloat() < 0.4f ? 0f : r.nextFloat() * 1.2f;
    long[] keys = new long[batch];
    for (int b = 0; b < batch; b++) keys[b] = r.nextBoolean() ? r.nextInt(1 << 20) : (r.nextLong() >>> 17);
    long encoderSeed = r.nextLong();
    int from = r.nextInt(batch);
    int to = from + 1 + r.nextInt(batch - from);

    float[][] got = new float[steps][batch * n];
    for (float[] x : got) java.util.Arrays.fill(x, 7f); // outside [from, to) stays as it was
    EncodeKernels.bernoulliSteps(values, from, to, n, steps, keys, encoderSeed, EncodeKernels.gain(kind, args), got);
    for (int t = 0; t < steps; t++) {
      float[] want = new float[batch * n];
      java.util.Arrays.fill(want, 7f);
      Encoders.encode(kind, args, values, from, to, n, t, keys, encoderSeed, want);
      assertArrayEquals(want, got[t], kind + " step " + t);
    }
  }
}
