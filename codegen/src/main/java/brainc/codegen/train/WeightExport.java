package brainc.codegen.train;

import brainc.codegen.tensor.ParamStore;
import brainc.ir.tensor.Tensor;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export of trained weights ({@code weights.npz}), a NumPy archive written atomically;
 * checkpoints are {@link DatasetTrainer#snapshot()}s. An export holds, for each dense layer,
 * {@code NAME.weight} as float32 {@code [out, in]} and {@code NAME.bias} as float32
 * {@code [out]}: the layout of PyTorch's {@code nn.Linear},
 * so {@code numpy.load(path)["h1.weight"]} can be copied into {@code fc1.weight}.
 */
public final class WeightExport {
  private WeightExport() {}

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
