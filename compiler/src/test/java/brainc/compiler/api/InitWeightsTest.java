package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Code;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import brainc.runtime.io.ResultFolder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --init} through the library API: an exported {@code weights.npz} read back into a fresh
 * run gives the same parameters bit for bit (in float32 and in float64), it is what training
 * starts from, and each way an archive can fail to fit is refused, with its code, before any file
 * is written.
 */
class InitWeightsTest {
  @TempDir Path dir;

  private static final String MODEL = """
      use brain.neurons.Leaky
      network Halves {
        input pixels[16] encode bernoulli(steps = 4)
        layer h = Leaky[6]
        layer out = Leaky[2]
        connect pixels -> h -> out dense
        output logits = spike_count(out)
      }
      train Halves on dataset fashion_mnist {
        loss cross_entropy(logits)
        optimizer adam(lr = 0.02)
        epochs 2
        batch 8
        seed 5
      }
      """;

  private Trainings.Plan plan;

  @BeforeEach
  void model() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    split(data, "train", 40, 1);
    split(data, "t10k", 16, 2);
    Path model = dir.resolve("m.brain");
    Files.writeString(model, MODEL);
    plan = Trainings.plan(model, Compiler.check(model), data);
  }

  private DatasetTrainingRun.Result train(String out, Integer epochs, Path init) throws IOException {
    Path target = dir.resolve(out);
    var options = new DatasetTrainingRun.Options(epochs, null, null, dir.resolve("data"), false, "jvm", 1, false, null,
        null, null, init);
    try (ResultFolder folder = ResultFolder.open(target, Map.of("command", "train"))) {
      var r = DatasetTrainingRun.run(plan.module(), plan.statements().get(0), options, new TrainingFiles(folder, "",
          target, Trainings.defaultCheckpoint(target), plan.modelHash(), 0, () -> false), new DatasetTrainingRun.Listener() {});
      folder.commit();
      return r;
    }
  }

  private byte[] bytes(String file) throws IOException {
    return Files.readAllBytes(dir.resolve(file));
  }

  @Test
  void anExportReadBackWithNoEpochsIsTheSameBitForBit() throws IOException {
    train("first", null, null);
    train("again", 0, dir.resolve("first/weights.npz"));
    assertArrayEquals(bytes("first/weights.npz"), bytes("again/weights.npz"));
    // float64 archives (numpy's default) round once to float32: a float32 export widened reads back the same.
    Map<String, NpyArray> wide = new LinkedHashMap<>();
    NpzFile.read(dir.resolve("first/weights.npz")).forEach((k, v) -> {
      float[] f = v.floats();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) d[i] = f[i];
      wide.put(k, NpyArray.of(d, v.shape()));
    });
    NpzFile.write(dir.resolve("wide.npz"), wide);
    train("wide", 0, dir.resolve("wide.npz"));
    assertArrayEquals(bytes("first/weights.npz"), bytes("wide/weights.npz"));
  }

  @Test
  void trainingStartsFromTheArchive() throws IOException {
    train("first", 1, null);
    // One epoch from the export of one epoch is not two epochs (the optimizer's moments start
    // afresh), but it differs from one epoch from random parameters: the archive was read.
    train("continued", 1, dir.resolve("first/weights.npz"));
    assertFalse(java.util.Arrays.equals(bytes("first/weights.npz"), bytes("continued/weights.npz")));
    // Zero-epoch round trip of a trained export: the weights a second run starts from are exactly those.
    train("zero", 0, dir.resolve("continued/weights.npz"));
    assertArrayEquals(bytes("continued/weights.npz"), bytes("zero/weights.npz"));
  }

  private InitWeightsException refused(Consumer<Map<String, NpyArray>> edit) throws IOException {
    train("first", 0, null);
    Map<String, NpyArray> arrays = new LinkedHashMap<>(NpzFile.read(dir.resolve("first/weights.npz")));
    edit.accept(arrays);
    NpzFile.write(dir.resolve("bad.npz"), arrays);
    return refused(dir.resolve("bad.npz"));
  }

  private InitWeightsException refused(Path init) {
    InitWeightsException e = assertThrows(InitWeightsException.class, () -> train("bad", 1, init));
    assertFalse(Files.exists(dir.resolve("bad")), "nothing is published");
    assertFalse(Files.exists(dir.resolve("bad.checkpoint")), "no checkpoint is written");
    assertEquals(init, e.file());
    return e;
  }

  @Test
  void aMissingParameterIsNamed() throws IOException {
    InitWeightsException e = refused(a -> a.remove("out.bias"));
    assertEquals(Code.E1026, e.code());
    assertEquals("the parameter `out.bias` [2] is missing", e.getMessage());
  }

  @Test
  void anExtraArrayIsNamedWithTheParameters() throws IOException {
    InitWeightsException e = refused(a -> a.put("h2.weight", NpyArray.of(new float[4], 2, 2)));
    assertEquals(Code.E1026, e.code());
    assertEquals("the array `h2.weight` is not a parameter of the network (its parameters: h.weight, h.bias, "
        + "out.weight, out.bias)", e.getMessage());
  }

  @Test
  void aMisShapedArrayNamesBothShapes() throws IOException {
    // The transpose of nn.Linear's layout, the commonest mistake.
    InitWeightsException e = refused(a -> a.put("h.weight", NpyArray.of(new float[96], 16, 6)));
    assertEquals(Code.E1026, e.code());
    assertEquals("`h.weight` has shape [16, 6] in the file, but the network's is [6, 16] ([out, in])", e.getMessage());
  }

  @Test
  void integersAreRefused() throws IOException {
    InitWeightsException e = refused(a -> a.put("out.bias", NpyArray.of(new int[2], 2)));
    assertEquals(Code.E1026, e.code());
    assertEquals("`out.bias` is int32, not float32 or float64", e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() throws IOException {
    InitWeightsException e = refused(a -> {
      a.remove("h.bias");
      a.put("extra", NpyArray.of(new float[1], 1));
    });
    assertTrue(e.getMessage().contains("`h.bias` [6] is missing") && e.getMessage().contains("`extra`"), e.getMessage());
  }

  @Test
  void unreadableFilesAreRefused() throws IOException {
    assertEquals("no such file", refused(dir.resolve("none.npz")).getMessage());
    Files.writeString(dir.resolve("text.npz"), "h.weight,h.bias\n");
    InitWeightsException e = refused(dir.resolve("text.npz"));
    assertEquals(Code.E1025, e.code());
    assertTrue(e.getMessage().startsWith("not an .npz archive"), e.getMessage());
    assertEquals(Code.E1025, refused(Files.createDirectories(dir.resolve("folder.npz"))).code());
    byte[] whole = Files.readAllBytes(writeExport());
    Files.write(dir.resolve("cut.npz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    assertEquals(Code.E1025, refused(dir.resolve("cut.npz")).code());
  }

  private Path writeExport() throws IOException {
    train("first", 0, null);
    return dir.resolve("first/weights.npz");
  }

  @Test
  void initAndResumeConflict() {
    assertThrows(IllegalArgumentException.class, () -> new DatasetTrainingRun.Options(1, null, null, null, true, "jvm", 1,
        false, null, null, null, dir.resolve("w.npz")));
  }

  // ---- a tiny IDX dataset: the bright half of a 4 x 4 image, left or right ----

  private static void split(Path dir, String prefix, int n, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] px = new byte[n * 16];
    byte[] labels = new byte[n];
    for (int s = 0; s < n; s++) {
      int c = r.nextInt(2);
      labels[s] = (byte) c;
      for (int i = 0; i < 16; i++) px[s * 16 + i] = (byte) (((i % 4) < 2) == (c == 0) ? 200 + r.nextInt(56) : r.nextInt(40));
    }
    idx(dir.resolve(prefix + "-images-idx3-ubyte"), px, n, 4, 4);
    idx(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, n);
  }

  private static void idx(Path path, byte[] data, int... shape) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x0800 | shape.length);
    for (int d : shape) out.writeInt(d);
    out.write(data);
    out.flush();
    Files.write(path, bytes.toByteArray());
  }
}
