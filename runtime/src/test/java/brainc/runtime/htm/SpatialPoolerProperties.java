package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The spatial pooler: declared sparsity, permanences in [0, 1], determinism. */
class SpatialPoolerProperties {
  private static SpParams params(int inputs, int columns, double sparsity, boolean global, double boost, long seed) {
    return new SpParams(inputs, columns, global ? 0 : 16, 0.8, sparsity, global, 0, 0.03f, 0.015f, 0.2f, 0.001,
        50, boost, seed);
  }

  /** A random SDR of `active` bits out of `n`, a function of (seed, step). */
  static int randomSdr(int n, int active, long seed, long step, int[] out) {
    boolean[] on = new boolean[n];
    int k = 0;
    for (int i = 0; k < active; i++) {
      int b = brainc.runtime.random.CounterRng.uniformInt(seed, 7, step, i, n);
      if (!on[b]) {
        on[b] = true;
        out[k++] = b;
      }
    }
    return k;
  }

  @Property(tries = 25)
  void globalInhibitionActivatesExactlyTheDeclaredDensity(@ForAll @IntRange(min = 64, max = 512) int columns,
      @ForAll @IntRange(min = 1, max = 10) int percent, @ForAll boolean learn, @ForAll @LongRange(min = 0, max = 99) long seed) {
    double sparsity = percent / 100.0;
    SpatialPooler sp = new SpatialPooler(params(200, columns, sparsity, true, learn ? 1.0 : 0, seed));
    int[] in = new int[200];
    int[] winners = new int[columns];
    int expected = Math.max(1, (int) Math.round(sparsity * columns));
    for (int step = 0; step < 60; step++) {
      int n = randomSdr(200, 20, seed, step, in);
      int w = sp.compute(in, n, learn, winners);
      assertEquals(expected, w, "winners at step " + step);
      for (int i = 1; i < w; i++) assertTrue(winners[i - 1] < winners[i], "ascending and distinct");
    }
  }

  @Property(tries = 15)
  void permanencesStayInTheUnitInterval(@ForAll boolean global, @ForAll @LongRange(min = 0, max = 99) long seed) {
    SpatialPooler sp = new SpatialPooler(params(120, 128, 0.05, global, 2.0, seed));
    int[] in = new int[120];
    int[] winners = new int[128];
    for (int step = 0; step < 200; step++) {
      int n = randomSdr(120, 12, seed, step, in);
      int w = sp.compute(in, n, true, winners);
      assertTrue(w > 0, "some column wins");
    }
    for (float q : sp.permanences()) assertTrue(q >= 0f && q <= 1f, "permanence " + q);
  }

  @Property(tries = 10)
  void sameSeedSameColumns(@ForAll @LongRange(min = 0, max = 99) long seed, @ForAll boolean global) {
    SpatialPooler a = new SpatialPooler(params(100, 100, 0.04, global, 1.0, seed));
    SpatialPooler b = new SpatialPooler(params(100, 100, 0.04, global, 1.0, seed));
    int[] in = new int[100];
    int[] wa = new int[100];
    int[] wb = new int[100];
    for (int step = 0; step < 50; step++) {
      int n = randomSdr(100, 10, seed + 1, step, in);
      int na = a.compute(in, n, true, wa);
      int nb = b.compute(in, n, true, wb);
      assertArrayEquals(java.util.Arrays.copyOf(wa, na), java.util.Arrays.copyOf(wb, nb));
    }
    assertArrayEquals(a.permanenceSnapshot(), b.permanenceSnapshot());
  }
}
