package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.runtime.random.CounterRng;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The reference activity count, which has no branch, against the count as its contract states
 * it, written the plain way: same counters, same touched segments in first-touch order, and it
 * needs no more than one spare place in {@code touched}.
 */
class HtmKernelsProperties {
  @Property(tries = 60)
  void theBranchFreeCountIsThePlainOne(@ForAll @LongRange(min = 0, max = 100_000) long seed,
      @ForAll @IntRange(min = 1, max = 300) int segments, @ForAll @IntRange(min = 1, max = 200) int cells,
      @ForAll @IntRange(min = 0, max = 6) int shift, @ForAll @IntRange(min = 0, max = 3) int alreadyTouched) {
    int stride = 1 << shift;
    // Random presynaptic lists: each segment has up to `stride` synapses, from distinct cells.
    int[][] preSyns = new int[cells][];
    int[] preSynCount = new int[cells];
    long draw = 0;
    for (int seg = 0; seg < segments; seg++) {
      int n = CounterRng.uniformInt(seed, 1, seg, draw++, Math.min(stride, cells) + 1);
      boolean[] used = new boolean[cells];
      for (int i = 0; i < n; i++) {
        int cell = CounterRng.uniformInt(seed, 1, seg, draw++, cells);
        if (used[cell]) continue;
        used[cell] = true;
        boolean connected = CounterRng.uniformInt(seed, 1, seg, draw++, 2) == 1;
        if (preSyns[cell] == null) preSyns[cell] = new int[4];
        if (preSynCount[cell] == preSyns[cell].length) preSyns[cell] = Arrays.copyOf(preSyns[cell], preSynCount[cell] * 2);
        preSyns[cell][preSynCount[cell]++] = (seg * stride + i) | (connected ? 0x8000_0000 : 0);
      }
    }
    int active = CounterRng.uniformInt(seed, 2, 0, 0, cells + 1);
    int[] activeCells = new int[active];
    for (int a = 0; a < active; a++) activeCells[a] = CounterRng.uniformInt(seed, 2, 1, a, cells);

    // The plain count; segments touched before the call stay first.
    int prior = Math.min(alreadyTouched, segments);
    int[] want = new int[segments];
    int[] wantTouched = new int[segments];
    int wantCount = 0;
    for (int s = 0; s < prior; s++) {
      want[s] = 1;
      wantTouched[wantCount++] = s;
    }
    for (int cell : activeCells) {
      for (int j = 0; j < preSynCount[cell]; j++) {
        int e = preSyns[cell][j];
        int seg = (e & 0x7FFF_FFFF) >>> shift;
        if (want[seg] == 0) wantTouched[wantCount++] = seg;
        want[seg] += e < 0 ? 0x10001 : 1;
      }
    }

    int[] activity = new int[segments];
    for (int s = 0; s < prior; s++) activity[s] = 1;
    int[] touched = new int[wantCount + 1]; // the spare place the contract asks for, and no more
    for (int s = 0; s < prior; s++) touched[s] = s;
    HtmKernels k = new HtmKernels.Reference(0.1f, 0.1f, 0.05f, 0.5f, shift);
    int got = k.countActivity(activeCells, active, preSyns, preSynCount, activity, touched, prior);
    assertEquals(wantCount, got);
    assertArrayEquals(Arrays.copyOf(wantTouched, wantCount), Arrays.copyOf(touched, got));
    assertArrayEquals(want, activity);
  }
}
