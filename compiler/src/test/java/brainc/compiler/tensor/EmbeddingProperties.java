package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.compiler.passes.Differentiate;
import brainc.ir.tensor.TensorParser;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An embedding lookup followed by a dot product, over two steps: the rows {@code T} of a trained
 * matrix {@code E [v 6, unit 3]} scored against a query {@code q = dense(x)}, {@code y[b, t] = 1.5
 * * sum_u E[T[t], u] * 0.5 * q[b, u]}. Its output and every parameter's gradient (E's summed over
 * the batch, the steps and repeated table entries) agree with the definition written out here in
 * float64 and its central differences; rows of E the table never names get no gradient; the two
 * executors agree bit for bit; and a few SGD steps on a squared error lower it.
 */
class EmbeddingProperties {
  private static final int ROWS = 6;
  private static final int TOKENS = 4;
  private static final int DIM = 3;

  private static TensorProgram program(int[] table) {
    String text = "tensor-program Emb steps 2 {\n"
        + "  tensor x : input [3]\n"
        + "  tensor l.W : weight [3, 3]\n"
        + "  tensor l.b : bias [3]\n"
        + "  tensor E : weight [v " + ROWS + ", unit 3]\n"
        + "  tensor q : value [3]\n"
        + "  tensor Q : value [batch, tok 4, unit 3]\n"
        + "  tensor G : value [batch, tok 4, unit 3]\n"
        + "  tensor D : value [batch, tok 4, unit 1]\n"
        + "  tensor flat : value [4]\n"
        + "  tensor s : state [4]\n"
        + "  tensor s' : value [4]\n"
        + "  table T : [tok 4] = " + String.join(", ", Arrays.stream(table).mapToObj(String::valueOf).toList()) + "\n"
        + "  state s = 0 next s'\n"
        + "  forward {\n"
        + "    x = encode direct()\n"
        + "    q = dense(x, l.W, l.b)\n"
        + "    G = gather(E, v, T)\n"
        + "    Q = (0.5 * q)\n"
        + "    D = dot(G, Q, unit)\n"
        + "    flat = view reshape(D)\n"
        + "    s' = ((0.5 * s) + flat)\n"
        + "  }\n"
        + "  output y = membrane s\n"
        + "}\n";
    TensorProgram p = TensorParser.parse(text);
    assertEquals(List.of(), TensorVerifier.verify(p), text);
    assertEquals(text, TensorPrinter.print(p));
    TensorProgram d = new Differentiate().run(p);
    assertEquals(List.of(), TensorVerifier.verify(d), TensorPrinter.print(d));
    assertEquals(d, TensorParser.parse(TensorPrinter.print(d)), "the differentiated program round-trips");
    return d;
  }

