package brainc.codegen.nir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A NIR graph (NIR 1.0.7) as the {@code nir} target writes it: named nodes of NIR's types with
 * their fields, unweighted edges between them, and the graph's metadata. Field values are
 * {@code double[]} (neuron parameters and delays, float64), {@code float[][]} and {@code float[]}
 * (weights and biases, float32, {@code [out, in]} as in PyTorch) or {@code long[]} (shapes,
 * int64); metadata values are strings, doubles or nested maps. Node order is the file's order.
 */
public record NirGraph(List<Node> nodes, List<Edge> edges, Map<String, Object> metadata) {
  public NirGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** One node: its name in the graph, its NIR type ({@link NirTypes}) and exactly that type's fields. */
  public record Node(String name, String type, Map<String, Object> fields) {
    public Node {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  /** An edge from the output of {@code src} to the input of {@code dst}. */
  public record Edge(String src, String dst) {
    public Edge {
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(dst, "dst");
    }
  }

  /** The node called {@code name}. */
  public java.util.Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /**
   * What is wrong with this graph as NIR reads it (empty when nothing is): unknown types, missing
   * or extra fields, fields of the wrong dtype or shape, duplicate names, dangling edges, shapes
   * that disagree along an edge, no Input or no Output. The pass manager runs it after
   * recognize-nir; {@link NirConformance} runs the same rules on a file read back.
   */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node n : nodes) {
      if (n.name().isEmpty() || n.name().contains("/")) out.add("node name `" + n.name() + "` is empty or has a `/`");
      if (!names.add(n.name())) out.add("two nodes are called `" + n.name() + "`");
      out.addAll(NirTypes.problems(n.name(), n.type(), n.fields()));
    }
    if (nodes.stream().noneMatch(n -> n.type().equals("Input"))) out.add("no Input node");
    if (nodes.stream().noneMatch(n -> n.type().equals("Output"))) out.add("no Output node");
    if (edges.isEmpty()) out.add("no edges");
    Set<Edge> seen = new HashSet<>();
    for (Edge e : edges) {
      if (!seen.add(e)) out.add("the edge " + e.src() + " -> " + e.dst() + " is there twice");
      Node s = node(e.src()).orElse(null);
      Node d = node(e.dst()).orElse(null);
      if (s == null || d == null) {
        out.add("the edge " + e.src() + " -> " + e.dst() + " names a node that is not there");
        continue;
      }
      if (s.type().equals("Output")) out.add("the edge " + e.src() + " -> " + e.dst() + " leaves an Output");
      if (d.type().equals("Input")) out.add("the edge " + e.src() + " -> " + e.dst() + " enters an Input");
      long[] so = NirTypes.outputShape(s.type(), s.fields());
      long[] di = NirTypes.inputShape(d.type(), d.fields());
      if (so != null && di != null && !java.util.Arrays.equals(so, di)) {
        out.add("the edge " + e.src() + " -> " + e.dst() + " joins shape " + java.util.Arrays.toString(so) + " to "
            + java.util.Arrays.toString(di));
      }
    }
    return out;
  }
}
