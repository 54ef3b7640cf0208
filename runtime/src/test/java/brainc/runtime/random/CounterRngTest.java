package brainc.runtime.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The key mapping and the value functions of {@link CounterRng}. Statistical checks use fixed
 * seeds, so they are deterministic; their bounds sit at about 1 in 10^4 for a true generator.
 */
class CounterRngTest {
  private static final long SEED = 20240611L;

  // ---------------------------------------------------------------------------------------------
  // The mapping, pinned. These values were computed by an independent implementation of the
  // class documentation; a port of CounterRng must reproduce them bit for bit.

  @Test
  void blockWordsFollowTheDocumentedKeyAndCounterLayout() {
    long seed = 0x0123_4567_89AB_CDEFL;
    int stream = 0xDEAD_BEEF;
    long step = 0x0000_9876_5432_10FFL;
    long index = 0xFEDC_BA98_7654_3210L;
    long k = seed ^ (0xDEAD_BEEFL * 0x9E3779B97F4A7C15L);
    int[] expected = new int[4];
    Philox4x32.block(
        0x7654_3210, 0xFEDC_BA98, 0x5432_10FF, 0x0003_9876, (int) k, (int) (k >>> 32), expected);
    int[] actual = new int[4];
    CounterRng.block(seed, stream, step, index, 3, actual);
    assertArrayEquals(expected, actual);
  }

  @Test
  void goldenWords() {
    assertWords(0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7, 42, 0, 0, 0);
    assertWords(0x2a5208f3, 0x6d4b2518, 0x383c1876, 0x607b6588, 42, 7, 123456789, 987654321);
    assertWords(0x6a4744ae, 0x9fb5dd58, 0x01ca86d4, 0xb4a571c3, -1, -1, CounterRng.MAX_STEP, -1);
  }

  private static void assertWords(
      int w0, int w1, int w2, int w3, long seed, int stream, long step, long index) {
    int[] w = new int[4];
    CounterRng.block(seed, stream, step, index, 0, w);
    assertArrayEquals(new int[] {w0, w1, w2, w3}, w);
  }

  @Test
  void goldenValues() {
    assertEquals(0x1.39d5e0p-1f, CounterRng.uniformFloat(42, 0, 0, 0));
    assertEquals(0x1.39d5e0a6efea9p-1, CounterRng.uniformDouble(42, 0, 0, 0));
    assertEquals(0x1.c5e30047aa1d8p-1, CounterRng.normal(42, 0, 0, 0));
    assertEquals(6, CounterRng.uniformInt(42, 0, 0, 0, 10));
    assertEquals(612961, CounterRng.uniformInt(42, 0, 0, 0, 1000003));
    assertEquals(4, CounterRng.poisson(42, 0, 0, 0, 3.5));

    assertEquals(0x1.529040p-3f, CounterRng.uniformFloat(42, 7, 123456789, 987654321));
    assertEquals(0x1.5290479b6a590p-3, CounterRng.uniformDouble(42, 7, 123456789, 987654321));
    assertEquals(0x1.700bfae251f04p-2, CounterRng.normal(42, 7, 123456789, 987654321));
    assertEquals(165314, CounterRng.uniformInt(42, 7, 123456789, 987654321, 1000003));
    assertEquals(2, CounterRng.poisson(42, 7, 123456789, 987654321, 3.5));

    long piSeed = 0x243f6a8885a308d3L;
    long index = (1L << 40) + 17;
    assertEquals(-0x1.78173ed533ae8p+0, CounterRng.normal(piSeed, 3, 5, index));
    assertEquals(51513, CounterRng.uniformInt(piSeed, 3, 5, index, 1000003));
  }

