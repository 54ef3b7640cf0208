package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.compiler.passes.Differentiate;
import brainc.compiler.passes.MarkBinaryInputs;
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
import org.junit.jupiter.api.Test;

/**
 * Recurrences that are not spiking networks, written directly in the tensor IR's text: an
 * exponential moving average over a rank-3 state, a gated recurrence {@code h' = z h + (1 - z)
 * tanh(W x + U h + b)} with {@code z = sigmoid(Wz x + Uz h)}, and a second-order recurrence
 * whose delay line is a state taking another state. States have several shapes and initial
 * values; inputs come one row per step. Each parses, verifies, runs bit for bit alike on the
 * interpreter and the JVM executor, and its backpropagation through time agrees with central
 * finite differences, with and without masks for samples of several lengths.
 */
class RecurrentProgramProperties {
  /** A random recurrent program over {@code steps} rows of {@code width} inputs. */
  record Made(String text, int width, int steps, List<String> outputs) {}

  static Made random(Random r, int steps) {
    int width = 1 + r.nextInt(4);
    int hidden = 1 + r.nextInt(4);
    int k = 1 + r.nextInt(3);
    int u = 1 + r.nextInt(3);
    String h0 = List.of("-0.5", "-0.25", "0", "0.25", "0.5").get(r.nextInt(5));
    String m0 = List.of("-1", "-0.5", "0", "0.5", "1").get(r.nextInt(5));
    int tenths = 5 + r.nextInt(4);
    String rho = "0." + tenths;
    String rest = "0." + (10 - tenths);
    String t = "tensor-program Recurrence steps " + steps + " {\n"
        + "  tensor x : input [" + width + "]\n"
        // The gated recurrence.
        + "  tensor W : weight [" + width + ", " + hidden + "]\n"
        + "  tensor U : weight [" + hidden + ", " + hidden + "]\n"
        + "  tensor b : bias [" + hidden + "]\n"
        + "  tensor Wz : weight [" + width + ", " + hidden + "]\n"
        + "  tensor Uz : weight [" + hidden + ", " + hidden + "]\n"
        + "  tensor h : state [" + hidden + "]\n"
        + "  tensor hp : state [" + hidden + "]\n"
        + "  tensor a : value [" + hidden + "]\n"
        + "  tensor ua : value [" + hidden + "]\n"
        + "  tensor az : value [" + hidden + "]\n"
        + "  tensor uz : value [" + hidden + "]\n"
        + "  tensor z : value [" + hidden + "]\n"
        + "  tensor h' : value [" + hidden + "]\n"
        // The moving average of a projection, viewed as [batch, k, u].
        + "  tensor V : weight [" + width + ", " + k * u + "]\n"
        + "  tensor e : value [" + k * u + "]\n"
        + "  tensor ev : value [batch, k " + k + ", unit " + u + "]\n"
        + "  tensor m : state [batch, k " + k + ", unit " + u + "]\n"
        + "  tensor m' : value [batch, k " + k + ", unit " + u + "]\n"
        + "  state h = " + h0 + " next h'\n"
        // hp holds h of the step before: h' reads both (a second-order recurrence).
        + "  state hp = 0 next h\n"
        + "  state m = " + m0 + " next m'\n"
        + "  forward {\n"
        + "    x = encode rows(" + steps + ", 0)\n"
        + "    a = dense(x, W, b)\n"
        + "    ua = dense(h, U)\n"
        + "    az = dense(x, Wz)\n"
        + "    uz = dense(hp, Uz)\n"
        + "    z = sigmoid((az + uz))\n"
        + "    h' = ((z * h) + ((1 - z) * tanh((a + ua))))\n"
        + "    e = dense(x, V)\n"
        + "    ev = view reshape(e)\n"
        + "    m' = ((" + rho + " * m) + (" + rest + " * ev))\n"
        + "  }\n"
        + "  output y = state h\n"
        + "  output avg = state m\n"
        + "}\n";
    return new Made(t, width, steps, List.of("y", "avg"));
  }

