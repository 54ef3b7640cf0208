package brainc.codegen.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link NirGraph} as NIR 1.0.7's HDF5 layout with jHDF:
 *
 * <pre>
 *   /version                     "1.0.7"
 *   /node/type                   "NIRGraph"
 *   /node/nodes/NAME/type        the node's type, then exactly its fields (NirTypes)
 *   /node/edges                  strings, (n, 2)
 *   /node/metadata/KEY           what NIR has no field for (dt, units, reset mode, ...)
 * </pre>
 *
 * The emitter rules it keeps: (1) a node group holds its type and exactly that type's fields,
 * everything else goes under metadata/; (2) the graph has explicit Input and Output nodes; (3)
 * neuron parameters are arrays of the neuron shape; (4) no Conv nodes, so no input_shape; (5) no
 * zero-length arrays (jHDF cannot write them; an edgeless graph is refused before); (6) version
 * "1.0.7"; (7) arrays deflated on request; (8) shapes int64. A graph that breaks one is refused
 * here ({@link IllegalArgumentException}: the recognizer should never build one). The same graph
 * gives the same bytes.
 */
public final class NirWriter {
  private NirWriter() {}

  /** The NIR version written in /version. */
  public static final String VERSION = "1.0.7";

  /** Writes {@code graph} to {@code file} (overwriting it), deflating arrays when {@code compress}. */
  public static void write(NirGraph graph, Path file, boolean compress) {
    List<String> problems = graph.problems();
    if (!problems.isEmpty()) throw new IllegalArgumentException("not a NIR graph: " + problems);
    try (WritableHdfFile f = HdfFile.write(file)) {
      f.putDataset("version", VERSION);
      WritableGroup g = f.putGroup("node");
      g.putDataset("type", "NIRGraph");
      WritableGroup nodes = g.putGroup("nodes");
      for (NirGraph.Node n : graph.nodes()) {
        WritableGroup ng = nodes.putGroup(n.name());
        ng.putDataset("type", n.type());
        for (var e : n.fields().entrySet()) put(ng, e.getKey(), e.getValue(), compress);
      }
      String[][] edges = new String[graph.edges().size()][];
      for (int i = 0; i < edges.length; i++) {
        NirGraph.Edge e = graph.edges().get(i);
        edges[i] = new String[] {e.src(), e.dst()};
      }
      g.putDataset("edges", edges);
      if (!graph.metadata().isEmpty()) metadata(g.putGroup("metadata"), graph.metadata());
    }
  }

  /** The bytes of {@code graph}'s file (jHDF writes only to paths: through a temporary file). */
  public static byte[] bytes(NirGraph graph, boolean compress) throws IOException {
    Path tmp = Files.createTempFile("brainc-", ".nir");
    try {
      write(graph, tmp, compress);
      return Files.readAllBytes(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @SuppressWarnings("unchecked")
  private static void metadata(WritableGroup g, Map<String, Object> values) {
    for (var e : values.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        metadata(g.putGroup(e.getKey()), (Map<String, Object>) m);
      } else if (v instanceof String || v instanceof Double || v instanceof Long) {
        g.putDataset(e.getKey(), v);
      } else {
        throw new IllegalArgumentException("metadata " + e.getKey() + " is a " + v.getClass().getSimpleName());
      }
    }
  }

  private static void put(WritableGroup g, String name, Object value, boolean compress) {
    if (!compress) {
      g.putDataset(name, value);
      return;
    }
    int[] chunk;
    if (value instanceof float[][] w) chunk = new int[] {Math.max(1, Math.min(w.length, (1 << 16) / Math.max(1, w[0].length))), w[0].length};
    else if (value instanceof double[] d) chunk = new int[] {d.length};
    else if (value instanceof float[] b) chunk = new int[] {b.length};
    else if (value instanceof long[] s) chunk = new int[] {s.length};
    else throw new IllegalArgumentException(name + " is a " + value.getClass().getSimpleName());
    g.putDataset(name, value, DatasetCreationOptions.builder().chunkDimensions(chunk).deflate(1).build());
  }
}
