package brainc.runtime.htm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Example;

/** Encoders: exactly the declared number of active bits, and nearby values overlap more than distant ones. */
class HtmEncoderProperties {
  private static int[] encode(FieldEncoder e, String text, double x) {
    int[] out = new int[e.activeBits()];
    int end = e.encode(text, x, out, 0, 0);
    assertEquals(e.activeBits(), end, "bits written");
    return out;
  }

  private static void assertValidSdr(FieldEncoder e, int[] bits) {
    int[] sorted = bits.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertTrue(sorted[i] >= 0 && sorted[i] < e.size(), "bit " + sorted[i] + " outside [0, " + e.size() + ")");
      if (i > 0) assertTrue(sorted[i] != sorted[i - 1], "duplicate bit " + sorted[i]);
    }
  }

  private static int overlap(int[] a, int[] b) {
    boolean[] in = new boolean[1 << 20];
    for (int x : a) in[x] = true;
    int n = 0;
    for (int x : b) if (in[x]) n++;
    return n;
  }

  @Property(tries = 200)
  void rdseHasExactlyTheDeclaredActiveBits(@ForAll @IntRange(min = 30, max = 2000) int size,
      @ForAll @IntRange(min = 1, max = 30) int active, @ForAll @DoubleRange(min = -1e6, max = 1e6) double value,
      @ForAll @DoubleRange(min = 0.01, max = 100) double resolution) {
    RdseEncoder e = new RdseEncoder(size, active, resolution, 42);
    int[] bits = encode(e, "x", value);
    assertValidSdr(e, bits);
    assertEquals(bits.length, new java.util.HashSet<>(Arrays.stream(bits).boxed().toList()).size());
  }

  @Property(tries = 200)
  void rdseNearbyValuesOverlapMoreThanDistantOnes(@ForAll @DoubleRange(min = -1e4, max = 1e4) double value,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    RdseEncoder e = new RdseEncoder(400, 21, 1.0, seed);
    int near = overlap(encode(e, "a", value), encode(e, "b", value + 1.0));
    int far = overlap(encode(e, "a", value), encode(e, "c", value + 500.0));
    int same = overlap(encode(e, "a", value), encode(e, "d", value));
    assertEquals(21, same, "a value always has the same encoding");
    assertTrue(near >= 15, "neighbouring buckets share most bits, got " + near);
    assertTrue(near > far, "near " + near + " vs far " + far);
  }

  @Property(tries = 200)
  void scalarHasTheDeclaredBitsAndIsMonotoneInOverlap(@ForAll @DoubleRange(min = 0, max = 100) double value,
      @ForAll boolean periodic) {
    ScalarEncoder e = new ScalarEncoder(0, 100, 200, 21, periodic, true);
    int[] a = encode(e, "a", value);
    assertValidSdr(e, a);
    double nearValue = periodic ? (value + 1) % 100 : Math.min(100, value + 1);
    double farValue = periodic ? (value + 50) % 100 : (value < 50 ? value + 50 : value - 50);
    assertTrue(overlap(a, encode(e, "b", nearValue)) > overlap(a, encode(e, "c", farValue)));
  }

  @Example
  void scalarRejectsOutOfRangeValuesUnlessClipping() {
    ScalarEncoder strict = new ScalarEncoder(0, 1, 50, 5, false, false);
    assertThrows(IllegalArgumentException.class, () -> encode(strict, "2", 2));
    ScalarEncoder clipping = new ScalarEncoder(0, 1, 50, 5, false, true);
    assertEquals(45, Arrays.stream(encode(clipping, "2", 2)).min().orElseThrow());
  }

  @Property(tries = 100)
  void dateHasTheSumOfItsFeatureWidths(@ForAll @IntRange(min = 0, max = 23) int hour,
      @ForAll @IntRange(min = 1, max = 28) int day, @ForAll @IntRange(min = 0, max = 59) int minute) {
    DateEncoder e = new DateEncoder(21, 9.49, 11, 7, 1.0);
    String t = String.format("2015-02-%02d %02d:%02d:00", day, hour, minute);
    int[] bits = encode(e, t, Double.NaN);
    assertEquals(21 + 11 + 7, bits.length);
    assertValidSdr(e, bits);
    // The fast path and the ISO parser agree.
    int[] iso = encode(e, t.replace(' ', 'T'), Double.NaN);
    assertEquals(Arrays.toString(bits), Arrays.toString(iso));
  }

  @Example
  void timeOfDayNeighboursOverlapAndWeekendsDiffer() {
    DateEncoder e = new DateEncoder(21, 9.49, 0, 0, 1);
    int[] noon = encode(e, "2014-07-01 12:00:00", Double.NaN);
    int[] halfPast = encode(e, "2014-07-01 12:30:00", Double.NaN);
    int[] midnight = encode(e, "2014-07-01 00:00:00", Double.NaN);
    assertTrue(overlap(noon, halfPast) > overlap(noon, midnight));
    DateEncoder w = new DateEncoder(0, 1, 5, 0, 1);
    // 2014-07-05 is a Saturday, 2014-07-04 a Friday.
    assertEquals(0, overlap(encode(w, "2014-07-05 10:00:00", Double.NaN), encode(w, "2014-07-04 10:00:00", Double.NaN)));
    assertThrows(IllegalArgumentException.class, () -> encode(e, "yesterday", Double.NaN));
  }

  @Example
  void categoriesGetDisjointBlocks() {
    CategoryEncoder e = new CategoryEncoder(100, 20);
    assertEquals(0, overlap(encode(e, "red", Double.NaN), encode(e, "green", Double.NaN)));
    assertEquals(20, overlap(encode(e, "red", Double.NaN), encode(e, "red", Double.NaN)));
  }
}