  /** The parameters as doubles, by name. */
  private static Map<String, double[]> doubles(ParamStore p) {
    Map<String, double[]> m = new java.util.LinkedHashMap<>();
    for (String n : p.names()) {
      float[] v = p.value(n);
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) d[i] = v[i];
      m.put(n, d);
    }
    return m;
  }

  /** y by the definition, in double: {@code [batch, tok]}. */
  private static double[] reference(Map<String, double[]> p, int[] table, float[] x, int batch) {
    double[] w = p.get("l.W");
    double[] bias = p.get("l.b");
    double[] e = p.get("E");
    double[] y = new double[batch * TOKENS];
    for (int b = 0; b < batch; b++) {
      double[] q = new double[DIM];
      for (int u = 0; u < DIM; u++) {
        q[u] = bias[u];
        for (int i = 0; i < DIM; i++) q[u] += x[b * DIM + i] * w[i * DIM + u];
      }
      for (int t = 0; t < TOKENS; t++) {
        double d = 0;
        for (int u = 0; u < DIM; u++) d += e[table[t] * DIM + u] * 0.5 * q[u];
        y[b * TOKENS + t] = 1.5 * d; // two steps: s = d, then 0.5 s + d
      }
    }
    return y;
  }

  private static double dotLoss(Map<String, double[]> p, int[] table, float[] x, int batch, float[] coeff) {
    double[] y = reference(p, table, x, batch);
    double l = 0;
    for (int k = 0; k < y.length; k++) l += coeff[k] * y[k];
    return l;
  }

  private static int[] table(Random r) {
    int[] t = new int[TOKENS];
    for (int j = 0; j < TOKENS; j++) t[j] = r.nextInt(ROWS); // repeats and unused rows both happen
    return t;
  }

  @Property(tries = 60)
  void theLookupAndItsGradientFollowTheDefinition(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int batch) {
    Random r = new Random(seed);
    int[] table = table(r);
    TensorProgram p = program(table);
    float[] x = new float[batch * DIM];
    for (int k = 0; k < x.length; k++) x[k] = (float) (r.nextGaussian() * 0.7);
    float[] coeff = new float[batch * TOKENS];
    for (int k = 0; k < coeff.length; k++) coeff[k] = (float) r.nextGaussian();
    ParamStore a = ParamStore.initialise(p, seed);
    ParamStore b = a.copy();
    Map<String, double[]> at = doubles(a);
    double[] want = reference(at, table, x, batch);
    TensorExecutor interp = new TensorInterpreter(p, a, 4, seed);
    TensorExecutor jvm = new JvmTensorExecutor(p, b, 4, seed);
    for (TensorExecutor e : List.of(interp, jvm)) {
      e.forward(x, batch, new long[batch]);
      float[] y = e.output("y");
      for (int k = 0; k < want.length; k++) {
        int i = k;
        assertTrue(Math.abs(y[k] - want[k]) <= 1e-5 + 1e-5 * Math.abs(want[k]),
            () -> "y[" + i + "] = " + y[i] + ", by definition " + want[i]);
      }
      e.backward(Map.of("y", coeff));
    }
    for (String n : a.names()) {
      assertEquals(Arrays.toString(a.grad(n)), Arrays.toString(b.grad(n)), "d." + n + ": interpreter vs jvm");
      double[] v = at.get(n);
      float[] g = a.grad(n);
      for (int i = 0; i < v.length; i++) {
        double old = v[i];
        double h = 1e-6;
        v[i] = old + h;
        double up = dotLoss(at, table, x, batch, coeff);
        v[i] = old - h;
        double down = dotLoss(at, table, x, batch, coeff);
        v[i] = old;
        double fd = (up - down) / (2 * h);
        int k = i;
        assertTrue(Math.abs(g[i] - fd) <= 1e-5 + 1e-4 * Math.abs(fd),
            () -> "d." + n + "[" + k + "] = " + g[k] + ", central differences " + fd + "\n" + TensorPrinter.print(p));
      }
    }
    float[] dE = a.grad("E");
    for (int row = 0; row < ROWS; row++) {
      int v = row;
      if (Arrays.stream(table).anyMatch(t -> t == v)) continue;
      for (int u = 0; u < DIM; u++) assertEquals(0f, dE[row * DIM + u], "row " + row + " is never looked up");
    }
  }

  /** Half the squared distance of y to {@code target}, and its gradient into {@code grad}. */
  private static double squared(float[] y, float[] target, float[] grad) {
    double l = 0;
    for (int k = 0; k < y.length; k++) {
      grad[k] = y[k] - target[k];
      l += 0.5 * grad[k] * grad[k];
    }
    return l;
  }

  @Property(tries = 20)
  void sgdOnTheEmbeddingLowersTheLoss(@ForAll long seed) {
    Random r = new Random(seed);
    int[] table = table(r);
    TensorProgram p = program(table);
    int batch = 4;
    float[] x = new float[batch * DIM];
    for (int k = 0; k < x.length; k++) x[k] = (float) r.nextGaussian();
    float[] target = new float[batch * TOKENS];
    for (int k = 0; k < target.length; k++) target[k] = (float) r.nextGaussian();
    ParamStore params = ParamStore.initialise(p, seed);
    float[] e0 = params.value("E").clone();
    TensorExecutor exec = new JvmTensorExecutor(p, params, batch, seed);
    float[] grad = new float[batch * TOKENS];
    double first = 0;
    double last = 0;
    for (int it = 0; it <= 30; it++) {
      exec.forward(x, batch, new long[batch]);
      last = squared(exec.output("y"), target, grad);
      if (it == 0) first = last;
      if (it == 30) break;
      params.zeroGrads();
      exec.backward(Map.of("y", grad));
      for (String n : params.names()) {
        float[] v = params.value(n);
        float[] g = params.grad(n);
        for (int i = 0; i < v.length; i++) v[i] -= 0.02f * g[i];
      }
      exec.parametersChanged();
    }
    double f = first;
    double l = last;
    // The targets are random, so how far the loss can fall depends on the draw (one draw stops
    // at 0.94 of its start); that it falls, with every looked-up row moved, is what the steps show.
    assertTrue(l < f, () -> "loss " + f + " -> " + l);
    float[] e = params.value("E");
    for (int t : table) assertTrue(e[t * DIM] != e0[t * DIM] || e[t * DIM + 1] != e0[t * DIM + 1], "row " + t + " trained");
  }
}