  @Test
  void stepMustFitIn48Bits() {
    int[] w = new int[4];
    CounterRng.block(1, 0, CounterRng.MAX_STEP, 0, 0, w);
    assertThrows(
        IllegalArgumentException.class,
        () -> CounterRng.block(1, 0, CounterRng.MAX_STEP + 1, 0, 0, w));
    assertThrows(IllegalArgumentException.class, () -> CounterRng.uniformFloat(1, 0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> CounterRng.block(1, 0, 0, 0, 1 << 16, w));
  }

  @Test
  void smallSeedsAndStreamsNeverShareAKey() {
    int n = 1024;
    long[] keys = new long[n * n];
    for (int seed = 0; seed < n; seed++) {
      for (int stream = 0; stream < n; stream++) {
        keys[seed * n + stream] = CounterRng.key(seed, stream);
      }
    }
    Arrays.sort(keys);
    for (int i = 1; i < keys.length; i++) {
      assertNotEquals(keys[i - 1], keys[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Statelessness.

  @Test
  void sameKeySameValue() {
    for (long i = 0; i < 100; i++) {
      assertEquals(CounterRng.normal(SEED, 3, 9, i), CounterRng.normal(SEED, 3, 9, i));
      assertEquals(
          CounterRng.uniformInt(SEED, 3, 9, i, 77), CounterRng.uniformInt(SEED, 3, 9, i, 77));
    }
  }

  @Test
  void orderAndThreadsDoNotMatter() {
    int steps = 50;
    int neurons = 400;
    float[] forward = new float[steps * neurons];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < neurons; i++) {
        forward[s * neurons + i] = CounterRng.normalFloat(SEED, 1, s, i);
      }
    }
    float[] backward = new float[steps * neurons];
    for (int j = backward.length - 1; j >= 0; j--) {
      backward[j] = CounterRng.normalFloat(SEED, 1, j / neurons, j % neurons);
    }
    float[] parallel = new float[steps * neurons];
    IntStream.range(0, parallel.length)
        .parallel()
        .forEach(j -> parallel[j] = CounterRng.normalFloat(SEED, 1, j / neurons, j % neurons));
    assertArrayEquals(forward, backward);
    assertArrayEquals(forward, parallel);
  }

  @Test
  void streamsStepsAndSeedsGiveDifferentSequences() {
    int n = 256;
    double[][] sequences = {
      uniforms(SEED, 0, 0, n),
      uniforms(SEED, 1, 0, n),
      uniforms(SEED, -1, 0, n),
      uniforms(SEED, 0, 1, n),
      uniforms(SEED + 1, 0, 0, n),
    };
    for (int a = 0; a < sequences.length; a++) {
      for (int b = a + 1; b < sequences.length; b++) {
        // Independent uniforms: correlation ~ N(0, 1/n), so |r| < 0.25 is a 4-sigma bound.
        double r = correlation(sequences[a], sequences[b]);
        assertTrue(Math.abs(r) < 0.25, "sequences " + a + " and " + b + " correlate: " + r);
        assertFalse(Arrays.equals(sequences[a], sequences[b]));
      }
    }
  }

  private static double[] uniforms(long seed, int stream, long step, int n) {
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = CounterRng.uniformDouble(seed, stream, step, i);
    }
    return u;
  }

  private static double correlation(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  // ---------------------------------------------------------------------------------------------
  // Uniforms.

  @Test
  void uniformFloatIsTheUniformDoubleTruncatedTo24Bits() {
    for (long i = 0; i < 10_000; i++) {
      double d = CounterRng.uniformDouble(SEED, 2, 4, i);
      float f = CounterRng.uniformFloat(SEED, 2, 4, i);
      assertEquals(Math.floor(d * 0x1p24) * 0x1p-24, f, 0.0);
    }
  }

  @Test
  void uniformFloatMomentsAndChiSquare() {
    int n = 200_000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      float u = CounterRng.uniformFloat(SEED, 5, i / 1000, i % 1000);
      assertTrue(u >= 0f && u < 1f);
      x[i] = u;
    }
    assertMoments(x, 0.5, 1.0 / 12);
    assertUniformChiSquare(x);
  }

  @Test
  void uniformDoubleMomentsAndChiSquare() {
    int n = 200_000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = CounterRng.uniformDouble(SEED, 6, 0, i);
      assertTrue(x[i] >= 0 && x[i] < 1);
    }
    assertMoments(x, 0.5, 1.0 / 12);
    assertUniformChiSquare(x);
  }

  /** 100 equal bins; the statistic must lie between chi2(99)'s 0.1% and 99.99% quantiles. */
  private static void assertUniformChiSquare(double[] x) {
    int bins = 100;
    long[] counts = new long[bins];
    for (double v : x) {
      counts[(int) (v * bins)]++;
    }
    double expected = (double) x.length / bins;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 > 61.1 && chi2 < 160.1, "chi-square with 99 df: " + chi2);
  }

