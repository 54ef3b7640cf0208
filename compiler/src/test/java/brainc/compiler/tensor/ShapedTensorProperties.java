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
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Programs over named shapes ({@link ShapedPrograms}: broadcasts, views, every reduction and
 * normalisation along every axis) print and parse back after every pass, run bit for bit alike
 * on the interpreter and the JVM executor, and their backward step agrees with finite
 * differences.
 */
class ShapedTensorProperties {
  private static TensorProgram differentiated(TensorProgram p) {
    TensorProgram d = new Differentiate().run(new MarkBinaryInputs().run(p));
    List<String> problems = TensorVerifier.verify(d);
    assertTrue(problems.isEmpty(), problems + "\n" + TensorPrinter.print(d));
    return d;
  }

  private static void roundTrips(TensorProgram p) {
    String text = TensorPrinter.print(p);
    TensorProgram back = TensorParser.parse(text);
    assertEquals(p, back, text);
    assertEquals(text, TensorPrinter.print(back));
  }

  @Property(tries = 200)
  void everyPassOutputRoundTripsAndVerifies(@ForAll long seed) {
    TensorProgram p = ShapedPrograms.random(seed).program();
    assertEquals(List.of(), TensorVerifier.verify(p), TensorPrinter.print(p));
    roundTrips(p);
    TensorProgram marked = new MarkBinaryInputs().run(p);
    roundTrips(marked);
    roundTrips(differentiated(p));
  }

  @Test
  void theGeneratorUsesEveryOperation() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 300; seed++) seen.addAll(ShapedPrograms.random(seed).kinds());
    Set<String> want = new HashSet<>(List.of("broadcast", "slice", "pad", "reshape", "constant", "matmul", "dot", "gather",
        "scatter_add", "embedding",
        "param_dot", "param_matmul"));
    for (var k : EnumSet.allOf(brainc.ir.tensor.TOp.Reduce.Kind.class)) want.add(k.text);
    assertEquals(want, seen);
  }

  private static float[] inputs(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.8);
    return v;
  }

  private static int inputWidth(TensorProgram p) {
    return p.tensor("x").orElseThrow().size();
  }

  @Property(tries = 80)
  void theJvmExecutorAgreesBitForBitWithTheInterpreter(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int batch) {
    TensorProgram p = differentiated(ShapedPrograms.random(seed).program());
    ParamStore a = ParamStore.initialise(p, seed);
    ParamStore b = a.copy();
    TensorExecutor interp = new TensorInterpreter(p, a, 5, seed);
    TensorExecutor jvm = new JvmTensorExecutor(p, b, 5, seed);
    Random r = new Random(seed);
    float[] x = inputs(r, batch * inputWidth(p));
    long[] keys = new long[batch];
    interp.forward(x, batch, keys);
    jvm.forward(x, batch, keys);
    float[] ya = interp.output("y");
    same(ya, jvm.output("y"), "y", p);
    float[] g = new float[ya.length];
    for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
    a.zeroGrads();
    b.zeroGrads();
    interp.backward(Map.of("y", g));
    jvm.backward(Map.of("y", g));
    for (String n : a.names()) same(a.grad(n), b.grad(n), "d." + n, p);
  }

  /** Equal bit for bit, but for the sign of zero. */
  private static void same(float[] a, float[] b, String what, TensorProgram p) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      boolean eq = a[i] == b[i] || Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]);
      assertTrue(eq, () -> what + " differs: " + java.util.Arrays.toString(a) + " vs " + java.util.Arrays.toString(b) + "\n"
          + TensorPrinter.print(p));
    }
  }

  /** {@code sum(coeff * y)}, whose gradient with respect to y is {@code coeff}. */
  private static double loss(TensorExecutor e, float[] x, int batch, float[] coeff) {
    e.forward(x, batch, new long[batch]);
    float[] y = e.output("y");
    double s = 0;
    for (int i = 0; i < y.length; i++) s += (double) coeff[i] * y[i];
    return s;
  }

  private static double central(TensorExecutor e, float[] v, int i, float h, float[] x, int batch, float[] coeff) {
    float old = v[i];
    v[i] = old + h;
    double up = loss(e, x, batch, coeff);
    v[i] = old - h;
    double down = loss(e, x, batch, coeff);
    v[i] = old;
    return (up - down) / (2.0 * h);
  }

  /**
   * The adjoints of every operation, checked through the parameters' gradients: top-k runs as
   * its smooth stand-in (the relaxed interpreter), so the declared gradient is the true one; a
   * probe whose two step sizes disagree straddles a kink (a max changing its argmax) and says
   * nothing.
   */
  @Property(tries = 60)
  void adjointsAgreeWithFiniteDifferences(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int batch) {
    TensorProgram p = differentiated(ShapedPrograms.random(seed).program());
    ParamStore params = ParamStore.initialise(p, seed);
    TensorInterpreter exec = new TensorInterpreter(p, params, batch, seed, true);
    Random r = new Random(seed);
    float[] x = inputs(r, batch * inputWidth(p));
    float[] coeff = new float[batch * p.tensor("s").orElseThrow().size()];
    for (int i = 0; i < coeff.length; i++) coeff[i] = (float) r.nextGaussian();
    loss(exec, x, batch, coeff);
    params.zeroGrads();
    exec.backward(Map.of("y", coeff));
    for (String name : params.names()) {
      float[] v = params.value(name);
      float[] g = params.grad(name).clone();
      for (int probe = 0; probe < 3; probe++) {
        int i = r.nextInt(v.length);
        double wide = central(exec, v, i, 1e-2f, x, batch, coeff);
        double narrow = central(exec, v, i, 5e-3f, x, batch, coeff);
        double fd = (4 * narrow - wide) / 3;
        double tol = 2e-3 + 3e-2 * Math.max(Math.abs(fd), Math.abs(g[i]));
        if (Math.abs(wide - narrow) > tol) continue; // a kink between the probes
        int at = i;
        assertTrue(Math.abs(fd - g[i]) <= tol,
            () -> name + "[" + at + "]: backward " + g[at] + ", finite differences " + fd + "\n" + TensorPrinter.print(p));
      }
    }
  }
}
