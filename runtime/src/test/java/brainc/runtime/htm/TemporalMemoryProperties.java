package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.Example;

/** The temporal memory learns repeated sequences, keeps permanences in [0, 1], and bursts on surprises. */
class TemporalMemoryProperties {
  private static TmParams params(int columns, int cells, int maxSegments, long seed) {
    return new TmParams(columns, cells, 8, 6, 12, 0.21f, 0.5f, 0.1f, 0.1f, 0.01f, maxSegments, 24, seed);
  }

  /** A sequence of `length` random SDRs of 20 columns each, sorted. */
  private static int[][] sequence(int columns, int length, long seed) {
    int[][] seq = new int[length][];
    int[] buf = new int[20];
    for (int i = 0; i < length; i++) {
      int n = SpatialPoolerProperties.randomSdr(columns, 20, seed, i, buf);
      seq[i] = Arrays.copyOf(buf, n);
      Arrays.sort(seq[i]);
    }
    return seq;
  }

  /** Repetitions of a sequence (with a reset between them) until every element after the first is predicted. */
  @Property(tries = 20)
  void aRepeatedSequenceBecomesPredicted(@ForAll @IntRange(min = 2, max = 12) int length,
      @ForAll @IntRange(min = 4, max = 16) int cells, @ForAll @LongRange(min = 0, max = 999) long seed) {
    TemporalMemory tm = new TemporalMemory(params(256, cells, 32, seed));
    int[][] seq = sequence(256, length, seed);
    int bound = 8;
    int learnedAt = -1;
    for (int rep = 0; rep < bound && learnedAt < 0; rep++) {
      tm.reset();
      double worst = 0;
      for (int i = 0; i < length; i++) {
        double raw = tm.compute(seq[i], seq[i].length, true);
        if (i == 0) assertEquals(1.0, raw, "after a reset the first element is a surprise");
        else worst = Math.max(worst, raw);
      }
      if (worst == 0.0) learnedAt = rep;
    }
    assertTrue(learnedAt >= 0, "the sequence was not learned in " + bound + " repetitions");
    tm.forEachPermanence(q -> assertTrue(q >= 0 && q <= 1, "permanence " + q));
    // And once learned, it stays predicted without learning.
    tm.reset();
    tm.compute(seq[0], seq[0].length, false);
    for (int i = 1; i < length; i++) assertEquals(0.0, tm.compute(seq[i], seq[i].length, false));
  }

  @Property(tries = 10)
  void permanencesStayInTheUnitIntervalOnRandomStreams(@ForAll @LongRange(min = 0, max = 999) long seed) {
    TemporalMemory tm = new TemporalMemory(params(128, 4, 3, seed));
    int[][] seq = sequence(128, 300, seed);
    for (int rep = 0; rep < 2; rep++) {
      for (int[] cols : seq) {
        double raw = tm.compute(cols, cols.length, true);
        assertTrue(raw >= 0 && raw <= 1);
      }
    }
    tm.forEachPermanence(q -> assertTrue(q >= 0 && q <= 1, "permanence " + q));
    assertTrue(tm.segments() <= 128 * 4 * 3, "segments within the per-cell limit");
  }

  @Example
  void unpredictedColumnsBurstAndPredictedOnesActivateTheirCells() {
    TemporalMemory tm = new TemporalMemory(params(64, 8, 16, 3));
    int[][] seq = sequence(64, 3, 11);
    for (int rep = 0; rep < 6; rep++) {
      tm.reset();
      for (int[] cols : seq) tm.compute(cols, cols.length, true);
    }
    tm.reset();
    tm.compute(seq[0], seq[0].length, false);
    assertEquals(seq[0].length * 8, tm.activeCells().length, "a sequence start bursts every column");
    assertEquals(seq[0].length, tm.winnerCells().length, "one winner per column");
    assertTrue(tm.predictiveCells().length > 0, "the next element is predicted");
    tm.compute(seq[1], seq[1].length, false);
    assertEquals(0.0, tm.anomaly());
    assertTrue(tm.activeCells().length < seq[1].length * 8, "predicted columns do not burst");
  }

  @Property(tries = 10)
  void sameSeedSameCells(@ForAll @LongRange(min = 0, max = 999) long seed) {
    TemporalMemory a = new TemporalMemory(params(128, 4, 8, seed));
    TemporalMemory b = new TemporalMemory(params(128, 4, 8, seed));
    int[][] seq = sequence(128, 100, seed);
    for (int[] cols : seq) {
      assertEquals(a.compute(cols, cols.length, true), b.compute(cols, cols.length, true));
      assertArrayEquals(a.activeCells(), b.activeCells());
      assertArrayEquals(a.winnerCells(), b.winnerCells());
    }
  }
  /**
   * Every predicted cell of an active column is a winner, so a column predicted in several
   * contexts at once gives several winners: here 6 contexts each taught to precede one SDR, then
   * all shown together, make its 20 columns have 6 winners each, more winners than the memory has
   * columns (which once overflowed an array sized by the columns), and the next record learns from them.
   */
  @Example
  void winnersMayOutnumberColumnsWhenSeveralContextsPredictOneColumn() {
    int columns = 64;
    TemporalMemory tm = new TemporalMemory(params(columns, 8, 16, 5));
    int[][] contexts = sequence(columns, 6, 21);
    int[] next = sequence(columns, 1, 99)[0];
    for (int rep = 0; rep < 4; rep++) {
      for (int[] x : contexts) {
        tm.reset();
        tm.compute(x, x.length, true);
        tm.compute(next, next.length, true);
      }
    }
    int[] union = Arrays.stream(contexts).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
    tm.reset();
    tm.compute(union, union.length, true);
    assertEquals(0.0, tm.compute(next, next.length, true), "every context predicts it");
    assertTrue(tm.winnerCells().length > columns, "winners: " + tm.winnerCells().length);
    tm.compute(union, union.length, true);
    tm.forEachPermanence(q -> assertTrue(q >= 0 && q <= 1, "permanence " + q));
  }
}
