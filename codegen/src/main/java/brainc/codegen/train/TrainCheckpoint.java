package brainc.codegen.train;

import brainc.ir.train.Tensor;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import brainc.runtime.learn.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints of a dataset training run and the export of trained weights, both as NumPy
 * {@code .npz} archives written atomically (a crash leaves the previous file whole).
 *
 * <p>A checkpoint holds {@code param/NAME} (each parameter as stored, weights {@code [in, out]}),
 * {@code opt/NAME/K} (the optimizer's state arrays), {@code meta} (float64: epochs done,
 * optimizer steps, seed) and {@code history} (float64, one row per epoch done: epoch, train
 * loss, train accuracy, test loss, test accuracy, train seconds, test seconds, learning rate) and
 * {@code record} (int32, the UTF-8 bytes of the {@code name=value} lines that name everything
 * the result depends on: model, statement, settings, data; {@code --resume} compares it).
 *
 * <p>An export holds, for each dense layer, {@code NAME.weight} as float32 {@code [out, in]}
 * and {@code NAME.bias} as float32 {@code [out]} — the layout of PyTorch's {@code nn.Linear},
 * so {@code numpy.load(path)["h1.weight"]} can be copied into {@code fc1.weight}.
 */
public final class TrainCheckpoint {
  private TrainCheckpoint() {}

  public static void save(Path file, ParamStore params, Optimizer opt, long seed, List<DatasetTrainer.Epoch> history,
      String record) throws IOException {
    Map<String, NpyArray> m = new LinkedHashMap<>();
    for (String n : params.names()) m.put("param/" + n, NpyArray.of(params.value(n).clone()));
    for (Map.Entry<String, float[][]> e : opt.state().entrySet()) {
      for (int k = 0; k < e.getValue().length; k++) m.put("opt/" + e.getKey() + "/" + k, NpyArray.of(e.getValue()[k].clone()));
    }
    m.put("meta", NpyArray.of(new double[] {history.size(), opt.steps(), seed}));
    double[] h = new double[Math.max(1, history.size() * 8)];
    for (int i = 0; i < history.size(); i++) {
      DatasetTrainer.Epoch e = history.get(i);
      double[] row = {e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.trainSeconds(),
          e.testSeconds(), e.lr()};
      System.arraycopy(row, 0, h, i * 8, 8);
    }
    m.put("history", NpyArray.of(h, history.isEmpty() ? new int[] {1} : new int[] {history.size(), 8}));
    byte[] text = record.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int[] codes = new int[Math.max(1, text.length)];
    for (int i = 0; i < text.length; i++) codes[i] = text[i];
    m.put("record", NpyArray.of(codes, text.length == 0 ? new int[] {1} : new int[] {text.length}));
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    NpzFile.write(file, m);
  }

  /**
   * The record of the settings a checkpoint was written under (see the class comment), or empty
   * for a checkpoint of an earlier version that has none; a clear {@link IOException} when the
   * file is missing or not a checkpoint.
   */
  public static java.util.Optional<String> record(Path file) throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) throw new IOException("no checkpoint at " + file);
    Map<String, NpyArray> m = NpzFile.read(file);
    array(m, "meta", file);
    NpyArray r = m.get("record");
    if (r == null) return java.util.Optional.empty();
    int[] codes = r.ints();
    byte[] text = new byte[codes.length];
    for (int i = 0; i < codes.length; i++) text[i] = (byte) codes[i];
    return java.util.Optional.of(new String(text, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Restores parameters and optimizer state from a checkpoint and returns the epochs it had
   * done; a clear {@link IOException} when it does not fit the network.
   */
  public static List<DatasetTrainer.Epoch> load(Path file, ParamStore params, Optimizer opt, long seed) throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) throw new IOException("no checkpoint at " + file);
    Map<String, NpyArray> m = NpzFile.read(file);
    double[] meta = array(m, "meta", file).doubles();
    if ((long) meta[2] != seed) {
      throw new IOException(file + " was written with seed " + (long) meta[2] + ", not " + seed);
    }
    for (String n : params.names()) {
      float[] v = array(m, "param/" + n, file).floats();
      float[] into = params.value(n);
      if (v.length != into.length) throw new IOException(file + ": parameter " + n + " has " + v.length + " values, the network " + into.length);
      System.arraycopy(v, 0, into, 0, v.length);
    }
    Map<String, float[][]> state = new LinkedHashMap<>();
    for (String n : params.names()) {
      List<float[]> arrays = new ArrayList<>();
      for (int k = 0; m.containsKey("opt/" + n + "/" + k); k++) arrays.add(m.get("opt/" + n + "/" + k).floats());
      if (!arrays.isEmpty()) state.put(n, arrays.toArray(new float[0][]));
    }
    opt.restore((long) meta[1], state);
    int done = (int) meta[0];
    double[] h = array(m, "history", file).doubles();
    List<DatasetTrainer.Epoch> history = new ArrayList<>();
    for (int i = 0; i < done; i++) {
      history.add(new DatasetTrainer.Epoch((int) h[i * 8], h[i * 8 + 1], h[i * 8 + 2], h[i * 8 + 3], h[i * 8 + 4],
          h[i * 8 + 5], h[i * 8 + 6], h[i * 8 + 7], Double.NaN));
    }
    return history;
  }

  private static NpyArray array(Map<String, NpyArray> m, String key, Path file) throws IOException {
    NpyArray a = m.get(key);
    if (a == null) throw new IOException(file + " is not a training checkpoint (no `" + key + "`)");
    return a;
  }

  /** Writes the trained weights in PyTorch's layout (see the class comment). */
  public static void export(Path file, ParamStore params) throws IOException {
    Map<String, NpyArray> m = new LinkedHashMap<>();
    for (String n : params.names()) {
      Tensor t = params.tensor(n);
      float[] v = params.value(n);
      if (t.role() == Tensor.Role.WEIGHT) {
        int in = t.fanIn();
        int out = t.size();
        float[] tr = new float[v.length];
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) tr[o * in + i] = v[i * out + o];
        }
        m.put(n, NpyArray.of(tr, out, in));
      } else {
        m.put(n, NpyArray.of(v.clone(), v.length));
      }
    }
    NpzFile.write(file, m);
  }
}
