package brainc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodersTest {
  @Test
  void bernoulliSpikesAtTheValuesRateAndDependsOnlyOnTheSampleKey() {
    float[] values = {0f, 0.25f, 1f, 0.5f};
    float[] out = new float[4];
    int[] spikes = new int[4];
    for (int t = 0; t < 4000; t++) {
      Encoders.encode("bernoulli", List.of(25.0, 1.0), values, 1, 4, t, new long[] {7}, 3, out);
      for (int i = 0; i < 4; i++) spikes[i] += (int) out[i];
    }
    assertEquals(0, spikes[0]);
    assertEquals(4000, spikes[2]);
    assertTrue(Math.abs(spikes[1] - 1000) < 120 && Math.abs(spikes[3] - 2000) < 150, java.util.Arrays.toString(spikes));
    // The same sample in another batch position draws the same spikes.
    float[] a = new float[4];
    float[] b = new float[8];
    Encoders.encode("bernoulli", List.of(25.0, 1.0), values, 1, 4, 3, new long[] {7}, 3, a);
    float[] two = {0.5f, 0.5f, 0.5f, 0.5f, 0f, 0.25f, 1f, 0.5f};
    Encoders.encode("bernoulli", List.of(25.0, 1.0), two, 2, 4, 3, new long[] {9, 7}, 3, b);
    assertArrayEquals(a, java.util.Arrays.copyOfRange(b, 4, 8));
  }

  @Test
  void latencySpikesOnceEarlierForLargerValuesAndDirectPassesValues() {
    float[] values = {1f, 0.2f, 0.005f};
    int[] first = {-1, -1, -1};
    int[] count = new int[3];
    float[] out = new float[3];
    for (int t = 0; t < 100; t++) {
      Encoders.encode("latency", List.of(0.05, 0.01, 100.0), values, 1, 3, t, new long[] {0}, 0, out);
      for (int i = 0; i < 3; i++) {
        if (out[i] == 1f) {
          count[i]++;
          if (first[i] < 0) first[i] = t;
        }
      }
    }
    assertArrayEquals(new int[] {1, 1, 0}, count);
    assertTrue(first[0] < first[1], java.util.Arrays.toString(first));
    Encoders.encode("direct", List.of(25.0), values, 1, 3, 4, new long[] {0}, 0, out);
    assertArrayEquals(values, out);
  }
}
