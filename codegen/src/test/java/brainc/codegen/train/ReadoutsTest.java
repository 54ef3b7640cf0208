package brainc.codegen.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReadoutsTest {
  @Test
  void poolsSplitContiguouslyWithTheRemainderFirst() {
    double[] v = new double[10];
    for (int i = 0; i < v.length; i++) v[i] = i;
    assertArrayEquals(new double[] {0 + 1 + 2 + 3, 4 + 5 + 6, 7 + 8 + 9}, Readouts.pools(v, 3));
  }

  @Test
  void aClearWinnerIgnoresTheTieBreakingDraw() {
    for (double u : new double[] {0, 0.5, 0.999}) assertEquals(1, Readouts.argmax(new double[] {2, 5, 3}, u));
  }

  @Test
  void tiesAreSharedEvenlyAmongTheLargestValues() {
    double[] silent = {0, 0, 0};
    int[] picks = new int[3];
    for (int k = 0; k < 300; k++) picks[Readouts.argmax(silent, (k + 0.5) / 300)]++;
    assertArrayEquals(new int[] {100, 100, 100}, picks);
    // Only the tied maxima can be picked.
    double[] two = {4, 1, 4};
    assertEquals(0, Readouts.argmax(two, 0.49));
    assertEquals(2, Readouts.argmax(two, 0.51));
    assertEquals(0, Readouts.argmax(two));
  }
}
