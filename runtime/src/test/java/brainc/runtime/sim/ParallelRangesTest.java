package brainc.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParallelRangesTest {
  @Test
  void shortRangesStayOnOneChunk() {
    try (ParallelRanges r = new ParallelRanges(3, 100)) {
      assertEquals(1, r.chunks(0));
      assertEquals(1, r.chunks(-5));
      assertEquals(1, r.chunks(199));
      assertEquals(2, r.chunks(200));
      assertEquals(12, r.chunks(1_000_000));
    }
  }

  @Test
  void spikesComeOutInIterationOrderAndEveryIndexRunsOnce() {
    try (ParallelRanges r = new ParallelRanges(3, 10)) {
      SpikeSet even = new SpikeSet("even", 1000);
      SpikeSet odd = new SpikeSet("odd", 1000);
      even.add(999);
      int[] runs = new int[1000];
      Set<String> threads = Collections.synchronizedSet(new HashSet<>());
      for (int step = 0; step < 50; step++) {
        even.count = 1;
        odd.clear();
        r.run((loop, chunk, s, lo, hi, sinks) -> {
          threads.add(Thread.currentThread().getName());
          for (int i = lo; i < hi; i++) {
            runs[i]++;
            sinks[i % 2].add(i);
          }
        }, 0, step, 5, 995, new SpikeSet[] {even, odd});
      }
      int[] expectEven = new int[496];
      expectEven[0] = 999;
      for (int k = 1; k < 496; k++) {
        expectEven[k] = 4 + 2 * k;
      }
      assertArrayEquals(expectEven, Arrays.copyOf(even.indices, even.count));
      assertEquals(495, odd.count);
      assertEquals(5, odd.indices[0]);
      assertEquals(993, odd.indices[494]);
      assertEquals(0, runs[4]);
      assertEquals(50, runs[5]);
      assertEquals(50, runs[994]);
      assertEquals(0, runs[995]);
      assertTrue(threads.size() >= 1, threads.toString());
    }
  }

  @Test
  void theLowestFailingPieceIsRethrownAfterAllFinish() {
    try (ParallelRanges r = new ParallelRanges(3, 1)) {
      int[] done = new int[9];
      IllegalStateException thrown = assertThrows(IllegalStateException.class,
          () -> r.run((loop, worker, s, lo, hi, sinks) -> {
            done[lo] = hi - lo;
            if (lo >= 4) {
              throw new IllegalStateException("piece at " + lo);
            }
          }, 0, 0, 0, 9, new SpikeSet[0]));
      assertEquals("piece at 4", thrown.getMessage());
      assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, done);
      // The crew still works after a failure.
      r.run((loop, worker, s, lo, hi, sinks) -> done[lo] = -1, 0, 1, 0, 9, new SpikeSet[0]);
      assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1}, done);
    }
  }

  @Test
  void aClosedCrewRefusesSplitWork() {
    ParallelRanges r = new ParallelRanges(2, 1);
    r.close();
    r.close();
    r.run((loop, chunk, s, lo, hi, sinks) -> {}, 0, 0, 0, 1, new SpikeSet[0]);
    assertThrows(IllegalStateException.class, () -> r.run((loop, chunk, s, lo, hi, sinks) -> {}, 0, 0, 0, 10,
        new SpikeSet[0]));
  }
}
