package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.compiler.passes.Differentiate;
import brainc.compiler.passes.FlattenGradient;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * MAML's shape, second order: each sample is a task; the program takes one SGD step on the
 * task's inner loss ({@code sum((tanh(x W + b) - 0.3)^2)}, its gradient flattened by {@link
 * FlattenGradient}), and its output is the outer loss of the adapted layer on the task's query
 * input ({@code sum(sigmoid(x' W' + b'))}, {@code x' = 0.7 (0.5 - x)}). Differentiated, the
 * program's gradient with respect to {@code W, b} goes through the inner step; it agrees with
 * central differences of the outer loss computed independently (each task's inner gradient by
 * the first-order program on that sample alone, the step and the outer layer in double).
 * Float32 gradients, differences in double: the tolerance of the first-order properties.
 */
class MamlStepProperties {
  private static final double QUERY_SHIFT = 0.5;
  private static final double QUERY_SCALE = 0.7;

  /** The inner program: a dense layer, and its output's squared distance from 0.3 as the loss. */
  static TensorProgram inner(int in, int out) {
    TExpr t = new TExpr.Bin(TExpr.Op.SUB, new TExpr.Call(TExpr.Fn.TANH, new TExpr.Ref("l.I")), new TExpr.Lit(0.3));
    return new TensorProgram("Task", 1, List.of(new Tensor("x", Tensor.Role.INPUT, in, 0),
        new Tensor("l.W", Tensor.Role.WEIGHT, out, in), new Tensor("l.b", Tensor.Role.BIAS, out, 0),
        new Tensor("l.I", Tensor.Role.VALUE, out, 0), new Tensor("z", Tensor.Role.VALUE, out, 0),
        new Tensor("s", Tensor.Role.STATE, out, 0)), List.of(new TensorProgram.State("s", 0, "z")),
        List.of(new TOp.Encode("x", "direct", List.of(1.0)), new TOp.Dense("l.I", "x", "l.W", Optional.of("l.b"), false),
            new TOp.Map("z", new TExpr.Bin(TExpr.Op.MUL, t, t))),
        List.of(new TensorProgram.Output("y", "s", "membrane")), List.of(), List.of());
  }

  /** The inner step and the outer loss, in one forward step, differentiated. */
  static TensorProgram maml(TensorProgram first, int in, int out, double lr) {
    FlattenGradient f = FlattenGradient.of(first);
    f.add(new Tensor("q", Tensor.Role.VALUE, in, 0)).add(new Tensor("q.I", Tensor.Role.VALUE, out, 0))
        .add(new Tensor("outer'", Tensor.Role.VALUE, out, 0)).add(new Tensor("outer", Tensor.Role.STATE, out, 0));
    f.add(new TOp.Map("q", new TExpr.Bin(TExpr.Op.MUL, new TExpr.Bin(TExpr.Op.SUB, new TExpr.Lit(QUERY_SHIFT),
        new TExpr.Ref("x")), new TExpr.Lit(QUERY_SCALE))));
    f.adaptedDense("q.I", "q", "l.W", Optional.of("l.b"), lr);
    f.add(new TOp.Map("outer'", new TExpr.Call(TExpr.Fn.SIGMOID, new TExpr.Ref("q.I"))));
    TensorProgram q = SecondOrderProperties.verified(f.program(List.of(new TensorProgram.State("outer", 0, "outer'")),
        List.of(new TensorProgram.Output("outer", "outer", "membrane"))));
    return SecondOrderProperties.verified(new Differentiate().run(q));
  }

  /** The outer loss after each task's inner step, computed without the flattened gradient. */
  private static double outerLoss(TensorProgram first, ParamStore ps, float[] x, int batch, int in, int out, double lr) {
    TensorInterpreter e = new TensorInterpreter(first, ps, 1, 0);
    double total = 0;
    for (int b = 0; b < batch; b++) {
      float[] xb = Arrays.copyOfRange(x, b * in, (b + 1) * in);
      e.forward(xb, 1, new long[1]);
      float[] ones = new float[out];
      Arrays.fill(ones, 1f);
      ps.zeroGrads();
      e.backward(Map.of("y", ones));
      float[] w = ps.value("l.W");
      float[] bias = ps.value("l.b");
      float[] gw = ps.grad("l.W");
      float[] gb = ps.grad("l.b");
      for (int o = 0; o < out; o++) {
        double h = bias[o] - lr * gb[o];
        for (int i = 0; i < in; i++) h += QUERY_SCALE * (QUERY_SHIFT - xb[i]) * (w[i * out + o] - lr * gw[i * out + o]);
        total += 1 / (1 + Math.exp(-h));
      }
    }
    return total;
  }

  @Property(tries = 30)
  void theOuterGradientThroughAnInnerStepAgreesWithFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int in,
      @ForAll @IntRange(min = 1, max = 4) int out, @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @DoubleRange(min = 0.05, max = 1) double lr, @ForAll long seed) {
    TensorProgram first = new Differentiate().run(inner(in, out));
    TensorProgram second = maml(first, in, out, lr);
    Random r = new Random(seed);
    ParamStore ps = ParamStore.initialise(first, seed);
    ParamStore both = ParamStore.initialise(second, seed);
    for (String n : ps.names()) System.arraycopy(ps.value(n), 0, both.value(n), 0, ps.value(n).length);
    float[] x = new float[batch * in];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 0.8);
    TensorExecutor interp = new TensorInterpreter(second, both, batch, seed);
    ParamStore jvmParams = both.copy();
    TensorExecutor jvm = new JvmTensorExecutor(second, jvmParams, batch, seed);
    float[] ones = new float[batch * out];
    Arrays.fill(ones, 1f);
    for (TensorExecutor e : List.of(interp, jvm)) {
      e.forward(x, batch, new long[batch]);
      e.backward(Map.of("outer", ones));
    }
    for (String n : ps.names()) SecondOrderProperties.same(both.grad(n), jvmParams.grad(n), "d." + n, second);
    for (String n : ps.names()) {
      float[] v = ps.value(n);
      float[] g = both.grad(n);
      for (int i = 0; i < v.length; i++) {
        double[] fd = new double[2];
        for (int k = 0; k < 2; k++) {
          float h = k == 0 ? 1e-2f : 5e-3f;
          float old = v[i];
          v[i] = old + h;
          double up = outerLoss(first, ps, x, batch, in, out, lr);
          v[i] = old - h;
          double down = outerLoss(first, ps, x, batch, in, out, lr);
          v[i] = old;
          fd[k] = (up - down) / (2.0 * h);
        }
        double d = (4 * fd[1] - fd[0]) / 3;
        double tol = 2e-3 + 3e-2 * Math.max(Math.abs(d), Math.abs(g[i]));
        int at = i;
        assertTrue(Math.abs(d - g[i]) <= tol, () -> n + "[" + at + "]: through the inner step " + g[at]
            + ", finite differences " + d + "\n" + TensorPrinter.print(second));
      }
    }
  }
}