  private static TensorProgram parsed(Made m) {
    TensorProgram p = TensorParser.parse(m.text());
    assertEquals(List.of(), TensorVerifier.verify(p), m.text());
    return p;
  }

  private static TensorProgram differentiated(TensorProgram p) {
    TensorProgram d = new Differentiate().run(new MarkBinaryInputs().run(p));
    assertEquals(List.of(), TensorVerifier.verify(d), TensorPrinter.print(d));
    return d;
  }

  private static void roundTrips(TensorProgram p) {
    String text = TensorPrinter.print(p);
    TensorProgram back = TensorParser.parse(text);
    assertEquals(p, back, text);
    assertEquals(text, TensorPrinter.print(back));
  }

  private static float[] inputs(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.8);
    return v;
  }

  private static int[] lengths(Random r, int batch, int steps) {
    int[] l = new int[batch];
    for (int b = 0; b < batch; b++) l[b] = 1 + r.nextInt(steps);
    return l;
  }

  @Property(tries = 40)
  void theTextParsesVerifiesAndRoundTripsBeforeAndAfterDifferentiate(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int steps) {
    Made m = random(new Random(seed), steps);
    TensorProgram p = parsed(m);
    assertEquals(m.text(), TensorPrinter.print(p));
    roundTrips(p);
    TensorProgram d = differentiated(p);
    roundTrips(d);
    // Backpropagation through time reaches every state and every parameter.
    for (TensorProgram.State s : d.states()) assertTrue(d.tensor(TensorProgram.gradPrev(s.name())).isPresent(), s.name());
    for (var w : d.params()) assertTrue(d.tensor(TensorProgram.grad(w.name())).isPresent(), w.name());
  }

  @Test
  void statesStartAtTheirInitialValuesAndTheAverageFollowsItsRecurrence() {
    Random r = new Random(7);
    Made m = random(r, 4);
    TensorProgram p = differentiated(parsed(m));
    ParamStore params = ParamStore.initialise(p, 7);
    TensorProgram.State avg = p.states().stream().filter(s -> s.name().equals("m")).findFirst().orElseThrow();
    double rho = Double.parseDouble(m.text().split("m' = \\(\\(")[1].split(" ")[0]);
    double rest = Double.parseDouble(m.text().split("m' = ")[1].split("\\+ \\(")[1].split(" ")[0]);
    float[] x = inputs(r, 2 * 4 * m.width());
    TensorInterpreter e = new TensorInterpreter(p, params, 2, 7);
    e.forward(x, 2, new long[2]);
    float[] got = e.output("avg");
    float[] v = params.value("V");
    int n = got.length / 2;
    for (int b = 0; b < 2; b++) {
      for (int j = 0; j < n; j++) {
        float acc = (float) avg.initial();
        for (int t = 0; t < 4; t++) {
          float proj = 0;
          for (int i = 0; i < m.width(); i++) proj += x[(b * 4 + t) * m.width() + i] * v[i * n + j];
          acc = (float) ((float) rho * acc) + (float) ((float) rest * proj);
        }
        assertEquals(acc, got[b * n + j], 1e-5f * Math.max(1, Math.abs(acc)), "avg[" + b + ", " + j + "]");
      }
    }
  }

  /** A delay line: {@code d} takes the value {@code c} had at the step's start, whatever the states' order. */
  private static String delay(int steps, boolean delayFirst) {
    String c = "  state c = 0.5 next c'\n";
    String d = "  state d = 0 next c\n";
    return "tensor-program Delay steps " + steps + " {\n  tensor x : input [2]\n  tensor W : weight [2, 2]\n"
        + "  tensor i : value [2]\n  tensor c : state [2]\n  tensor d : state [2]\n  tensor c' : value [2]\n"
        + (delayFirst ? d + c : c + d) + "  forward {\n    x = encode rows(" + steps + ", 0)\n    i = dense(x, W)\n"
        + "    c' = (c + i)\n  }\n  output y = state d\n  output cy = state c\n}\n";
  }

  @Test
  void aStateThatTakesAnotherStateTakesItsValueOfTheStepBefore() {
    for (boolean jvm : new boolean[] {false, true}) {
      for (boolean delayFirst : new boolean[] {false, true}) {
        TensorProgram four = differentiated(TensorParser.parse(delay(4, delayFirst)));
        TensorProgram three = differentiated(TensorParser.parse(delay(3, delayFirst)));
        ParamStore params = ParamStore.initialise(four, 3);
        float[] x = inputs(new Random(3), 2 * 4 * 2);
        float[] first = new float[2 * 3 * 2];
        for (int b = 0; b < 2; b++) System.arraycopy(x, b * 8, first, b * 6, 6);
        TensorExecutor e4 = jvm ? new JvmTensorExecutor(four, params, 2, 3) : new TensorInterpreter(four, params, 2, 3);
        TensorExecutor e3 = jvm ? new JvmTensorExecutor(three, params, 2, 3) : new TensorInterpreter(three, params, 2, 3);
        e4.forward(x, 2, new long[2]);
        e3.forward(first, 2, new long[2]);
        assertEquals(Arrays.toString(e3.output("cy")), Arrays.toString(e4.output("y")), "jvm " + jvm + ", d first " + delayFirst);
        // d.c of the last step reaches W only through the steps before it.
        params.zeroGrads();
        e4.backward(Map.of("y", new float[] {1, 1, 1, 1}));
        float[] through4 = params.grad("W").clone();
        params.zeroGrads();
        e3.backward(Map.of("cy", new float[] {1, 1, 1, 1}));
        float[] through3 = params.grad("W").clone();
        for (int i = 0; i < through3.length; i++) assertEquals(through3[i], through4[i], 1e-6f, "d.W[" + i + "]");
      }
    }
  }

  @Property(tries = 25)
  void theJvmExecutorAgreesBitForBitWithTheInterpreter(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int steps,
      @ForAll @IntRange(min = 1, max = 4) int batch, @ForAll boolean masked) {
    Random r = new Random(seed);
    Made m = random(r, steps);
    TensorProgram p = differentiated(parsed(m));
    ParamStore a = ParamStore.initialise(p, seed);
    ParamStore b = a.copy();
    TensorExecutor interp = new TensorInterpreter(p, a, 4, seed);
    TensorExecutor jvm = new JvmTensorExecutor(p, b, 4, seed);
    float[] x = inputs(r, batch * steps * m.width());
    int[] lengths = masked ? lengths(r, batch, steps) : null;
    long[] keys = new long[batch];
    interp.forward(x, batch, keys, lengths);
    jvm.forward(x, batch, keys, lengths);
    Map<String, float[]> g = new java.util.HashMap<>();
    for (String o : m.outputs()) {
      float[] y = interp.output(o);
      same(y, jvm.output(o), o, p);
      float[] c = new float[y.length];
      for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
      g.put(o, c);
    }
    a.zeroGrads();
    b.zeroGrads();
    interp.backward(g);
    jvm.backward(g);
    for (String n : a.names()) same(a.grad(n), b.grad(n), "d." + n, p);
  }

  /** The gradients of {@code sum(coeff_o * o)} over the outputs, checked by central differences. */
  @Property(tries = 20)
  void backpropagationThroughTimeAgreesWithFiniteDifferences(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int steps, @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll boolean masked) {
    Random r = new Random(seed);
    Made m = random(r, steps);
    TensorProgram p = differentiated(parsed(m));
    ParamStore params = ParamStore.initialise(p, seed);
    TensorInterpreter exec = new TensorInterpreter(p, params, batch, seed);
    float[] x = inputs(r, batch * steps * m.width());
    int[] lengths = masked ? lengths(r, batch, steps) : null;
    exec.forward(x, batch, new long[batch], lengths);
    Map<String, float[]> coeff = new java.util.HashMap<>();
    for (String o : m.outputs()) {
      float[] c = new float[exec.output(o).length];
      for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
      coeff.put(o, c);
    }
    params.zeroGrads();
    exec.backward(coeff);
    for (String name : params.names()) {
      float[] v = params.value(name);
      float[] g = params.grad(name).clone();
      for (int probe = 0; probe < 3; probe++) {
        int i = r.nextInt(v.length);
        double wide = central(exec, v, i, 1e-2f, x, batch, lengths, coeff);
        double narrow = central(exec, v, i, 5e-3f, x, batch, lengths, coeff);
        double fd = (4 * narrow - wide) / 3;
        double tol = 2e-3 + 2e-2 * Math.max(Math.abs(fd), Math.abs(g[i]));
        int at = i;
        assertTrue(Math.abs(fd - g[i]) <= tol,
            () -> name + "[" + at + "]: backward " + g[at] + ", finite differences " + fd + "\n" + m.text());
      }
    }
  }

  /**
   * A sample of length L in a program of more steps gives the outputs and gradients of the same
   * sample in a program of exactly L steps: masked steps change neither.
   */
  @Property(tries = 15)
  void aMaskedSampleRunsAsAProgramOfItsOwnLength(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int steps,
      @ForAll @IntRange(min = 1, max = 4) int batch, @ForAll boolean jvm) {
    Random r = new Random(seed);
    Made m = random(new Random(seed), steps);
    TensorProgram full = differentiated(parsed(m));
    ParamStore params = ParamStore.initialise(full, seed);
    float[] x = inputs(r, batch * steps * m.width());
    int[] lengths = lengths(r, batch, steps);
    ParamStore batched = params.copy();
    TensorExecutor e = jvm ? new JvmTensorExecutor(full, batched, batch, seed) : new TensorInterpreter(full, batched, batch, seed);
    e.forward(x, batch, new long[batch], lengths);
    Map<String, float[]> g = new java.util.HashMap<>();
    Map<String, float[]> y = new java.util.HashMap<>();
    for (String o : m.outputs()) {
      y.put(o, e.output(o));
      float[] c = new float[y.get(o).length];
      for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
      g.put(o, c);
    }
    batched.zeroGrads();
    e.backward(g);
    ParamStore single = params.copy();
    single.zeroGrads();
    for (int b = 0; b < batch; b++) {
      // The same program text, generated again with the sample's length as its number of steps.
      Made own = random(new Random(seed), lengths[b]);
      TensorProgram p = differentiated(parsed(own));
      TensorExecutor one = jvm ? new JvmTensorExecutor(p, single, 1, seed) : new TensorInterpreter(p, single, 1, seed);
      int w = m.width();
      one.forward(Arrays.copyOfRange(x, b * steps * w, (b * steps + lengths[b]) * w), 1, new long[1]);
      Map<String, float[]> gb = new java.util.HashMap<>();
      for (String o : m.outputs()) {
        float[] yb = one.output(o);
        int n = yb.length;
        for (int i = 0; i < n; i++) assertEquals(yb[i], y.get(o)[b * n + i], 0f, o + " of sample " + b + ", length " + lengths[b]);
        gb.put(o, Arrays.copyOfRange(g.get(o), b * n, (b + 1) * n));
      }
      one.backward(gb);
    }
    for (String n : params.names()) {
      float[] ga = single.grad(n);
      float[] gm = batched.grad(n);
      for (int i = 0; i < ga.length; i++) {
        float tol = 2e-5f * Math.max(1f, Math.abs(ga[i]));
        assertTrue(Math.abs(ga[i] - gm[i]) <= tol, n + "[" + i + "]: " + ga[i] + " alone vs " + gm[i] + " masked");
      }
    }
  }

  /**
   * The sample `fmnist_rows_rsnn.brain` (with the variants its comments offer: ALIF, Bernoulli
   * rows): its program prints and parses back after every pass, and its forward pass and
   * gradients agree bit for bit on both executors, for sequences of several lengths too.
   */
  @Test
  void theRowsSampleAndItsVariantsRoundTripAndRunAlikeOnBothExecutors() throws java.io.IOException {
    String text = java.nio.file.Files.readString(java.nio.file.Path.of("../samples/fmnist_rows_rsnn.brain"));
    List<String> variants = List.of(text, text.replace("Leaky[256]", "ALIF[256]"),
        text.replace("rows(steps = 28)", "rows(steps = 28, spikes = true)"));
    for (String source : variants) {
      brainc.compiler.driver.Analysis a = new brainc.compiler.driver.Frontend()
          .analyze(brainc.ir.source.SourceFile.of("fmnist_rows_rsnn.brain", source));
      assertTrue(!a.hasErrors(), () -> a.diagnostics().toString());
      brainc.ir.model.IrModule m = brainc.compiler.lower.Lowering.lower(a);
      brainc.ir.model.Network net = (brainc.ir.model.Network) m.find("RowsRSNN").orElseThrow();
      List<TensorProgram> stages = new java.util.ArrayList<>();
      TensorProgram p = brainc.compiler.passes.TrainPipeline.compile(m, net, true, (pass, q) -> stages.add(q));
      stages.forEach(RecurrentProgramProperties::roundTrips);
      ParamStore a1 = ParamStore.initialise(p, 42);
      ParamStore b1 = a1.copy();
      TensorExecutor interp = new TensorInterpreter(p, a1, 3, 42);
      TensorExecutor jvm = new JvmTensorExecutor(p, b1, 3, 42);
      Random r = new Random(42);
      float[] x = new float[3 * 28 * 28];
      for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < 0.5 ? 0f : r.nextFloat();
      int[] lengths = {28, 9, 17};
      long[] keys = {1, 2, 3};
      interp.forward(x, 3, keys, lengths);
      jvm.forward(x, 3, keys, lengths);
      Map<String, float[]> g = new java.util.HashMap<>();
      for (var o : p.outputs()) {
        float[] y = interp.output(o.name());
        same(y, jvm.output(o.name()), o.name(), p);
        float[] c = new float[y.length];
        for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
        g.put(o.name(), c);
      }
      a1.zeroGrads();
      b1.zeroGrads();
      interp.backward(g);
      jvm.backward(g);
      for (String n : a1.names()) same(a1.grad(n), b1.grad(n), "d." + n, p);
    }
  }

  private static double loss(TensorExecutor e, float[] x, int batch, int[] lengths, Map<String, float[]> coeff) {
    e.forward(x, batch, new long[batch], lengths);
    double s = 0;
    for (var c : coeff.entrySet()) {
      float[] y = e.output(c.getKey());
      for (int i = 0; i < y.length; i++) s += (double) c.getValue()[i] * y[i];
    }
    return s;
  }

  private static double central(TensorExecutor e, float[] v, int i, float h, float[] x, int batch, int[] lengths,
      Map<String, float[]> coeff) {
    float old = v[i];
    v[i] = old + h;
    double up = loss(e, x, batch, lengths, coeff);
    v[i] = old - h;
    double down = loss(e, x, batch, lengths, coeff);
    v[i] = old;
    return (up - down) / (2.0 * h);
  }

  /** Equal bit for bit, but for the sign of zero. */
  private static void same(float[] a, float[] b, String what, TensorProgram p) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      boolean eq = a[i] == b[i] || Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]);
      assertTrue(eq, () -> what + " differs: " + Arrays.toString(a) + " vs " + Arrays.toString(b) + "\n" + TensorPrinter.print(p));
    }
  }
}
