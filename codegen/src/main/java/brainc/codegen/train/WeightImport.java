package brainc.codegen.train;

import brainc.codegen.tensor.ParamStore;
import brainc.ir.tensor.Tensor;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyDtype;
import brainc.runtime.io.NpyReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The inverse of {@link WeightExport}: initial parameters read from a NumPy archive in the export's
 * layout ({@code NAME.weight} as {@code [out, in]}, {@code NAME.bias} as {@code [out]}), so that
 * an exported {@code weights.npz}, or a PyTorch {@code state_dict} saved with {@code numpy.savez},
 * starts a training. The whole archive is checked against the program's parameters before any
 * value is used: every parameter present, no array left over, every shape as declared, float32
 * or float64 elements (float64 is rounded once to float32, so a float32 export reads back bit for
 * bit).
 */
public final class WeightImport {
  private WeightImport() {}

  /** Why an archive cannot initialise a training: it cannot be read, or it does not fit the network. */
  public static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unreadable;

    Problem(boolean unreadable, String message) {
      super(message);
      this.unreadable = unreadable;
    }

    /** True when the file cannot be read as an archive at all; false when its arrays do not fit. */
    public boolean unreadable() {
      return unreadable;
    }
  }

  /**
   * Reads {@code file} and checks it against {@code params} (a program's parameters, in
   * declaration order); returns each parameter's values in {@link ParamStore}'s layout.
   */
  public static Map<String, float[]> read(Path file, List<Tensor> params) throws Problem {
    Map<String, NpyArray> arrays = arrays(file);
    List<String> problems = new ArrayList<>();
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Tensor t : params) {
      NpyArray a = arrays.get(t.name());
      int[] want = t.role() == Tensor.Role.WEIGHT ? new int[] {t.size(), t.fanIn()} : new int[] {t.size()};
      if (a == null) {
        problems.add("the parameter `" + t.name() + "` " + shape(want) + " is missing");
      } else if (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64) {
        problems.add("`" + t.name() + "` is " + a.dtype().name().toLowerCase(java.util.Locale.ROOT)
            + ", not float32 or float64");
      } else if (!Arrays.equals(a.shape(), want)) {
        problems.add("`" + t.name() + "` has shape " + shape(a.shape()) + " in the file, but the network's is "
            + shape(want) + (t.role() == Tensor.Role.WEIGHT ? " ([out, in])" : ""));
      } else {
        out.put(t.name(), layout(t, floats(a)));
      }
    }
    for (String name : arrays.keySet()) {
      if (params.stream().noneMatch(t -> t.name().equals(name))) {
        problems.add("the array `" + name + "` is not a parameter of the network (its parameters: "
            + String.join(", ", params.stream().map(Tensor::name).toList()) + ")");
      }
    }
    if (!problems.isEmpty()) throw new Problem(false, String.join("; ", problems));
    return out;
  }

  /** Copies values that {@link #read} returned into the parameters' live arrays. */
  public static void apply(ParamStore params, Map<String, float[]> values) {
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      float[] v = params.value(e.getKey());
      System.arraycopy(e.getValue(), 0, v, 0, v.length);
    }
  }

  /** A weight's {@code [out, in]} rows become {@link ParamStore}'s input-major {@code [in, out]}. */
  private static float[] layout(Tensor t, float[] v) {
    if (t.role() != Tensor.Role.WEIGHT) return v;
    int in = t.fanIn();
    int out = t.size();
    float[] tr = new float[v.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) tr[i * out + o] = v[o * in + i];
    }
    return tr;
  }

  private static float[] floats(NpyArray a) {
    if (a.dtype() == NpyDtype.FLOAT32) return a.floats();
    double[] d = a.doubles();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  private static String shape(int[] s) {
    return Arrays.toString(s);
  }

  /** Every {@code .npy} entry of the archive, by name without {@code .npy}; any other entry is refused. */
  private static Map<String, NpyArray> arrays(Path file) throws Problem {
    if (Files.isDirectory(file)) throw new Problem(true, "it is a folder, not an .npz file");
    Map<String, NpyArray> out = new LinkedHashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      in.mark(4);
      byte[] magic = in.readNBytes(4);
      in.reset();
      // A ZIP archive starts with a local header (PK 3 4), or is an empty one (PK 5 6).
      if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || !(magic[2] == 3 && magic[3] == 4
          || magic[2] == 5 && magic[3] == 6)) {
        throw new Problem(true, "not an .npz archive (numpy.savez writes one; a single .npy array is not)");
      }
      ZipInputStream zip = new ZipInputStream(in);
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.isDirectory()) continue;
        if (!e.getName().endsWith(".npy")) {
          throw new Problem(true, "the entry `" + e.getName() + "` is not an .npy array");
        }
        String name = e.getName().substring(0, e.getName().length() - 4);
        try {
          out.put(name, NpyReader.read(zip));
        } catch (NpyReader.NpyFormatException x) {
          throw new Problem(true, "the array `" + name + "` cannot be read: " + x.getMessage()
              + " (--init takes float32 or float64 arrays)");
        }
      }
    } catch (NoSuchFileException x) {
      throw new Problem(true, "no such file");
    } catch (ZipException x) {
      throw new Problem(true, "not a valid .npz archive (" + x.getMessage() + ")");
    } catch (IOException x) {
      throw new Problem(true, "cannot read it (" + (x.getMessage() == null ? x.getClass().getSimpleName()
          : x.getMessage()) + ")");
    }
    return out;
  }
}
