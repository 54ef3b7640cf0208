package brainc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  @TempDir Path dir;

  @Test
  void arraysCountersAndTextsRoundTripThroughTheFile() throws Exception {
    Snapshot inner = Snapshot.builder("simulation").array("v", new float[] {1.5f, -0f, Float.NaN})
        .counter("step", 1L << 53 | 1).build();
    Snapshot s = Snapshot.builder("training").put("sim", inner).array("w", new double[] {0.1, 2})
        .array("n", new int[] {3}).array("t", new long[] {Long.MIN_VALUE}).array("b", new boolean[] {true, false})
        .counter("epoch", 7).text("record", "model=a.brain\n\"quoted\" ü").build();
    Path f = dir.resolve("state.snapshot");
    s.write(f);
    Snapshot r = Snapshot.read(f).expect("training");
    assertEquals(s.arrayNames(), r.arrayNames());
    assertEquals(s.counters(), r.counters());
    assertEquals(s.texts(), r.texts());
    float[] v = new float[3];
    r.child("sim", "simulation").copyInto("v", v);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[1]));
    assertTrue(Float.isNaN(v[2]));
    assertEquals((1L << 53) | 1, r.child("sim", "simulation").counter("step"));
    boolean[] b = new boolean[2];
    r.copyInto("b", b);
    assertArrayEquals(new boolean[] {true, false}, b);
    long[] t = new long[1];
    r.copyInto("t", t);
    assertEquals(Long.MIN_VALUE, t[0]);
  }

  @Test
  void writingTheSameStateTwiceGivesTheSameBytes() throws Exception {
    Snapshot s = Snapshot.builder("x").array("a", new int[] {1, 2}).counter("c", 3).build();
    s.write(dir.resolve("1"));
    s.write(dir.resolve("2"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("1")), Files.readAllBytes(dir.resolve("2")));
  }

  @Test
  void refusalsSayWhatIsWrong() throws Exception {
    assertTrue(assertThrows(SnapshotException.class, () -> Snapshot.read(dir.resolve("none"))).getMessage()
        .startsWith("no snapshot at"));
    Files.writeString(dir.resolve("text"), "hello");
    assertTrue(assertThrows(SnapshotException.class, () -> Snapshot.read(dir.resolve("text"))).getMessage()
        .contains("is not a brainc snapshot"));
    NpzFile.write(dir.resolve("plain.npz"), java.util.Map.of("a", NpyArray.of(new int[] {1})));
    assertTrue(assertThrows(SnapshotException.class, () -> Snapshot.read(dir.resolve("plain.npz"))).getMessage()
        .contains("no brainc.snapshot entry"));
    Snapshot s = Snapshot.builder("simulation").array("a", new float[] {1}).build();
    assertTrue(assertThrows(SnapshotException.class, () -> s.expect("htm-region")).getMessage()
        .contains("not of a htm-region"));
    assertTrue(assertThrows(SnapshotException.class, () -> s.copyInto("a", new float[2])).getMessage()
        .contains("has 1 elements where this simulation has 2"));
    assertTrue(assertThrows(SnapshotException.class, () -> s.copyInto("a", new int[1])).getMessage()
        .contains("is FLOAT32"));
    assertTrue(assertThrows(SnapshotException.class, () -> s.array("b")).getMessage().contains("has no `b`"));
  }

  @Test
  void aNewerFormatIsRefusedByName() throws Exception {
    byte[] h = "{\"format\": 99, \"kind\": \"simulation\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int[] v = new int[h.length];
    for (int i = 0; i < h.length; i++) v[i] = h[i];
    NpzFile.write(dir.resolve("new"), java.util.Map.of("brainc.snapshot", NpyArray.of(v)));
    assertTrue(assertThrows(SnapshotException.class, () -> Snapshot.read(dir.resolve("new"))).getMessage()
        .contains("written by a newer brainc (snapshot format 99)"));
  }
}
