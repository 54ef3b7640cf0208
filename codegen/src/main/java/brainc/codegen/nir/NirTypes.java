package brainc.codegen.nir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NIR 1.0.7's node types that the {@code nir} target writes and checks, each with exactly its
 * fields (NIR's reader passes every dataset of a node group to the type's constructor, so one
 * field more breaks reading) and their dtypes and shapes: neuron parameters are arrays of the
 * neuron shape (never 0-d: NIR cannot type-check those), weights {@code [out, in]}, shapes int64.
 */
public final class NirTypes {
  private NirTypes() {}

  /** How a field is stored. */
  public enum Kind {
    /** float64 array of the node's neuron shape N. */
    NEURON_F64,
    /** float32 matrix [out, in]. */
    MATRIX_F32,
    /** float32 vector [out], out being the matrix's first dimension. */
    BIAS_F32,
    /** int64 vector: a shape. */
    SHAPE_I64
  }

  /** The fields of each type, in the order they are written. */
  public static final Map<String, Map<String, Kind>> FIELDS = fields();

  private static Map<String, Map<String, Kind>> fields() {
    Map<String, Map<String, Kind>> m = new LinkedHashMap<>();
    m.put("Input", ordered("shape", Kind.SHAPE_I64));
    m.put("Output", ordered("shape", Kind.SHAPE_I64));
    m.put("Linear", ordered("weight", Kind.MATRIX_F32));
    m.put("Affine", ordered("weight", Kind.MATRIX_F32, "bias", Kind.BIAS_F32));
    m.put("Delay", ordered("delay", Kind.NEURON_F64));
    m.put("LI", ordered("tau", Kind.NEURON_F64, "r", Kind.NEURON_F64, "v_leak", Kind.NEURON_F64));
    m.put("LIF", ordered("tau", Kind.NEURON_F64, "r", Kind.NEURON_F64, "v_leak", Kind.NEURON_F64,
        "v_threshold", Kind.NEURON_F64, "v_reset", Kind.NEURON_F64));
    m.put("CubaLI", ordered("tau_syn", Kind.NEURON_F64, "tau_mem", Kind.NEURON_F64, "r", Kind.NEURON_F64,
        "v_leak", Kind.NEURON_F64, "w_in", Kind.NEURON_F64));
    m.put("CubaLIF", ordered("tau_syn", Kind.NEURON_F64, "tau_mem", Kind.NEURON_F64, "r", Kind.NEURON_F64,
        "v_leak", Kind.NEURON_F64, "v_threshold", Kind.NEURON_F64, "v_reset", Kind.NEURON_F64, "w_in", Kind.NEURON_F64));
    m.put("IF", ordered("r", Kind.NEURON_F64, "v_threshold", Kind.NEURON_F64, "v_reset", Kind.NEURON_F64));
    m.put("I", ordered("r", Kind.NEURON_F64));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Map<String, Kind> ordered(Object... pairs) {
    Map<String, Kind> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Kind) pairs[i + 1]);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** What is wrong with a node of {@code type} holding {@code fields}. */
  public static List<String> problems(String node, String type, Map<String, Object> fields) {
    List<String> out = new ArrayList<>();
    Map<String, Kind> want = FIELDS.get(type);
    if (want == null) {
      out.add(node + ": `" + type + "` is not a node type the nir target writes");
      return out;
    }
    for (String f : fields.keySet()) if (!want.containsKey(f)) out.add(node + ": " + type + " has no field `" + f + "`");
    long neurons = -1;
    int rows = -1;
    for (var e : want.entrySet()) {
      Object v = fields.get(e.getKey());
      String where = node + "/" + e.getKey();
      if (v == null) {
        out.add(where + " is missing");
        continue;
      }
      switch (e.getValue()) {
        case NEURON_F64 -> {
          if (!(v instanceof double[] d)) {
            out.add(where + " is not a float64 array");
          } else if (d.length == 0) {
            out.add(where + " is empty");
          } else if (neurons >= 0 && d.length != neurons) {
            out.add(where + " has " + d.length + " elements where the node's other parameters have " + neurons);
          } else {
            neurons = d.length;
          }
        }
        case MATRIX_F32 -> {
          if (!(v instanceof float[][] w) || w.length == 0 || w[0].length == 0) {
            out.add(where + " is not a non-empty float32 matrix");
          } else {
            for (float[] row : w) if (row.length != w[0].length) out.add(where + " is ragged");
            rows = w.length;
          }
        }
        case BIAS_F32 -> {
          if (!(v instanceof float[] b) || b.length == 0) out.add(where + " is not a non-empty float32 vector");
          else if (rows >= 0 && b.length != rows) out.add(where + " has " + b.length + " elements for " + rows + " outputs");
        }
        case SHAPE_I64 -> {
          if (!(v instanceof long[] s) || s.length == 0) out.add(where + " is not a non-empty int64 shape");
          else for (long x : s) if (x < 1) out.add(where + " has a dimension " + x);
        }
      }
    }
    return out;
  }

  /** The shape a node of {@code type} reads, or null where it cannot be told (a bad node). */
  public static long[] inputShape(String type, Map<String, Object> fields) {
    return switch (type) {
      case "Input", "Output" -> fields.get("shape") instanceof long[] s ? s : null;
      case "Linear", "Affine" -> fields.get("weight") instanceof float[][] w && w.length > 0 ? new long[] {w[0].length} : null;
      default -> neuronShape(type, fields);
    };
  }

  /** The shape a node of {@code type} gives, or null where it cannot be told. */
  public static long[] outputShape(String type, Map<String, Object> fields) {
    return switch (type) {
      case "Input", "Output" -> fields.get("shape") instanceof long[] s ? s : null;
      case "Linear", "Affine" -> fields.get("weight") instanceof float[][] w ? new long[] {w.length} : null;
      default -> neuronShape(type, fields);
    };
  }

  private static long[] neuronShape(String type, Map<String, Object> fields) {
    Map<String, Kind> want = FIELDS.get(type);
    if (want == null) return null;
    for (var e : want.entrySet()) {
      if (e.getValue() == Kind.NEURON_F64 && fields.get(e.getKey()) instanceof double[] d) return new long[] {d.length};
    }
    return null;
  }
}
