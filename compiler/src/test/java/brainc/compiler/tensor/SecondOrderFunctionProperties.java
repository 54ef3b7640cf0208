package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.passes.Differentiate;
import brainc.compiler.passes.FlattenGradient;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives of the elementwise functions and of the surrogates, in float64: a random
 * expression with calls of every function ({@link TensorExprs}) is differentiated, its gradient
 * flattened ({@link FlattenGradient}) and dotted with a constant direction {@code v}, and that
 * differentiated again; every step of both programs is a map, evaluated here in double. The
 * second program's adjoints, {@code H v}, agree with central differences of the first
 * program's gradient along {@code v} to 1e-6 of the larger value, wherever the gradient is
 * smooth around the point (at least 0.05 from every kink, pole and domain edge). Steps of 2e-4
 * and 1e-4 with Richardson's extrapolation leave a truncation error of order h^4 f^(5), below
 * 1e-9 even where a steep function's fifth derivative reaches 1e5 near the margin, and a
 * rounding error of order 1e-16 |g| / h, near 1e-12 |g|.
 */
class SecondOrderFunctionProperties {
  /** The values of every tensor after the forward and backward steps, the latter seeded with {@code seeds}. */
  private static TensorExprs.Eval run(TensorProgram p, Map<String, Double> at, Map<String, Double> seeds,
      Map<String, Double> env) {
    env.putAll(at);
    for (TensorProgram.State s : p.states()) env.putIfAbsent(s.name(), s.initial());
    TensorExprs.Eval ev = new TensorExprs.Eval(env);
    for (TOp op : p.forward()) env.put(((TOp.Map) op).out(), ev.of(((TOp.Map) op).expr()));
    for (TensorProgram.State s : p.states()) env.put(TensorProgram.grad(s.name()), seeds.getOrDefault(s.name(), 0.0));
    for (TOp op : p.backward()) env.put(((TOp.Map) op).out(), ev.of(((TOp.Map) op).expr()));
    return ev;
  }

  /** The gradient of {@code o} with respect to the variables, in the branches it took. */
  private record Gradient(double[] g, String branches, double margin) {}

  private static Gradient gradient(TensorProgram first, Map<String, Double> at) {
    Map<String, Double> env = new HashMap<>();
    TensorExprs.Eval ev = run(first, at, Map.of("o", 1.0), env);
    double[] g = TensorExprs.VARIABLES.stream().mapToDouble(x -> env.get(TensorProgram.gradPrev(x))).toArray();
    return new Gradient(g, ev.branches.toString(), ev.margin);
  }

  private static Map<String, Double> along(Map<String, Double> at, double[] v, double h) {
    Map<String, Double> m = new HashMap<>(at);
    for (int i = 0; i < v.length; i++) m.put(TensorExprs.VARIABLES.get(i), at.get(TensorExprs.VARIABLES.get(i)) + h * v[i]);
    return m;
  }

  /** The second-order program: the gradient of {@code first} dotted with the constants {@code v}, differentiated. */
  static TensorProgram hessianVector(TensorProgram first, double[] v) {
    FlattenGradient f = FlattenGradient.of(first);
    TExpr dot = null;
    for (int i = 0; i < v.length; i++) {
      TExpr term = new TExpr.Bin(TExpr.Op.MUL, new TExpr.Lit(v[i]),
          new TExpr.Ref(FlattenGradient.renamed(TensorProgram.gradPrev(TensorExprs.VARIABLES.get(i)))));
      dot = dot == null ? term : new TExpr.Bin(TExpr.Op.ADD, dot, term);
    }
    f.add(new Tensor("gv'", Tensor.Role.VALUE, 3, 0)).add(new Tensor("gv", Tensor.Role.STATE, 3, 0));
    f.add(new TOp.Map("gv'", dot));
    TensorProgram q = SecondOrderProperties.verified(f.program(List.of(new TensorProgram.State("gv", 0, "gv'")),
        List.of(new TensorProgram.Output("gv", "gv", "membrane"))));
    return SecondOrderProperties.verified(new Differentiate().run(q));
  }

