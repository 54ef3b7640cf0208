package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import brainc.runtime.random.CounterRng;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * NuPIC's backtracking temporal memory: its segment and synapse bookkeeping stays consistent on
 * random and repeating streams (with the limits biting), it is a function of its seed and input,
 * its snapshot carries everything, and it learns to predict a repeated sequence.
 */
class BacktrackingMemoryProperties {
  private static TmParams params(int columns, int cells, int maxSegments, int maxSynapses, long seed) {
    return new TmParams(columns, cells, 6, 4, 8, 0.21f, 0.5f, 0.1f, 0.1f, 0f, maxSegments, maxSynapses, seed);
  }

  private static BacktrackingMemory memory(TmParams p, BacktrackParams b) {
    return new BacktrackingMemory(p, b, HtmKernels.Constants.of(
        new SpParams(16, p.columns(), 0, 0.8, 0.05, true, 0, 0.01f, 0.01f, 0.2f, 0.001, 100, 0, 1), p).reference());
  }

  /** Record {@code i} of stream {@code seed}: a repeating sequence of 9 SDRs of 10 columns, with now and then a random one. */
  private static int[] record(int columns, long seed, int i) {
    return record(columns, 10, seed, i);
  }

  private static int[] record(int columns, int active, long seed, int i) {
    boolean noise = CounterRng.uniformFloat(seed, 7, i, 0) < 0.15f;
    long key = noise ? 1000 + i : i % 9;
    int[] buf = new int[active];
    int n = SpatialPoolerProperties.randomSdr(columns, active, seed ^ 0x5EED, key, buf);
    int[] cols = Arrays.copyOf(buf, n);
    Arrays.sort(cols);
    return cols;
  }

  @Property(tries = 15)
  void theBookkeepingStaysConsistent(@ForAll @LongRange(min = 0, max = 9_999) long seed,
      @ForAll @IntRange(min = 2, max = 8) int cells, @ForAll @IntRange(min = 1, max = 6) int maxSegments,
      @ForAll @IntRange(min = 8, max = 12) int maxSynapses, @ForAll @IntRange(min = 1, max = 4) int pam,
      @ForAll @IntRange(min = 0, max = 6) int backtrack, @ForAll boolean decay, @ForAll boolean slowForgetting) {
    BacktrackParams b = new BacktrackParams(pam, backtrack, Math.min(backtrack, 4), 12, decay ? 0.05f : 0f, decay ? 20 : 0);
    // Slow forgetting keeps weak synapses alive, so that segments fill up and must make room.
    TmParams p = new TmParams(60, cells, 6, 4, 8, 0.21f, 0.5f, 0.1f, slowForgetting ? 0.01f : 0.1f, 0f, maxSegments,
        maxSynapses, seed);
    BacktrackingMemory m = memory(p, b);
    for (int i = 0; i < 400; i++) {
      if (i % 150 == 149) m.reset();
      // More learning cells than a segment takes new synapses, so that segments fill up.
      int[] cols = record(60, 20, seed, i);
      double raw = m.compute(cols, cols.length, true);
      assertTrue(raw >= 0 && raw <= 1, "raw score " + raw);
      if (i % 25 == 0) assertNull(m.invariantProblem(), "at record " + i);
      int[] learning = m.learningCells();
      assertEquals(cols.length, learning.length, "one learning cell per active column");
      for (int k = 0; k < cols.length; k++) assertEquals(cols[k], learning[k] / cells, "the learning cell's column");
    }
    assertNull(m.invariantProblem());
    assertTrue(m.segments() > 0, "it learned");
    assertTrue(m.segments() <= 60 * (cells - 1) * maxSegments, "no start cell grows segments, none beyond the limit");
  }

  @Property(tries = 8)
  void theSameSeedAndInputGiveTheSameMemory(@ForAll @LongRange(min = 0, max = 9_999) long seed) {
    BacktrackingMemory a = memory(params(80, 6, 8, 16, seed), BacktrackParams.NAB);
    BacktrackingMemory b = memory(params(80, 6, 8, 16, seed), BacktrackParams.NAB);
    for (int i = 0; i < 300; i++) {
      int[] cols = record(80, seed, i);
      assertEquals(Double.doubleToLongBits(a.compute(cols, cols.length, true)),
          Double.doubleToLongBits(b.compute(cols, cols.length, true)), "record " + i);
    }
    assertSameState(a.snapshot(), b.snapshot());
  }

