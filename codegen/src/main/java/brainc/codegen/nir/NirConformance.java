package brainc.codegen.nir;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .nir} file back with jHDF and checks it against what NIR 1.0.7's reader needs:
 * the layout (/version, /node/type "NIRGraph", /node/nodes, /node/edges of shape (n, 2), only
 * metadata/ besides), each node group holding its type and exactly that type's fields with their
 * dtypes and shapes ({@link NirTypes}), and the shapes agreeing along every edge. Tests run it on
 * every file they write; it also gives the graph read back, to compare with the one written.
 */
public final class NirConformance {
  private NirConformance() {}

  /** What was read, and every rule the file breaks (empty when it conforms). */
  public record Report(NirGraph graph, List<String> problems) {}

  public static Report check(Path file) {
    List<String> problems = new ArrayList<>();
    List<NirGraph.Node> nodes = new ArrayList<>();
    List<NirGraph.Edge> edges = new ArrayList<>();
    Map<String, Object> metadata = new LinkedHashMap<>();
    try (HdfFile f = new HdfFile(file)) {
      for (String root : f.getChildren().keySet()) {
        if (!root.equals("version") && !root.equals("node")) problems.add("/" + root + " is not part of NIR's layout");
      }
      Object version = data(f, "version");
      if (!NirWriter.VERSION.equals(version)) problems.add("/version is " + version + ", not \"" + NirWriter.VERSION + "\"");
      if (!(f.getChild("node") instanceof Group g)) {
        problems.add("/node is missing or not a group");
        return new Report(new NirGraph(nodes, edges, metadata), problems);
      }
      if (!"NIRGraph".equals(data(g, "type"))) problems.add("/node/type is not \"NIRGraph\"");
      for (String k : g.getChildren().keySet()) {
        if (!List.of("type", "nodes", "edges", "metadata").contains(k)) problems.add("/node/" + k + " is not part of NIR's layout");
      }
      if (g.getChild("nodes") instanceof Group ns) {
        for (Node n : ns.getChildren().values()) {
          if (!(n instanceof Group ng)) {
            problems.add("/node/nodes/" + n.getName() + " is not a group");
            continue;
          }
          Object type = data(ng, "type");
          Map<String, Object> fields = new LinkedHashMap<>();
          for (Node c : ng.getChildren().values()) {
            if (c.getName().equals("type")) continue;
            if (c instanceof Dataset d) fields.put(c.getName(), d.getData());
            else problems.add(ng.getPath() + c.getName() + " is a group: a node group holds only its fields");
          }
          nodes.add(new NirGraph.Node(n.getName(), type instanceof String s ? s : String.valueOf(type), fields));
        }
      } else {
        problems.add("/node/nodes is missing");
      }
      if (g.getChild("edges") instanceof Dataset d && d.getData() instanceof String[][] es) {
        for (String[] e : es) {
          if (e.length != 2) problems.add("/node/edges has a row of " + e.length);
          else edges.add(new NirGraph.Edge(e[0], e[1]));
        }
      } else {
        problems.add("/node/edges is missing or not strings of shape (n, 2)");
      }
      if (g.getChild("metadata") instanceof Group m) metadata.putAll(metadata(m));
    } catch (RuntimeException e) {
      problems.add("not readable as HDF5: " + e.getMessage());
    }
    NirGraph graph = new NirGraph(nodes, edges, metadata);
    problems.addAll(graph.problems());
    return new Report(graph, problems);
  }

  private static Object data(Group g, String name) {
    return g.getChild(name) instanceof Dataset d ? d.getData() : null;
  }

  private static Map<String, Object> metadata(Group g) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Node n : g.getChildren().values()) {
      out.put(n.getName(), n instanceof Group sub ? metadata(sub) : ((Dataset) n).getData());
    }
    return out;
  }
}
