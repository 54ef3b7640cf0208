package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.nir.NirConformance;
import brainc.codegen.nir.NirGraph;
import brainc.codegen.nir.NirWriter;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.nir.NirExport;
import brainc.compiler.nir.NirOptions;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compile --target nir}: the NIR samples against their checked dumps (golden files, every
 * node, field, dtype and shape, arrays summarised), every file written checked by the
 * conformance checker and read back equal to the graph, the same bytes twice, the parameters
 * and weights of each recognised form against their formulas, and the synapses of a connection
 * (slices as zero-padded blocks) as many as `run` draws.
 */
class NirExportTest {
  private static final boolean UPDATE = Boolean.getBoolean("brainc.golden.update");
  @TempDir Path dir;

  static IrModule lower(String name, String text) {
    Analysis a = new Frontend().analyze(SourceFile.of(name, text));
    assertTrue(a.diagnostics().stream().noneMatch(brainc.ir.diag.Diagnostic::isError), () -> a.diagnostics().toString());
    return Lowering.lower(a);
  }

  static IrModule lower(Path file) throws Exception {
    Analysis a = new Frontend().analyze(SourceFile.of(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
    assertTrue(a.diagnostics().isEmpty(), () -> a.diagnostics().toString());
    return Lowering.lower(a);
  }

  /** The one graph of {@code module}, written, checked and read back. */
  private NirGraph export(IrModule module, NirOptions options) throws Exception {
    NirExport.Result r = NirExport.export(module, options);
    assertTrue(!r.refused(), () -> r.diagnostics().toString());
    assertEquals(1, r.graphs().size());
    NirGraph g = r.graphs().values().iterator().next();
    Path f = dir.resolve("g.nir");
    Files.write(f, NirWriter.bytes(g, options.compress()));
    NirConformance.Report back = NirConformance.check(f);
    assertEquals(List.of(), back.problems());
    assertEquals(dump(g), dump(back.graph()), "read back as written");
    return g;
  }

  @TestFactory
  Stream<DynamicTest> samplesMatchTheirCheckedDumps() {
    return Stream.of("nir_feedforward.brain", "nir_cuba_lif.brain", "../bench/nir_cuba4k.brain").map(name ->
        DynamicTest.dynamicTest(name, () -> {
          Path file = Path.of(name);
          NirGraph g = export(lower(file), NirOptions.DEFAULT);
          Path golden = Path.of("golden/nir").resolve(file.getFileName().toString().replace(".brain", ".nir.txt"));
          String text = dump(g);
          if (UPDATE) {
            Files.writeString(golden, text, StandardCharsets.UTF_8);
            return;
          }
          assertEquals(Files.readString(golden, StandardCharsets.UTF_8), text, "rerun with -Dbrainc.golden.update=true");
        }));
  }

  @Test
  void theSameModelGivesTheSameBytesCompressedOrNot() throws Exception {
    IrModule m = lower(Path.of("nir_cuba_lif.brain"));
    for (boolean compress : new boolean[] {false, true}) {
      NirOptions o = new NirOptions(false, NirOptions.DEFAULT_MAX_DENSE, compress);
      byte[] a = NirWriter.bytes(NirExport.export(m, o).graphs().get("CubaLif"), compress);
      byte[] b = NirWriter.bytes(NirExport.export(lower(Path.of("nir_cuba_lif.brain")), o).graphs().get("CubaLif"), compress);
      assertArrayEquals(a, b);
    }
    NirGraph plain = export(m, NirOptions.DEFAULT);
    NirGraph deflated = export(m, new NirOptions(false, NirOptions.DEFAULT_MAX_DENSE, true));
    assertEquals(dump(plain), dump(deflated));
  }

  private static double one(NirGraph g, String node, String field) {
    double[] a = (double[]) g.node(node).orElseThrow().fields().get(field);
    for (double x : a) assertEquals(a[0], x, 0, node + "/" + field + " is uniform");
    return a[0];
  }

  @Test
  void eachFormGetsItsParametersAndWeightsScaledForForwardEulerAtDt() throws Exception {
    NirGraph g = export(lower("forms.brain", """
        use brain.neurons.LIF
        use brain.neurons.LI
        use brain.neurons.IF
        use brain.neurons.Leaky
        network Forms {
          population a = LIF[3] { tau_m = 10 ms, v_rest = -60 mV, v_th = -50 mV, v_reset = -70 mV, t_ref = 0 ms }
          population b = LIF[2] { tau_m = 20 ms, t_ref = 0 ms }
          population c = LI[2] { tau_m = 5 ms, v_rest = 1 mV }
          population d = IF[2] { tau_m = 4 ms, v_th = 2 mV }
          population e = Leaky[2] { beta = 0.8, threshold = 1.5 }
          connect a -> b  weight 2 mV  all  via exp(tau = 4 ms)
          connect a -> c  weight 3 mV  all
          connect a -> d  weight 1 mV  all
          connect a -> e  weight 0.25  all
        }
        run Forms for 10 ms dt 0.5 ms seed 1
        """), new NirOptions(true, NirOptions.DEFAULT_MAX_DENSE, false));
    double dt = 5e-4;
    NirGraph.Node a = g.node("a").orElseThrow();
    assertEquals("LIF", a.type());
    assertEquals(0.01, one(g, "a", "tau"), 1e-15);
    assertEquals(0.01 / dt, one(g, "a", "r"), 1e-9);
    assertEquals(-60, one(g, "a", "v_leak"), 1e-9);
    assertEquals(-50, one(g, "a", "v_threshold"), 1e-9);
    assertEquals(-70, one(g, "a", "v_reset"), 1e-9);
    assertEquals("CubaLIF", g.node("b").orElseThrow().type());
    assertEquals(0.004, one(g, "b", "tau_syn"), 1e-15);
    assertEquals(0.02, one(g, "b", "tau_mem"), 1e-15);
    assertEquals(0.004 / dt, one(g, "b", "w_in"), 1e-9);
    assertEquals(0.02 / dt, one(g, "b", "r"), 1e-9);
    assertEquals("LI", g.node("c").orElseThrow().type());
    assertEquals(1, one(g, "c", "v_leak"), 1e-9);
    assertEquals("IF", g.node("d").orElseThrow().type());
    assertEquals(1 / dt, one(g, "d", "r"), 1e-6);
    assertEquals("LIF", g.node("e").orElseThrow().type());
    assertEquals(dt / 0.2, one(g, "e", "tau"), 1e-15);
    assertEquals(0, one(g, "e", "v_reset"), 0);
    assertEquals(1.5, one(g, "e", "v_threshold"), 1e-12);
    // A spike moves v (CubaLIF: the synaptic current, then v by R dt / tau) as one forward-Euler
    // step of the model does: w R dt / tau_m in mV; the discrete form: its factor on I.
    assertEquals(2 * dt / 0.02, weight(g, "a_to_b"), 1e-6);
    assertEquals(3 * dt / 0.005, weight(g, "a_to_c"), 1e-6);
    assertEquals(1 * dt / 0.004, weight(g, "a_to_d"), 1e-6);
    assertEquals(0.25, weight(g, "a_to_e"), 1e-7);
    assertEquals("zero: the model resets by subtraction; exported with --nir-reset=zero", g.metadata().get("reset"));
    assertEquals(dt, g.metadata().get("dt"));
  }

  private static double weight(NirGraph g, String node) {
    float[][] w = (float[][]) g.node(node).orElseThrow().fields().get("weight");
    for (float[] row : w) for (float x : row) assertEquals(w[0][0], x, 0, node + " is uniform");
    return w[0][0];
  }

  @Test
  void slicesBecomeZeroPaddedBlocksWithAsManySynapsesAsRunDraws() throws Exception {
    String text = """
        use brain.neurons.LIF
        network Small {
          population all = LIF[50] { v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 0 ms }
          population exc = all[0 .. 40]
          population inh = all[40 .. 50]
          connect exc -> all  weight 1 mV  probability 0.2  via exp(tau = 5 ms)
          connect inh -> exc  weight -2 mV  probability 0.2  via exp(tau = 5 ms)  delay 1 ms
        }
        run Small for 5 ms dt 0.1 ms seed 3
        """;
    IrModule m = lower("small.brain", text);
    NirGraph g = export(m, NirOptions.DEFAULT);
    float[][] w = (float[][]) g.node("all_to_all").orElseThrow().fields().get("weight");
    float[][] late = (float[][]) g.node("all_to_all_d10").orElseThrow().fields().get("weight");
    assertEquals(50, w.length);
    assertEquals(50, w[0].length);
    int exc = 0, inh = 0;
    for (int j = 0; j < 50; j++) {
      for (int i = 0; i < 50; i++) {
        if (w[j][i] != 0) {
          assertTrue(i < 40, "excitatory block only");
          exc++;
        }
        if (late[j][i] != 0) {
          assertTrue(i >= 40 && j < 40, "inhibitory block into exc only");
          assertTrue(late[j][i] < 0);
          inh++;
        }
      }
    }
    double[] delay = (double[]) g.node("all_to_all_d10_delay").orElseThrow().fields().get("delay");
    assertEquals(50, delay.length);
    assertEquals(9e-4, delay[0], 1e-15, "ten steps: one is the step every spike takes");
    // The synapses `run` draws from the same seed: the kernel program's counts.
    var run = (brainc.ir.model.RunSpec) m.decls().stream().filter(x -> x instanceof brainc.ir.model.RunSpec).findFirst().orElseThrow();
    var k = brainc.compiler.passes.Pipeline.compile(m, run, brainc.compiler.passes.Pipeline.settings(run),
        new brainc.compiler.passes.PassContext(), (p, ir) -> {}).kernel();
    Map<String, Integer> drawn = new java.util.HashMap<>();
    for (var c : k.connections()) {
      drawn.put(c.name(), brainc.runtime.sim.Connectivity.build(brainc.codegen.Memory.spec(c, run.seed()), false).synapses());
    }
    assertEquals(drawn.get("c:exc->all#0"), exc, drawn.toString());
    assertEquals(drawn.get("c:inh->exc#1"), inh, drawn.toString());
    assertTrue(exc > 0 && inh > 0);
  }

  /**
   * Every node, field (dtype, shape; small arrays whole, large ones summarised), edge and
   * metadata entry; nodes, fields and metadata by name (HDF5 groups list their members by name).
   */
  static String dump(NirGraph g) {
    StringBuilder b = new StringBuilder();
    for (NirGraph.Node n : g.nodes().stream().sorted(java.util.Comparator.comparing(NirGraph.Node::name)).toList()) {
      b.append("node ").append(n.name()).append(": ").append(n.type()).append('\n');
      for (var e : new java.util.TreeMap<>(n.fields()).entrySet()) b.append("  ").append(e.getKey()).append(' ').append(array(e.getValue())).append('\n');
    }
    for (NirGraph.Edge e : g.edges()) b.append("edge ").append(e.src()).append(" -> ").append(e.dst()).append('\n');
    metadata(b, "", g.metadata());
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static void metadata(StringBuilder b, String prefix, Map<String, Object> m) {
    for (var e : new java.util.TreeMap<>(m).entrySet()) {
      if (e.getValue() instanceof Map<?, ?> sub) metadata(b, prefix + e.getKey() + "/", (Map<String, Object>) sub);
      else b.append("metadata/").append(prefix).append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
    }
  }

  private static String num(double x) {
    return String.format(Locale.ROOT, "%.9g", x);
  }

  private static String array(Object v) {
    if (v instanceof long[] s) return "int64 " + java.util.Arrays.toString(s);
    if (v instanceof double[] d) {
      boolean uniform = java.util.Arrays.stream(d).allMatch(x -> x == d[0]);
      return "float64 [" + d.length + "] " + (uniform ? "all " + num(d[0]) : java.util.Arrays.toString(d));
    }
    if (v instanceof float[] f) return "float32 [" + f.length + "] " + java.util.Arrays.toString(f);
    float[][] w = (float[][]) v;
    int nonzero = 0;
    double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    long hash = 17;
    for (float[] row : w) {
      for (float x : row) {
        if (x != 0) nonzero++;
        sum += x;
        min = Math.min(min, x);
        max = Math.max(max, x);
        hash = hash * 31 + Float.floatToIntBits(x);
      }
    }
    return "float32 [" + w.length + ", " + w[0].length + "] nonzero " + nonzero + ", sum " + num(sum) + ", min " + num(min)
        + ", max " + num(max) + ", hash " + Long.toHexString(hash);
  }
}