  @Property(tries = 10)
  void aRestoredMemoryContinuesBitIdentically(@ForAll @LongRange(min = 0, max = 9_999) long seed,
      @ForAll @IntRange(min = 1, max = 299) int cut, @ForAll boolean learnAfter) throws SnapshotException {
    TmParams p = params(70, 5, 6, 14, seed);
    BacktrackingMemory whole = memory(p, BacktrackParams.NAB);
    BacktrackingMemory stopped = memory(p, BacktrackParams.NAB);
    for (int i = 0; i < cut; i++) {
      int[] cols = record(70, seed, i);
      whole.compute(cols, cols.length, true);
      stopped.compute(cols, cols.length, true);
    }
    BacktrackingMemory resumed = memory(p, BacktrackParams.NAB);
    resumed.restore(stopped.snapshot());
    assertSameState(stopped.snapshot(), resumed.snapshot());
    for (int i = cut; i < 300; i++) {
      int[] cols = record(70, seed, i);
      assertEquals(Double.doubleToLongBits(whole.compute(cols, cols.length, learnAfter)),
          Double.doubleToLongBits(resumed.compute(cols, cols.length, learnAfter)), "record " + i + " after a cut at " + cut);
      assertArrayEquals(whole.predictedColumns(), resumed.predictedColumns());
    }
    assertSameState(whole.snapshot(), resumed.snapshot());
    assertNull(resumed.invariantProblem());
  }

  @Example
  void aSnapshotWithOtherSettingsIsRefusedAndChangesNothing() throws SnapshotException {
    BacktrackingMemory small = memory(params(70, 5, 6, 14, 1), BacktrackParams.NAB);
    BacktrackingMemory other = memory(params(70, 4, 6, 14, 1), BacktrackParams.NAB);
    for (int i = 0; i < 60; i++) {
      int[] cols = record(70, 1, i);
      small.compute(cols, cols.length, true);
      other.compute(cols, cols.length, true);
    }
    Snapshot before = other.snapshot();
    assertThrows(SnapshotException.class, () -> other.restore(small.snapshot()));
    assertSameState(before, other.snapshot());
  }

  /** A repeated sequence (reset before each repetition) ends up predicted from its second element on. */
  @Property(tries = 12)
  void aRepeatedSequenceBecomesPredicted(@ForAll @IntRange(min = 2, max = 10) int length,
      @ForAll @IntRange(min = 4, max = 12) int cells, @ForAll @LongRange(min = 0, max = 999) long seed) {
    TmParams p = new TmParams(256, cells, 8, 6, 12, 0.21f, 0.5f, 0.1f, 0.1f, 0f, 32, 24, seed);
    BacktrackingMemory m = memory(p, new BacktrackParams(1, 10, 5, 0, 0f, 0));
    int[][] seq = new int[length][];
    int[] buf = new int[20];
    for (int i = 0; i < length; i++) {
      int n = SpatialPoolerProperties.randomSdr(256, 20, seed, i, buf);
      seq[i] = Arrays.copyOf(buf, n);
      Arrays.sort(seq[i]);
    }
    int learnedAt = -1;
    for (int rep = 0; rep < 12 && learnedAt < 0; rep++) {
      m.reset();
      double worst = 0;
      for (int i = 0; i < length; i++) {
        double raw = m.compute(seq[i], seq[i].length, true);
        if (i > 0) worst = Math.max(worst, raw);
      }
      if (worst == 0.0) learnedAt = rep;
    }
    assertTrue(learnedAt >= 0, "the sequence was not learned in 12 repetitions");
    m.reset();
    m.compute(seq[0], seq[0].length, false);
    for (int i = 1; i < length; i++) assertEquals(0.0, m.compute(seq[i], seq[i].length, false), "element " + i);
  }

  @Example
  void settingsItCannotRunAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> memory(params(10, 1, 4, 16, 1), BacktrackParams.NAB));
    assertThrows(IllegalArgumentException.class, () -> memory(params(10, 4, 4, 6, 1), BacktrackParams.NAB));
    assertThrows(IllegalArgumentException.class, () -> new BacktrackParams(0, 10, 5, 32, 0f, 0));
    assertThrows(IllegalArgumentException.class, () -> new BacktrackParams(1, 10, 5, 32, 1.5f, 0));
  }

  static void assertSameState(Snapshot a, Snapshot b) {
    assertEquals(a.kind(), b.kind());
    assertEquals(a.counters(), b.counters());
    assertEquals(a.arrayNames(), b.arrayNames());
    for (String name : a.arrayNames()) {
      try {
        NpyArray x = a.array(name);
        NpyArray y = b.array(name);
        assertEquals(x.dtype(), y.dtype(), name);
        switch (x.dtype().name()) {
          case "INT32" -> assertArrayEquals(x.ints(), y.ints(), name);
          case "INT64" -> assertArrayEquals(x.longs(), y.longs(), name);
          case "FLOAT32" -> assertArrayEquals(x.floats(), y.floats(), name);
          default -> assertArrayEquals(x.doubles(), y.doubles(), name);
        }
      } catch (SnapshotException e) {
        throw new AssertionError(e);
      }
    }
  }
}