  @Property(tries = 300)
  void hessianVectorProductsOfEveryFunctionAgreeWithFiniteDifferencesInDouble(@ForAll TExpr.Fn fn, @ForAll long seed) {
    Random r = new Random(seed);
    TExpr e = TensorExprs.call(r, fn, 1 + r.nextInt(3), true);
    TensorProgram first = SecondOrderProperties.verified(new Differentiate().run(TensorExprs.program(e)));
    double[] v = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
    TensorProgram second = hessianVector(first, v);
    int checked = 0;
    for (int point = 0; point < 40 && checked < 4; point++) {
      Map<String, Double> at = new HashMap<>();
      for (String x : TensorExprs.VARIABLES) at.put(x, r.nextDouble() * 4 - 2);
      Gradient center = gradient(first, at);
      if (center.margin < 0.05 || java.util.Arrays.stream(center.g).anyMatch(g -> !Double.isFinite(g) || Math.abs(g) > 1e6)) {
        continue;
      }
      Map<String, Double> env = new HashMap<>();
      run(second, at, Map.of("gv", 1.0), env);
      double[][] fd = new double[2][];
      boolean smooth = true;
      for (int k = 0; k < 2 && smooth; k++) {
        double h = k == 0 ? 2e-4 : 1e-4;
        Gradient up = gradient(first, along(at, v, h));
        Gradient down = gradient(first, along(at, v, -h));
        smooth = up.branches.equals(center.branches) && down.branches.equals(center.branches);
        fd[k] = new double[v.length];
        for (int i = 0; i < v.length; i++) fd[k][i] = (up.g[i] - down.g[i]) / (2 * h);
      }
      if (!smooth) continue;
      boolean finite = true;
      for (int i = 0; i < v.length; i++) {
        String x = TensorExprs.VARIABLES.get(i);
        double hv = env.get(TensorProgram.gradPrev(x));
        double d = (4 * fd[1][i] - fd[0][i]) / 3;
        if (!Double.isFinite(d) || !Double.isFinite(hv) || Math.abs(hv) > 1e6) {
          finite = false;
          continue;
        }
        double tol = 1e-6 * Math.max(1, Math.max(Math.abs(d), Math.abs(hv)));
        assertTrue(Math.abs(d - hv) <= tol, "(H v)_" + x + " of " + TensorPrinter.expr(e) + " at " + at + " along "
            + java.util.Arrays.toString(v) + ": " + hv + ", finite differences " + d + "\n" + TensorPrinter.print(second));
      }
      if (finite) checked++;
    }
    Assume.that(checked > 0);
  }

  /** The surrogates' derivatives in double, as {@link TExpr.Surrogate#derivative} computes them in float. */
  private static double surrogate(String kind, double p, double u) {
    return switch (kind) {
      case "atan" -> (p / 2) / (1 + Math.pow(Math.PI / 2 * p * u, 2));
      case "fast_sigmoid" -> 1 / Math.pow(1 + p * Math.abs(u), 2);
      case "triangle" -> Math.max(0, 1 - Math.abs(u) / p);
      default -> 1;
    };
  }

  /** {@code d/da surrogate_grad(a)} as differentiate writes it, evaluated in double at {@code u}. */
  private static double second(TExpr.Surrogate s, double u) {
    TensorProgram p = new Differentiate().run(TensorExprs.program(new TExpr.SurrogateGrad(s, new TExpr.Ref("a"))));
    Map<String, Double> at = Map.of("a", u, "l1.mem'", 0.0, "c_2", 0.0);
    Map<String, Double> env = new HashMap<>();
    run(p, at, Map.of("o", 1.0), env);
    return env.get(TensorProgram.gradPrev("a"));
  }

  @Test
  void theSurrogatesSecondDerivativesAgreeWithFiniteDifferencesInDouble() {
    Random r = new Random(7);
    for (TExpr.Surrogate s : List.of(new TExpr.Surrogate("atan", 2), new TExpr.Surrogate("fast_sigmoid", 25),
        new TExpr.Surrogate("triangle", 0.5), new TExpr.Surrogate("straight_through", 0))) {
      for (int k = 0; k < 100; k++) {
        double u = r.nextDouble() * 3 - 1.5;
        double p = (float) s.parameter();
        if (Math.abs(u) < 1e-3 || Math.abs(Math.abs(u) - p) < 1e-3) continue; // a kink
        double h = 1e-5;
        double fd = (surrogate(s.kind(), p, u + h) - surrogate(s.kind(), p, u - h)) / (2 * h);
        double got = second(s, u);
        assertTrue(Math.abs(fd - got) <= 1e-6 * Math.max(1, Math.abs(fd)), s + " at " + u + ": " + got + " vs " + fd);
      }
    }
    // At the kinks: 0 (the mean of the one-sided derivatives at 0; the outer piece's at the width).
    assertEquals(0.0, second(new TExpr.Surrogate("fast_sigmoid", 25), 0), 0);
    assertEquals(0.0, second(new TExpr.Surrogate("triangle", 0.5), 0), 0);
    assertEquals(0.0, second(new TExpr.Surrogate("triangle", 0.5), 0.5), 0);
    assertEquals(0.0, second(new TExpr.Surrogate("triangle", 0.5), -0.5), 0);
  }
}
