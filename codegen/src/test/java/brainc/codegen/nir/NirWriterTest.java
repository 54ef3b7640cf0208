package brainc.codegen.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** B6's emitter rules, each on a file written and read back, and byte-determinism. */
class NirWriterTest {
  @TempDir Path dir;

  private static double[] n(double v, int k) {
    double[] a = new double[k];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** Input(4) -> Affine(3x4) -> LIF(3) -> Linear(2x3) -> Delay(2) -> LI(2) -> Output(2). */
  static NirGraph sample() {
    Map<String, Object> lif = new LinkedHashMap<>();
    lif.put("tau", n(0.02, 3));
    lif.put("r", n(200, 3));
    lif.put("v_leak", n(0, 3));
    lif.put("v_threshold", n(1, 3));
    lif.put("v_reset", n(0, 3));
    Map<String, Object> li = new LinkedHashMap<>();
    li.put("tau", n(0.005, 2));
    li.put("r", n(50, 2));
    li.put("v_leak", n(0, 2));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("dt", 1e-4);
    meta.put("units", Map.of("tau", "s"));
    return new NirGraph(List.of(
        new NirGraph.Node("input", "Input", Map.of("shape", new long[] {4})),
        new NirGraph.Node("fc1", "Affine", Map.of("weight", new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}},
            "bias", new float[] {0.5f, 0, -0.5f})),
        new NirGraph.Node("lif1", "LIF", lif),
        new NirGraph.Node("fc2", "Linear", Map.of("weight", new float[][] {{1, 0, 1}, {0, 1, 0}})),
        new NirGraph.Node("late", "Delay", Map.of("delay", n(2e-4, 2))),
        new NirGraph.Node("li", "LI", li),
        new NirGraph.Node("output", "Output", Map.of("shape", new long[] {2}))),
        List.of(new NirGraph.Edge("input", "fc1"), new NirGraph.Edge("fc1", "lif1"), new NirGraph.Edge("lif1", "fc2"),
            new NirGraph.Edge("fc2", "late"), new NirGraph.Edge("late", "li"), new NirGraph.Edge("li", "output")),
        meta);
  }

  @Test
  void aGraphReadsBackConformingWithEveryFieldAndDtypeAsWritten() throws Exception {
    for (boolean compress : new boolean[] {false, true}) {
      Path f = dir.resolve("g" + compress + ".nir");
      NirWriter.write(sample(), f, compress);
      NirConformance.Report r = NirConformance.check(f);
      assertEquals(List.of(), r.problems());
      assertEquals(sample().edges(), r.graph().edges());
      for (NirGraph.Node want : sample().nodes()) {
        NirGraph.Node got = r.graph().node(want.name()).orElseThrow();
        assertEquals(want.type(), got.type());
        // (1) exactly the type's fields
        assertEquals(want.fields().keySet(), got.fields().keySet());
        for (var e : want.fields().entrySet()) {
          Object g = got.fields().get(e.getKey());
          if (e.getValue() instanceof double[] d) assertArrayEquals(d, (double[]) g); // (3) neuron-shaped float64
          else if (e.getValue() instanceof float[][] w) assertArrayEquals(w, (float[][]) g);
          else if (e.getValue() instanceof float[] b) assertArrayEquals(b, (float[]) g);
          else assertArrayEquals((long[]) e.getValue(), (long[]) g); // (8) int64 shapes
        }
      }
      assertEquals(1e-4, r.graph().metadata().get("dt"));
      try (HdfFile h = new HdfFile(f)) {
        assertEquals("1.0.7", ((Dataset) h.getChild("version")).getData()); // (6)
        Dataset w = (Dataset) ((Group) ((Group) ((Group) h.getChild("node")).getChild("nodes")).getChild("fc1"))
            .getChild("weight");
        assertEquals(compress, !w.getFilters().isEmpty(), "(7) deflated exactly when asked");
      }
    }
  }

  @Test
  void theSameGraphGivesTheSameBytes() throws Exception {
    assertArrayEquals(NirWriter.bytes(sample(), false), NirWriter.bytes(sample(), false));
    assertArrayEquals(NirWriter.bytes(sample(), true), NirWriter.bytes(sample(), true));
  }

  private static NirGraph replace(NirGraph g, NirGraph.Node node) {
    List<NirGraph.Node> nodes = g.nodes().stream().map(n -> n.name().equals(node.name()) ? node : n).toList();
    return new NirGraph(nodes, g.edges(), g.metadata());
  }

  @Test
  void aGraphThatBreaksARuleIsRefusedBeforeAnythingIsWritten() {
    NirGraph ok = sample();
    Map<String, Object> extra = new LinkedHashMap<>(ok.node("li").orElseThrow().fields());
    extra.put("dt", new double[] {1e-4, 1e-4});
    Map<String, Object> scalar = new LinkedHashMap<>(ok.node("li").orElseThrow().fields());
    scalar.put("tau", new double[0]);
    Map<String, Object> ragged = new LinkedHashMap<>(ok.node("li").orElseThrow().fields());
    ragged.put("r", new double[] {50});
    List<NirGraph> bad = List.of(
        replace(ok, new NirGraph.Node("li", "LI", extra)), // (1) an extra field breaks nir.read
        replace(ok, new NirGraph.Node("li", "LI", scalar)), // (3), (5) no empty arrays
        replace(ok, new NirGraph.Node("li", "LI", ragged)), // (3) one neuron shape per node
        replace(ok, new NirGraph.Node("input", "Output", Map.of("shape", new long[] {4}))), // (2) no Input
        replace(ok, new NirGraph.Node("input", "Input", Map.of("shape", new long[] {5}))), // shapes along an edge
        replace(ok, new NirGraph.Node("fc1", "Conv2d", Map.of())), // (4) no Conv: not a type written
        new NirGraph(ok.nodes(), List.of(), ok.metadata())); // (5) no zero-length edges
    for (NirGraph g : bad) {
      Path f = dir.resolve("bad.nir");
      assertThrows(IllegalArgumentException.class, () -> NirWriter.write(g, f, false), g.toString());
      assertTrue(!Files.exists(f) || f.toFile().length() == 0);
    }
  }

  @Test
  void theCheckerFindsAFieldTooManyInAFileWrittenByHand() throws Exception {
    Path f = dir.resolve("hand.nir");
    try (var w = HdfFile.write(f)) {
      w.putDataset("version", "1.0.7");
      var g = w.putGroup("node");
      g.putDataset("type", "NIRGraph");
      var ns = g.putGroup("nodes");
      var in = ns.putGroup("input");
      in.putDataset("type", "Input");
      in.putDataset("shape", new long[] {2});
      var li = ns.putGroup("li");
      li.putDataset("type", "LI");
      li.putDataset("tau", new double[] {1, 1});
      li.putDataset("r", new double[] {1, 1});
      li.putDataset("v_leak", new float[] {0, 0});
      li.putDataset("dt", new double[] {1, 1});
      var out = ns.putGroup("output");
      out.putDataset("type", "Output");
      out.putDataset("shape", new long[] {3});
      g.putDataset("edges", new String[][] {{"input", "li"}, {"li", "output"}, {"li", "nowhere"}});
    }
    List<String> p = NirConformance.check(f).problems();
    assertTrue(p.contains("li: LI has no field `dt`"), p.toString());
    assertTrue(p.contains("li/v_leak is not a float64 array"), p.toString());
    assertTrue(p.contains("the edge li -> output joins shape [2] to [3]"), p.toString());
    assertTrue(p.contains("the edge li -> nowhere names a node that is not there"), p.toString());
  }
}