  // ---------------------------------------------------------------------------------------------
  // Normals.

  @Test
  void normalMoments() {
    int n = 200_000;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = CounterRng.normal(SEED, 7, 3, i);
    }
    assertNormalShape(z);
  }

  @Test
  void normalFloatMoments() {
    int n = 200_000;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = CounterRng.normalFloat(SEED, 7, 3, i);
      assertTrue(Math.abs(z[i]) <= 5.8);
    }
    assertNormalShape(z);
  }

  private static void assertNormalShape(double[] z) {
    assertMoments(z, 0.0, 1.0);
    double skew = 0;
    double kurt = 0;
    int within1 = 0;
    for (double v : z) {
      skew += v * v * v;
      kurt += v * v * v * v;
      if (Math.abs(v) < 1) {
        within1++;
      }
    }
    skew /= z.length;
    kurt /= z.length;
    // Standard errors at n = 2e5: skewness ~0.0055, kurtosis ~0.011, P(|z| < 1) ~0.001.
    assertEquals(0.0, skew, 0.03, "skewness");
    assertEquals(3.0, kurt, 0.06, "kurtosis");
    assertEquals(0.682689, (double) within1 / z.length, 0.005, "P(|z| < 1)");
  }

  @Test
  void normalFloatTracksTheDoubleNormalOfTheSameKey() {
    // Both read the same high bits, so they differ only by the 24-bit rounding of the inputs.
    int close = 0;
    for (long i = 0; i < 10_000; i++) {
      double d = CounterRng.normal(SEED, 8, 0, i);
      float f = CounterRng.normalFloat(SEED, 8, 0, i);
      if (Math.abs(d - f) < 1e-4) {
        close++;
      }
    }
    assertTrue(close > 9_900, "only " + close + " of 10000 float normals track the double ones");
  }

  // ---------------------------------------------------------------------------------------------
  // Bernoulli and Poisson.

  @Test
  void bernoulliRate() {
    int n = 100_000;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (CounterRng.bernoulli(SEED, 9, 0, i, 0.3)) {
        hits++;
      }
      assertFalse(CounterRng.bernoulli(SEED, 9, 0, i, 0.0));
      assertTrue(CounterRng.bernoulli(SEED, 9, 0, i, 1.0));
    }
    // Standard error sqrt(0.21 / n) ~ 0.00145.
    assertEquals(0.3, (double) hits / n, 0.006);
  }

  @Test
  void poissonMeanAndVariance() {
    for (double lambda : new double[] {0.05, 0.5, 4.0, 20.0, 64.0}) {
      int n = 50_000;
      double[] k = new double[n];
      for (int i = 0; i < n; i++) {
        k[i] = CounterRng.poisson(SEED, 10, 0, i, lambda);
      }
      // Mean's standard error is sqrt(lambda / n); the variance's about lambda * sqrt(2 / n).
      double m = mean(k);
      assertEquals(lambda, m, 5 * Math.sqrt(lambda / n), "mean at lambda " + lambda);
      assertEquals(lambda, variance(k, m), 6 * lambda * Math.sqrt(2.0 / n + 1 / (lambda * n)));
    }
  }

  @Test
  void poissonFollowsItsPmf() {
    double lambda = 3.0;
    int n = 100_000;
    int cells = 10; // 0..8 and "9 or more"
    long[] counts = new long[cells];
    for (int i = 0; i < n; i++) {
      counts[Math.min(CounterRng.poisson(SEED, 11, 2, i, lambda), cells - 1)]++;
    }
    double chi2 = 0;
    double p = Math.exp(-lambda);
    double tail = 1;
    for (int k = 0; k < cells; k++) {
      double pk = k == cells - 1 ? tail : p;
      chi2 += Math.pow(counts[k] - n * pk, 2) / (n * pk);
      tail -= p;
      p = p * lambda / (k + 1);
    }
    assertTrue(chi2 > 1.15 && chi2 < 33.8, "chi-square with 9 df: " + chi2);
  }

  @Test
  void poissonEdges() {
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, CounterRng.poisson(SEED, 12, 0, i, 0.0));
    }
    assertThrows(IllegalArgumentException.class, () -> CounterRng.poisson(1, 0, 0, 0, -0.5));
    assertThrows(IllegalArgumentException.class, () -> CounterRng.poisson(1, 0, 0, 0, 64.5));
    assertThrows(IllegalArgumentException.class, () -> CounterRng.poisson(1, 0, 0, 0, Double.NaN));
  }

  // ---------------------------------------------------------------------------------------------
  // Bounded integers.

  /**
   * The exact argument for no bias: the words {@code x} with {@code (x * n) >>> 32 == r} form the
   * interval [ceil(r 2^32 / n), ceil((r + 1) 2^32 / n)), and exactly floor(2^32 / n) of them must
   * be accepted, the same count for every r. Counted here word by word for large n.
   */
  @Property(tries = 200)
  void everyResultHasTheSameNumberOfAcceptedWords(
      @ForAll @IntRange(min = 1 << 16, max = Integer.MAX_VALUE) int n,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int rSeed) {
    long r = rSeed % n;
    long from = ceilDiv(r << 32, n);
    long to = ceilDiv((r + 1) << 32, n);
    long accepted = 0;
    for (long x = from; x < to; x++) {
      int got = CounterRng.lemire((int) x, n);
      assertTrue(got == r || got == -1, "word " + x + " escaped its interval: " + got);
      if (got == r) {
        accepted++;
      }
    }
    assertEquals((1L << 32) / n, accepted);
    if (from > 0) {
      assertNotEquals(r, (long) CounterRng.lemire((int) (from - 1), n));
    }
    if (to < (1L << 32)) {
      assertNotEquals(r, (long) CounterRng.lemire((int) to, n));
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  @Test
  void uniformIntChiSquare() {
    int n = 16;
    int draws = 160_000;
    long[] counts = new long[n];
    for (int i = 0; i < draws; i++) {
      int v = CounterRng.uniformInt(SEED, 13, 0, i, n);
      assertTrue(v >= 0 && v < n);
      counts[v]++;
    }
    double expected = (double) draws / n;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 > 3.48 && chi2 < 44.3, "chi-square with 15 df: " + chi2);
  }

  @Test
  void uniformIntIsUnbiasedWhereModuloWouldNotBe() {
    // With n = 1.5 * 2^30, "word mod n" puts 3/4 of its mass below 2^30 instead of 2/3.
    int n = 3 << 29;
    int draws = 100_000;
    int low = 0;
    for (int i = 0; i < draws; i++) {
      if (CounterRng.uniformInt(SEED, 14, 0, i, n) < (1 << 30)) {
        low++;
      }
    }
    // Standard error sqrt(2/9 / draws) ~ 0.0015.
    assertEquals(2.0 / 3, (double) low / draws, 0.008);
  }

  @Test
  void rejectionsContinueWithTheNextBlockOfTheSameKey() {
    // For n = 2^30 + 1 a word is rejected with probability ~1/4, a whole block with ~1/256.
    int n = (1 << 30) + 1;
    int[] w = new int[4];
    int found = 0;
    for (long i = 0; i < 20_000; i++) {
      CounterRng.block(SEED, 15, 0, i, 0, w);
      if (Arrays.stream(w).allMatch(x -> CounterRng.lemire(x, n) < 0)) {
        CounterRng.block(SEED, 15, 0, i, 1, w);
        int expected = -1;
        for (int x : w) {
          expected = CounterRng.lemire(x, n);
          if (expected >= 0) {
            break;
          }
        }
        if (expected >= 0) {
          assertEquals(expected, CounterRng.uniformInt(SEED, 15, 0, i, n));
          found++;
        }
      }
    }
    assertTrue(found > 20, "too few fully rejected blocks to test: " + found);
  }

  @Test
  void uniformIntEdges() {
    for (int i = 0; i < 100; i++) {
      assertEquals(0, CounterRng.uniformInt(SEED, 16, 0, i, 1));
    }
    assertThrows(IllegalArgumentException.class, () -> CounterRng.uniformInt(1, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> CounterRng.uniformInt(1, 0, 0, 0, -5));
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertMoments(double[] x, double mean, double variance) {
    double m = mean(x);
    double v = variance(x, m);
    double n = x.length;
    // Five standard errors; the variance's uses a fourth moment of at most 3 variance^2.
    assertEquals(mean, m, 5 * Math.sqrt(variance / n), "mean");
    assertEquals(variance, v, 5 * variance * Math.sqrt(2 / n), "variance");
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return s / (x.length - 1);
  }
}
