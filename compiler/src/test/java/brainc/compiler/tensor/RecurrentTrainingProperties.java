package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.ShardedExecutor;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Recurrent spiking layers ({@code connect h -> h dense}, snnTorch's {@code RLeaky}) and the
 * adaptive-threshold {@code ALIF} fed by the {@code rows} sequence encoder: the lowering, BPTT
 * through the previous spikes against finite differences (networks made smooth as in {@link
 * TensorGradientProperties}), and the JVM executor against the interpreter.
 */
class RecurrentTrainingProperties {
  /** {@code width} inputs fed one row per step for {@code steps} steps, a recurrent layer, a readout. */
  static String network(int width, int steps, int hidden, int outputs, String neuron, boolean spikes, String readout) {
    String model = neuron.equals("ALIF")
        ? "use brain.neurons.ALIF\n\nneuron Neuron extends ALIF {\n  param adapt = 0.3\n  param rho = 0.8\n}\n\n"
        : "use brain.neurons.Leaky\n\nneuron Neuron extends Leaky {\n  param beta = 0.8\n}\n\n";
    return model + "network Net {\n  input x[" + width + "] encode rows(steps = " + steps + (spikes ? ", spikes = true" : "")
        + ")\n  layer h = Neuron[" + hidden + "]\n  layer o = Neuron[" + outputs + "]\n  connect x -> h -> o dense\n"
        + "  connect h -> h dense\n  output y = " + readout + "(o)\n}\n";
  }

  @Example
  void aRecurrentLayerReadsItsPreviousSpikesFromAState() {
    TensorProgram p = TensorModels.compile(network(3, 4, 5, 2, "Leaky", false, "spike_count"), true);
    String text = TensorPrinter.print(p);
    assertTrue(text.contains("x = encode rows(4, 0)"), text);
    assertTrue(text.contains("state h.spike@prev = 0 next h.spike"), text);
    assertTrue(text.contains("h.h.drive = dense(h.spike@prev, h.h.weight, h.h.bias) binary-input"), text);
    assertTrue(text.contains("h.I = (h.x.drive + h.h.drive)"), text);
    // BPTT: the adjoint of the previous spikes leaves the step into the spikes of the step before.
    assertTrue(text.contains("d.h.spike@prev@h.h.drive = dense_input_grad(d.h.mem', h.h.weight)"), text);
    assertTrue(text.contains("dprev.h.spike@prev = d.h.spike@prev@h.h.drive"), text);
    assertTrue(text.contains("d.h.spike = (d.h.spike@prev + d.h.spike@o.I)"), text);
    assertEquals(4, p.steps());
    assertTrue(TensorVerifier.verify(p).isEmpty());
    assertEquals(5 * 5, p.tensor("h.h.weight").orElseThrow().elements());
  }

  @Example
  void alifRaisesItsThresholdWithEachSpikeAndSubtractsTheThresholdItCrossed() {
    TensorProgram p = TensorModels.compile(network(2, 3, 4, 2, "ALIF", true, "membrane"), true);
    String text = TensorPrinter.print(p);
    assertTrue(text.contains("x = encode rows(3, 1)"), text);
    assertTrue(text.contains("h.a' = ((0.8 * h.a) + h.reset)"), text);
    assertTrue(text.contains("h.spike = step[atan 2]((h.mem' - (1 + (0.3 * h.a'))))"), text);
    assertTrue(text.contains("h.mem' = (((0.9 * h.mem) + h.I) - (h.reset * (1 + (0.3 * h.a))))"), text);
    // Spikes from bernoulli rows are 0 or 1: the first dense layer may gather.
    assertTrue(text.contains("h.x.drive = dense(x, h.x.weight, h.x.bias) binary-input"), text);
  }

  @Example
  void alifFollowsBellecsRecurrence() {
    // One ALIF neuron (a readout after it) driven by a constant current: the reference loop below.
    TensorProgram p = TensorModels.compile("use brain.neurons.ALIF\n\nnetwork Net {\n  input x[1] encode rows(steps = 30)\n"
        + "  layer h = ALIF[1]\n  connect x -> h dense\n  output y = spike_count(h)\n}\n", true);
    for (float input : new float[] {0.3f, 0.7f, 1.2f, 2.5f}) {
      ParamStore params = ParamStore.initialise(p, 1);
      params.value("h.weight")[0] = 1f;
      params.value("h.bias")[0] = 0f;
      TensorInterpreter exec = new TensorInterpreter(p, params, 1, 1);
      float[] rows = new float[30];
      java.util.Arrays.fill(rows, input);
      exec.forward(rows, 1, new long[] {0});
      float mem = 0f;
      float a = 0f;
      float reset = 0f;
      int count = 0;
      for (int t = 0; t < 30; t++) {
        float memNext = 0.9f * mem + input - reset * (1f + 0.07f * a);
        float aNext = 0.96f * a + reset;
        float s = memNext - (1f + 0.07f * aNext) > 0f ? 1f : 0f;
        mem = memNext;
        a = aNext;
        reset = s;
        count += (int) s;
      }
      assertEquals(count, exec.output("y")[0], 0f, "input " + input);
    }
  }

  @Example
  void eachStepReadsItsOwnRow() {
    // A readout of the membrane of a non-leaking layer fed by identity weights: the sum of the rows.
    TensorProgram p = TensorModels.compile("use brain.neurons.Leaky\n\nnetwork Net {\n  input x[2] encode rows(steps = 3)\n"
        + "  layer h = Leaky[2] { beta = 1.0, threshold = 100 }\n  connect x -> h dense\n  output y = membrane(h)\n}\n", true);
    ParamStore params = ParamStore.initialise(p, 1);
    float[] w = params.value("h.weight");
    java.util.Arrays.fill(w, 0f);
    w[0] = 1f; // [in 0, out 0]
    w[3] = 10f; // [in 1, out 1]
    java.util.Arrays.fill(params.value("h.bias"), 0f);
    TensorInterpreter exec = new TensorInterpreter(p, params, 2, 1);
    exec.forward(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 1f, 0f, 0f, 1f, 1f, 0f}, 2, new long[] {0, 1});
    float[] y = exec.output("y");
    assertEquals(0.1f + 0.3f + 0.5f, y[0], 1e-6f);
    assertEquals(10 * (0.2f + 0.4f + 0.6f), y[1], 1e-5f);
    assertEquals(2f, y[2], 0f);
    assertEquals(10f, y[3], 0f);
  }

  @Property(tries = 15)
  void backpropagationThroughTheRecurrentSpikesMatchesFiniteDifferences(
      @ForAll @IntRange(min = 1, max = 3) int width,
      @ForAll @IntRange(min = 1, max = 4) int hidden,
      @ForAll @IntRange(min = 1, max = 2) int outputs,
      @ForAll @IntRange(min = 1, max = 5) int steps,
      @ForAll boolean alif,
      @ForAll boolean counts,
      @ForAll @IntRange(min = 1, max = 2) int batch,
      @ForAll long seed) {
    TensorProgram p = TensorModels.compile(network(width, steps, hidden, outputs, alif ? "ALIF" : "Leaky", false,
        counts ? "spike_count" : "membrane"), false);
    ParamStore params = ParamStore.initialise(p, seed);
    TensorInterpreter exec = new TensorInterpreter(p, params, batch, seed, true);
    Random r = new Random(seed);
    float[] x = new float[batch * width * steps];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 1.5f;
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
        double wide = centralDifference(exec, v, i, 1e-2f, x, batch, keys, coeff);
        double narrow = centralDifference(exec, v, i, 5e-3f, x, batch, keys, coeff);
        double fd = (4 * narrow - wide) / 3;
        double tol = 2e-3 + 3e-2 * Math.max(Math.abs(fd), Math.abs(g[i]));
        assertTrue(Math.abs(fd - g[i]) <= tol, name + "[" + i + "]: backward " + g[i] + ", finite differences " + fd
            + "\n" + TensorPrinter.print(p));
      }
    }
  }

  @Property(tries = 12)
  void theJvmExecutorAgreesWithTheInterpreterOnRecurrentLayers(
      @ForAll @IntRange(min = 1, max = 30) int width,
      @ForAll @IntRange(min = 1, max = 40) int hidden,
      @ForAll @IntRange(min = 1, max = 10) int outputs,
      @ForAll @IntRange(min = 1, max = 8) int steps,
      @ForAll boolean alif,
      @ForAll boolean spikes,
      @ForAll @IntRange(min = 1, max = 9) int batch,
      @ForAll @IntRange(min = 1, max = 9) int shard,
      @ForAll boolean vector,
      @ForAll long seed) {
    TensorProgram p = TensorModels.compile(network(width, steps, hidden, outputs, alif ? "ALIF" : "Leaky", spikes,
        "spike_count"), true);
    ParamStore a = ParamStore.initialise(p, seed);
    for (String n : a.names()) {
      float[] v = a.value(n);
      for (int i = 0; i < v.length; i++) v[i] *= 4; // so that the layers spike
    }
    ParamStore b = a.copy();
    TensorExecutor interp = new TensorInterpreter(p, a, 9, seed);
    ShardedExecutor jvm = new ShardedExecutor(p, b, 9, shard, 1, q -> new JvmTensorExecutor(p, q, Math.min(9, shard), seed, vector));
    Random r = new Random(seed);
    float[] x = new float[batch * width * steps];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
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
        float tol = 2e-5f * Math.max(1f, Math.abs(ga[i]));
        assertTrue(Math.abs(ga[i] - gb[i]) <= tol, n + "[" + i + "]: " + ga[i] + " vs " + gb[i]);
      }
    }
  }

  @Property(tries = 10)
  void aMaskedSequenceTrainsAsIfItEndedAtItsLength(
      @ForAll @IntRange(min = 1, max = 4) int width,
      @ForAll @IntRange(min = 2, max = 6) int steps,
      @ForAll @IntRange(min = 1, max = 5) int batch,
      @ForAll boolean alif,
      @ForAll boolean counts,
      @ForAll boolean jvm,
      @ForAll long seed) {
    // A synthetic dataset of sequences of several lengths, padded to `steps` rows with noise that
    // the masks must keep out of the outputs and the gradients.
    Random r = new Random(seed);
    int[] lengths = new int[batch];
    for (int b = 0; b < batch; b++) lengths[b] = 1 + r.nextInt(steps);
    float[] x = new float[batch * steps * width];
    for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2f;
    String neuron = alif ? "ALIF" : "Leaky";
    String readout = counts ? "spike_count" : "membrane";
    TensorProgram full = TensorModels.compile(network(width, steps, 5, 3, neuron, false, readout), true);
    ParamStore params = ParamStore.initialise(full, seed);
    for (String n : params.names()) {
      float[] v = params.value(n);
      for (int i = 0; i < v.length; i++) v[i] *= 3;
    }
    ParamStore batched = params.copy();
    ShardedExecutor masked = new ShardedExecutor(full, batched, batch, 2, 1, q -> jvm
        ? new JvmTensorExecutor(full, q, 2, seed, false) : new TensorInterpreter(full, q, 2, seed));
    long[] keys = new long[batch];
    masked.forward(x, batch, keys, lengths);
    float[] y = masked.output("y");
    float[] g = new float[y.length];
    for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
    batched.zeroGrads();
    masked.backward(Map.of("y", g));
    masked.close();
    // Each sample alone, in a program of exactly its length.
    ParamStore single = params.copy();
    single.zeroGrads();
    for (int b = 0; b < batch; b++) {
      TensorProgram own = TensorModels.compile(network(width, lengths[b], 5, 3, neuron, false, readout), true);
      TensorInterpreter e = new TensorInterpreter(own, single, 1, seed);
      e.forward(java.util.Arrays.copyOfRange(x, b * steps * width, (b * steps + lengths[b]) * width), 1, new long[] {0});
      float[] yb = e.output("y");
      for (int o = 0; o < 3; o++) assertEquals(yb[o], y[b * 3 + o], 0f, "sample " + b + " of length " + lengths[b]);
      e.backward(Map.of("y", java.util.Arrays.copyOfRange(g, b * 3, b * 3 + 3)));
    }
    for (String n : params.names()) {
      float[] ga = single.grad(n);
      float[] gb = batched.grad(n);
      for (int i = 0; i < ga.length; i++) {
        float tol = 2e-5f * Math.max(1f, Math.abs(ga[i]));
        assertTrue(Math.abs(ga[i] - gb[i]) <= tol, n + "[" + i + "]: " + ga[i] + " alone vs " + gb[i] + " masked");
      }
    }
  }

  private static double loss(TensorExecutor e, float[] x, int batch, long[] keys, float[] coeff) {
    e.forward(x, batch, keys);
    float[] y = e.output("y");
    double s = 0;
    for (int i = 0; i < y.length; i++) s += (double) coeff[i] * y[i];
    return s;
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
}
