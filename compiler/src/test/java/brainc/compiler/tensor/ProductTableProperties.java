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

/**
 * Products and index tables against the definition, written out here in float64: a program
 * {@code I -> matmul(I as A, tanh(I) as B) (random transposes, each operand a strided window of a
 * 3 x 3 view) -> gather by T1 -> scatter_add by T2 -> S * dot(S, S - 0.25)} gives, on both executors, what plain loops in double give, and its
 * backward step gives the gradient that central finite differences of those loops give (in
 * float64, so they are accurate to 1e-9). With the dense layer's weight the identity and its bias
 * zero, {@code I} is the input, and the bias's gradient (one sample) is the adjoint of {@code I}.
 */
class ProductTableProperties {
  private record Case(boolean ta, boolean tb, int sa, int sb, int[] t1, int[] t2) {}

  private static Case random(Random r) {
    int[] t1 = new int[3];
    int[] t2 = new int[3];
    for (int g = 0; g < 3; g++) {
      t1[g] = r.nextInt(2);
      t2[g] = r.nextInt(4);
    }
    return new Case(r.nextBoolean(), r.nextBoolean(), r.nextInt(2), r.nextInt(2), t1, t2);
  }

  private static String join(int[] v) {
    return String.join(", ", Arrays.stream(v).mapToObj(String::valueOf).toList());
  }

  private static TensorProgram program(Case c) {
    String text = "tensor-program P steps 1 {\n"
        + "  tensor x : input [9]\n"
        + "  tensor l.W : weight [9, 9]\n"
        + "  tensor l.b : bias [9]\n"
        + "  tensor I : value [9]\n"
        + "  tensor A0 : value " + (c.ta ? "[batch, j 3, i 3]" : "[batch, i 3, j 3]") + "\n"
        + "  tensor A : value " + (c.ta ? "[batch, j 3, i 2]" : "[batch, i 2, j 3]") + "\n"
        + "  tensor B0 : value [9]\n"
        + "  tensor B1 : value " + (c.tb ? "[batch, o 3, j 3]" : "[batch, j 3, o 3]") + "\n"
        + "  tensor B : value " + (c.tb ? "[batch, o 2, j 3]" : "[batch, j 3, o 2]") + "\n"
        + "  tensor P : value [batch, i 2, o 2]\n"
        + "  tensor G : value [batch, g 3, o 2]\n"
        + "  tensor S : value [batch, u 4, o 2]\n"
        + "  tensor S2 : value [batch, u 4, o 2]\n"
        + "  tensor D : value [batch, u 4, o 1]\n"
        + "  tensor F : value [batch, u 4, o 2]\n"
        + "  tensor flat : value [8]\n"
        + "  tensor s : state [8]\n"
        + "  tensor s' : value [8]\n"
        + "  table T1 : [g 3] = " + join(c.t1) + "\n"
        + "  table T2 : [g 3] = " + join(c.t2) + "\n"
        + "  state s = 0 next s'\n"
        + "  forward {\n"
        + "    x = encode direct(1)\n"
        + "    I = dense(x, l.W, l.b)\n"
        + "    A0 = view reshape(I)\n"
        + "    A = view slice(A0, i, " + c.sa + ")\n"
        + "    B0 = tanh(I)\n"
        + "    B1 = view reshape(B0)\n"
        + "    B = view slice(B1, o, " + c.sb + ")\n"
        + "    P = matmul(A, B)" + (c.ta ? " transpose-a" : "") + (c.tb ? " transpose-b" : "") + "\n"
        + "    G = gather(P, i, T1)\n"
        + "    S = scatter_add(G, u, T2)\n"
        + "    S2 = (S - 0.25)\n"
        + "    D = dot(S, S2, o)\n"
        + "    F = (S * D)\n"
        + "    flat = view reshape(F)\n"
        + "    s' = ((0.5 * s) + flat)\n"
        + "  }\n"
        + "  output y = membrane s\n"
        + "}\n";
    TensorProgram p = TensorParser.parse(text);
    assertEquals(List.of(), TensorVerifier.verify(p), text);
    return p;
  }

