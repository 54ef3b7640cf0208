package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.ShardedExecutor;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.ir.tensor.TensorProgram;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The generated backward step against finite differences, on small networks made smooth (each
 * spike step replaced by its surrogate's primitive, so the surrogate is the true derivative),
 * and the JVM executor against the interpreter on the real (spiking) semantics. The finite
 * differences see every path, so they check the attached reset; the detached one differs only
 * by the dropped term, which {@code DifferentiateTest} checks in the generated text.
 */
class TensorGradientProperties {
  private static String network(int inputs, int hidden, int outputs, boolean twoLayers, String surrogate,
      String readout, double beta, String encoder) {
    int[] sizes = twoLayers ? new int[] {inputs, hidden, outputs} : new int[] {inputs, outputs};
    return TensorModels.source(sizes, encoder, surrogate, readout, beta);
  }

  private static float[] inputs(Random r, int batch, int n) {
    float[] v = new float[batch * n];
    for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() * 1.5f;
    return v;
  }

  /** {@code sum(coeff * y)}, the loss whose gradient with respect to y is {@code coeff}. */
  private static double loss(TensorExecutor e, float[] x, int batch, long[] keys, float[] coeff) {
    e.forward(x, batch, keys);
    float[] y = e.output("y");
    double s = 0;
    for (int i = 0; i < y.length; i++) s += (double) coeff[i] * y[i];
    return s;
  }

  @Property(tries = 40)
  void backpropagationThroughTimeMatchesFiniteDifferences(
      @ForAll @IntRange(min = 1, max = 4) int inputs,
      @ForAll @IntRange(min = 1, max = 4) int hidden,
      @ForAll @IntRange(min = 1, max = 3) int outputs,
      @ForAll boolean twoLayers,
      @ForAll boolean atan,
      @ForAll boolean counts,
      @ForAll @IntRange(min = 1, max = 6) int steps,
      @ForAll @DoubleRange(min = 0.3, max = 0.95) double beta,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    String surrogate = atan ? "atan(alpha = 1.5)" : "fast_sigmoid(slope = 2)";
    TensorProgram p = TensorModels.compile(network(inputs, hidden, outputs, twoLayers, surrogate,
        counts ? "spike_count" : "membrane", beta, "direct(steps = " + steps + ")"), false);
    ParamStore params = ParamStore.initialise(p, seed);
    TensorInterpreter exec = new TensorInterpreter(p, params, batch, seed, true);
    Random r = new Random(seed);
    float[] x = inputs(r, batch, inputs);
    long[] keys = new long[batch];
    float[] coeff = new float[batch * outputs];
    for (int i = 0; i < coeff.length; i++) coeff[i] = (float) r.nextGaussian();
    loss(exec, x, batch, keys, coeff);
    params.zeroGrads();
    exec.backward(Map.of("y", coeff));
    for (String name : params.names()) {
      float[] v = params.value(name);
      float[] g = params.grad(name).clone();
      for (int probe = 0; probe < 3; probe++) {
        int i = r.nextInt(v.length);
        // Richardson's extrapolation of two central differences cancels their h^2 error, which
        // a strongly curved loss (beta near 1, several steps) makes larger than the tolerance.
        double wide = centralDifference(exec, v, i, 1e-2f, x, batch, keys, coeff);
        double narrow = centralDifference(exec, v, i, 5e-3f, x, batch, keys, coeff);
        double fd = (4 * narrow - wide) / 3;
        double tol = 2e-3 + 3e-2 * Math.max(Math.abs(fd), Math.abs(g[i]));
        assertTrue(Math.abs(fd - g[i]) <= tol,
            name + "[" + i + "]: backward " + g[i] + ", finite differences " + fd + "\n" + brainc.ir.tensor.TensorPrinter.print(p));
      }
    }
  }

  private static double centralDifference(TensorInterpreter exec, float[] v, int i, float h, float[] x, int batch,
      long[] keys, float[] coeff) {
    float old = v[i];
    v[i] = old + h;
    double up = loss(exec, x, batch, keys, coeff);
    v[i] = old - h;
    double down = loss(exec, x, batch, keys, coeff);
    v[i] = old;
    return (up - down) / (2 * h);
  }

  @Property(tries = 30)
  void theJvmExecutorAgreesWithTheInterpreter(
      @ForAll @IntRange(min = 1, max = 40) int inputs,
      @ForAll @IntRange(min = 1, max = 80) int hidden,
      @ForAll @IntRange(min = 1, max = 10) int outputs,
      @ForAll boolean twoLayers,
      @ForAll boolean detach,
      @ForAll boolean bernoulli,
      @ForAll @IntRange(min = 1, max = 8) int steps,
      @ForAll @IntRange(min = 1, max = 9) int batch,
      @ForAll @IntRange(min = 1, max = 9) int shard,
      @ForAll @IntRange(min = 1, max = 2) int threads,
      @ForAll boolean vector,
      @ForAll long seed) {
    String encoder = bernoulli ? "bernoulli(steps = " + steps + ")" : "direct(steps = " + steps + ")";
    TensorProgram p = TensorModels.compile(network(inputs, hidden, outputs, twoLayers, "", "spike_count", 0.9, encoder),
        detach);
    ParamStore a = ParamStore.initialise(p, seed);
    ParamStore b = a.copy();
    // Larger weights than nn.Linear's, so that the layers spike.
    for (String n : a.names()) {
      float[] va = a.value(n);
      float[] vb = b.value(n);
      for (int i = 0; i < va.length; i++) {
        va[i] *= 4;
        vb[i] *= 4;
      }
    }
    TensorExecutor interp = new TensorInterpreter(p, a, 9, seed);
    // The fast executor, on shards of the batch run by one or two threads.
    ShardedExecutor jvm = new ShardedExecutor(p, b, 9, shard, threads, q -> new JvmTensorExecutor(p, q, Math.min(9, shard), seed, vector));
    Random r = new Random(seed);
    float[] x = inputs(r, batch, inputs);
    long[] keys = new long[batch];
    for (int i = 0; i < batch; i++) keys[i] = r.nextInt(1000);
    interp.forward(x, batch, keys);
    jvm.forward(x, batch, keys);
    float[] ya = interp.output("y");
    assertArrayEquals(ya, jvm.output("y"));
    float[] g = new float[ya.length];
    for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
    a.zeroGrads();
    b.zeroGrads();
    interp.backward(Map.of("y", g));
    jvm.backward(Map.of("y", g));
    jvm.close();
    for (String n : a.names()) {
      float[] ga = a.grad(n);
      float[] gb = b.grad(n);
      for (int i = 0; i < ga.length; i++) {
        // Fused multiply-adds (the Vector API kernels) round once where the interpreter rounds
        // twice, and shards add their samples' gradients in another order.
        float tol = 2e-5f * Math.max(1f, Math.abs(ga[i]));
        assertTrue(Math.abs(ga[i] - gb[i]) <= tol, n + "[" + i + "]: " + ga[i] + " vs " + gb[i]);
      }
    }
  }

  @Property(tries = 15)
  void shardedGradientsDoNotDependOnTheThreadCount(
      @ForAll @IntRange(min = 1, max = 30) int inputs,
      @ForAll @IntRange(min = 1, max = 40) int hidden,
      @ForAll @IntRange(min = 2, max = 9) int batch,
      @ForAll @IntRange(min = 1, max = 4) int shard,
      @ForAll long seed) {
    TensorProgram p = TensorModels.compile(network(inputs, hidden, 3, true, "", "spike_count", 0.9, "bernoulli(steps = 6)"), true);
    ParamStore one = ParamStore.initialise(p, seed);
    for (String n : one.names()) {
      float[] v = one.value(n);
      for (int i = 0; i < v.length; i++) v[i] *= 4;
    }
    ParamStore two = one.copy();
    Random r = new Random(seed);
    float[] x = inputs(r, batch, inputs);
    long[] keys = new long[batch];
    for (int i = 0; i < batch; i++) keys[i] = i;
    float[] g = new float[batch * 3];
    for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
    for (ParamStore ps : new ParamStore[] {one, two}) {
      int threads = ps == one ? 1 : 2;
      try (ShardedExecutor e = new ShardedExecutor(p, ps, batch, shard, threads, q -> new JvmTensorExecutor(p, q, shard, seed))) {
        e.forward(x, batch, keys);
        ps.zeroGrads();
        e.backward(Map.of("y", g));
      }
    }
    for (String n : one.names()) assertArrayEquals(one.grad(n), two.grad(n), n);
  }
}
