package brainc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** Writes an IDX file of unsigned bytes with the given shape. */
  static void writeIdx(Path path, byte[] data, int... shape) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) out.writeInt(d);
    out.write(data);
    out.flush();
    if (path.toString().endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(path))) {
        o.write(bytes.toByteArray());
      }
    } else {
      Files.write(path, bytes.toByteArray());
    }
  }

  @Test
  void readsPlainAndGzippedFilesAlike() throws IOException {
    byte[] data = {0, 1, (byte) 200, (byte) 255, 7, 8};
    writeIdx(dir.resolve("a.idx"), data, 2, 3);
    writeIdx(dir.resolve("a.idx.gz"), data, 2, 3);
    for (String name : new String[] {"a.idx", "a.idx.gz"}) {
      Idx.Array a = Idx.read(dir.resolve(name));
      assertArrayEquals(new int[] {2, 3}, a.shape());
      assertEquals(200.0, a.get(2));
      assertEquals(255.0, a.get(3));
    }
  }

  @Test
  void readsAPairOfImageAndLabelFilesScaledToOne() throws IOException {
    byte[] px = new byte[3 * 4];
    for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 20);
    writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), px, 3, 2, 2);
    writeIdx(dir.resolve("train-labels-idx1-ubyte"), new byte[] {2, 0, 1}, 3);
    ImageDataset d = ImageDataset.read(dir, "train");
    assertEquals(3, d.size());
    assertEquals(4, d.features());
    assertEquals(3, d.classes());
    assertEquals(1, d.label(2));
    assertEquals(100 / 255f, d.pixel(1, 1));
  }

  @Test
  void aMissingDatasetNamesThePathAndTheInstallCommand() {
    IOException e = assertThrows(ImageDataset.MissingDatasetException.class,
        () -> ImageDataset.read(dir.resolve("nowhere"), "train"));
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    assertTrue(e.getMessage().contains("bin/install-data"), e.getMessage());
  }

  @Test
  void malformedFilesGiveAnErrorNotACrash() throws IOException {
    Files.write(dir.resolve("bad"), new byte[] {1, 2, 3, 4, 5});
    assertThrows(IOException.class, () -> Idx.read(dir.resolve("bad")));
    writeIdx(dir.resolve("short"), new byte[] {1, 2}, 2, 3);
    IOException e = assertThrows(IOException.class, () -> Idx.read(dir.resolve("short")));
    assertTrue(e.getMessage().contains("truncated"));
  }

  @Test
  void shufflingIsAPermutationFixedBySeedAndEpoch() {
    int[] a = Shuffle.permutation(1000, 42, 0);
    assertArrayEquals(a, Shuffle.permutation(1000, 42, 0));
    assertNotEquals(Arrays.toString(a), Arrays.toString(Shuffle.permutation(1000, 42, 1)));
    assertNotEquals(Arrays.toString(a), Arrays.toString(Shuffle.permutation(1000, 43, 0)));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
  }

  @Test
  void npzArchivesRoundTrip() throws IOException {
    Map<String, NpyArray> m = new LinkedHashMap<>();
    m.put("h1.weight", NpyArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    m.put("h1.bias", NpyArray.of(new float[] {7, 8}, 2));
    NpzFile.write(dir.resolve("w.npz"), m);
    Map<String, NpyArray> back = NpzFile.read(dir.resolve("w.npz"));
    assertEquals(m.keySet(), back.keySet());
    assertArrayEquals(new int[] {2, 3}, back.get("h1.weight").shape());
    assertArrayEquals(new float[] {7, 8}, back.get("h1.bias").floats());
  }

  @Test
  void aHeaderThatDisagreesWithTheFileSizeIsRefusedBeforeAllocating() throws IOException {
    // Claims 2^30 bytes of data: refused by the file's size, not by running out of memory.
    Files.write(dir.resolve("huge"), new byte[] {0, 0, 8, 3, 0, 0, 0x40, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3});
    IOException e = assertThrows(IOException.class, () -> Idx.read(dir.resolve("huge")));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("huge"), e.getMessage());
    writeIdx(dir.resolve("huge.gz"), new byte[] {1, 2, 3}, 1 << 30, 1, 1);
    IOException g = assertThrows(IOException.class, () -> Idx.read(dir.resolve("huge.gz")));
    assertTrue(g.getMessage().contains("truncated"), g.getMessage());
    writeIdx(dir.resolve("long"), new byte[] {1, 2, 3, 4}, 3);
    IOException l = assertThrows(IOException.class, () -> Idx.read(dir.resolve("long")));
    assertTrue(l.getMessage().contains("1 bytes after"), l.getMessage());
  }

  @Test
  void textAndBrokenGzipAreNamedForWhatTheyAre() throws IOException {
    Files.writeString(dir.resolve("text"), "hello, world\n");
    IOException t = assertThrows(IOException.class, () -> Idx.read(dir.resolve("text")));
    assertTrue(t.getMessage().contains("not an IDX file"), t.getMessage());
    Files.write(dir.resolve("x.gz"), new byte[] {1, 2, 3, 4, 5});
    IOException z = assertThrows(IOException.class, () -> Idx.read(dir.resolve("x.gz")));
    assertTrue(z.getMessage().contains("gzip"), z.getMessage());
  }

  @Test
  void aDataPathThatIsAFileIsNotReportedAsMissing() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    IOException e = assertThrows(IOException.class, () -> ImageDataset.read(f, "train"));
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }
}
