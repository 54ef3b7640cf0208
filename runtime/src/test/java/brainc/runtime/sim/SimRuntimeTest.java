package brainc.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spike sets, delay rings, the recorder and the finiteness check. */
class SimRuntimeTest {
  @TempDir Path dir;

  @Test
  void delayRingDeliversExactlyDelayStepsLater() {
    DelayRingFloat ring = new DelayRingFloat(3, 2);
    float[] target = new float[2];
    ring.add(3, 1, 2.5f);
    ring.add(0, 0, 1f); // a delay of 0 counts as 1
    for (int step = 0; step < 5; step++) {
      target[0] = target[1] = 0;
      ring.drainInto(target);
      assertEquals(step == 1 ? 1f : 0f, target[0], "step " + step);
      assertEquals(step == 3 ? 2.5f : 0f, target[1], "step " + step);
      ring.advance();
    }
    assertThrows(IllegalArgumentException.class, () -> ring.add(4, 0, 1f));
  }

  @Test
  void doubleRingAccumulates() {
    DelayRingDouble ring = new DelayRingDouble(1, 1);
    double[] target = {1};
    ring.add(1, 0, 0.25);
    ring.add(1, 0, 0.5);
    ring.advance();
    ring.drainInto(target);
    assertEquals(1.75, target[0]);
    ring.drainInto(target);
    assertEquals(1.75, target[0]);
  }

  @Test
  void spikeSetCountsAndRejectsOverflow() {
    SpikeSet s = new SpikeSet("exc", 2);
    s.add(1);
    s.add(0);
    assertEquals(1, s.countInRange(1, 1));
    assertThrows(IllegalStateException.class, () -> s.add(0));
    s.clear();
    assertEquals(0, s.count);
  }

  @Test
  void recorderWritesReadableNpyFiles() throws Exception {
    SpikeSet set = new SpikeSet("exc", 4);
    float[] v = {0, 1, 2, 3};
    Recorder rec = new Recorder(1e-3);
    rec.spikes("spikes_exc", set, 1, 3);
    rec.state("v", v, 1, 2, 2);
    rec.rate("rate_exc", set, 0, 4);
    for (int step = 0; step < 3; step++) {
      set.clear();
      set.add(3);
      if (step == 1) {
        set.add(0);
      }
      v[1] = step;
      rec.record(step);
    }
    List<Path> files = rec.write(dir);
    assertEquals(List.of("spikes_exc.npy", "v.npy", "v_steps.npy", "rate_exc.npy"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    NpyArray spikes = NpyReader.read(dir.resolve("spikes_exc.npy"));
    assertArrayEquals(new int[] {3, 2}, spikes.shape());
    assertArrayEquals(new long[] {0, 2, 1, 2, 2, 2}, spikes.longs());
    NpyArray state = NpyReader.read(dir.resolve("v.npy"));
    assertArrayEquals(new int[] {2, 2}, state.shape());
    assertArrayEquals(new float[] {0, 2, 2, 2}, state.floats());
    assertArrayEquals(new long[] {0, 2}, NpyReader.read(dir.resolve("v_steps.npy")).longs());
    assertArrayEquals(new double[] {250, 500, 250}, NpyReader.read(dir.resolve("rate_exc.npy")).doubles(), 1e-9);
    try (var listing = Files.list(dir)) {
      assertEquals(4, listing.count(), "no temporary files left");
    }
  }

  @Test
  void recorderRejectsBadProbes() {
    Recorder rec = new Recorder(1e-3);
    SpikeSet set = new SpikeSet("exc", 4);
    assertThrows(IllegalArgumentException.class, () -> rec.spikes("s", set, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> rec.spikes("../s", set, 0, 1));
    rec.spikes("s", set, 0, 1);
    assertThrows(IllegalArgumentException.class, () -> rec.rate("s", set, 0, 1));
  }

  @Test
  void finiteCheckNamesLabelIndexAndStep() {
    float[] v = {0, 1, Float.NaN};
    SimulationError e = assertThrows(SimulationError.class, () -> SimulationError.requireFinite(v, "exc.v", 12, 1e-4));
    assertEquals("exc.v", e.label());
    assertEquals(2, e.index());
    assertEquals(12, e.step());
    assertTrue(e.getMessage().startsWith("exc.v[2] is NaN at step 12"), e.getMessage());
    SimulationError.requireFinite(new double[] {1, 2}, "exc.w", 0, 1e-4);
  }
}