  /** The program's output, by the definitions of its operations, in double. */
  private static double[] reference(Case c, double[] in) {
    double[][] p = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int o = 0; o < 2; o++) {
        for (int j = 0; j < 3; j++) {
          double a = c.ta ? in[j * 3 + i + c.sa] : in[(i + c.sa) * 3 + j];
          double b = Math.tanh(c.tb ? in[(o + c.sb) * 3 + j] : in[j * 3 + o + c.sb]);
          p[i][o] += a * b;
        }
      }
    }
    double[][] s = new double[4][2];
    for (int g = 0; g < 3; g++) for (int o = 0; o < 2; o++) s[c.t2[g]][o] += p[c.t1[g]][o];
    double[] y = new double[8];
    for (int u = 0; u < 4; u++) {
      double d = 0;
      for (int o = 0; o < 2; o++) d += s[u][o] * (s[u][o] - 0.25);
      for (int o = 0; o < 2; o++) y[u * 2 + o] = s[u][o] * d;
    }
    return y;
  }

  private static double loss(Case c, double[] in, float[] coeff) {
    double[] y = reference(c, in);
    double l = 0;
    for (int k = 0; k < y.length; k++) l += coeff[k] * y[k];
    return l;
  }

  @Property(tries = 100)
  void productsAndPicksFollowTheirDefinitionsAndSoDoTheirAdjoints(@ForAll long seed) {
    Random r = new Random(seed);
    Case c = random(r);
    TensorProgram p = new Differentiate().run(program(c));
    assertEquals(List.of(), TensorVerifier.verify(p), TensorPrinter.print(p));
    float[] x = new float[9];
    double[] in = new double[9];
    for (int k = 0; k < 9; k++) in[k] = x[k] = (float) (r.nextGaussian() * 0.7);
    float[] coeff = new float[8];
    for (int k = 0; k < 8; k++) coeff[k] = (float) r.nextGaussian();
    double[] want = reference(c, in);
    double[] grad = new double[9];
    for (int k = 0; k < 9; k++) {
      double h = 1e-6;
      double[] up = in.clone();
      double[] down = in.clone();
      up[k] += h;
      down[k] -= h;
      grad[k] = (loss(c, up, coeff) - loss(c, down, coeff)) / (2 * h);
    }
    for (boolean jvm : new boolean[] {false, true}) {
      ParamStore params = ParamStore.initialise(p, seed);
      float[] w = params.value("l.W");
      Arrays.fill(w, 0f);
      for (int k = 0; k < 9; k++) w[k * 9 + k] = 1f;
      Arrays.fill(params.value("l.b"), 0f);
      TensorExecutor e = jvm ? new JvmTensorExecutor(p, params, 1, seed) : new TensorInterpreter(p, params, 1, seed);
      e.forward(x, 1, new long[1]);
      float[] y = e.output("y");
      String where = (jvm ? "jvm" : "interpreter") + "\n" + TensorPrinter.print(p);
      for (int k = 0; k < 8; k++) {
        int at = k;
        assertTrue(Math.abs(y[k] - want[k]) <= 1e-5 + 1e-5 * Math.abs(want[k]),
            () -> "y[" + at + "] = " + y[at] + ", by definition " + want[at] + "\n" + where);
      }
      params.zeroGrads();
      e.backward(Map.of("y", coeff));
      float[] g = params.grad("l.b");
      for (int k = 0; k < 9; k++) {
        int at = k;
        assertTrue(Math.abs(g[k] - grad[k]) <= 1e-5 + 1e-4 * Math.abs(grad[k]),
            () -> "d.I[" + at + "] = " + g[at] + ", central differences " + grad[at] + "\n" + where);
      }
    }
  }
}
