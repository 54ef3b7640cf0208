package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.passes.Differentiate;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.TensorParser;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The elementwise functions through {@code differentiate}: on random expressions with calls of
 * every function, each adjoint the pass writes, evaluated in double, agrees with central finite
 * differences of the expression in double wherever the expression is smooth around the point;
 * every program prints and parses back, before and after the pass; and at the kinks the
 * gradient goes where {@link Differentiate#partial} says.
 */
class TensorFunctionProperties {
  private static void roundTrips(TensorProgram p) {
    String text = TensorPrinter.print(p);
    assertEquals(p, TensorParser.parse(text), text);
  }

  @Property(tries = 200)
  void programsWithEveryFunctionRoundTripBeforeAndAfterDifferentiation(@ForAll long seed) {
    Random r = new Random(seed);
    TensorProgram any = TensorExprs.program(TensorExprs.tree(r, 1 + r.nextInt(5), false));
    assertEquals(List.of(), TensorVerifier.verify(any));
    roundTrips(any);
    TensorProgram smooth = new Differentiate().run(TensorExprs.program(TensorExprs.tree(r, 1 + r.nextInt(5), true)));
    assertEquals(List.of(), TensorVerifier.verify(smooth), () -> TensorPrinter.print(smooth));
    roundTrips(smooth);
  }

  /** The forward values of {@code p}'s variables and output, and the backward step's adjoints from {@code d.o = 1}. */
  private static Map<String, Double> backward(TensorProgram p, Map<String, Double> at) {
    Map<String, Double> env = new HashMap<>(at);
    TOp.Map y = (TOp.Map) p.forward().get(0);
    env.put("y", new TensorExprs.Eval(env).of(y.expr()));
    env.put("o", 0.0);
    for (TensorProgram.State s : p.states()) env.put(TensorProgram.grad(s.name()), s.name().equals("o") ? 1.0 : 0.0);
    for (TOp op : p.backward()) {
      TOp.Map m = (TOp.Map) op;
      env.put(m.out(), new TensorExprs.Eval(env).of(m.expr()));
    }
    return env;
  }

  private static double centralDifference(TExpr e, Map<String, Double> at, String x, double h, String branches) {
    Map<String, Double> env = new HashMap<>(at);
    env.put(x, at.get(x) + h);
    TensorExprs.Eval up = new TensorExprs.Eval(env);
    double fUp = up.of(e);
    env.put(x, at.get(x) - h);
    TensorExprs.Eval down = new TensorExprs.Eval(env);
    double fDown = down.of(e);
    // Off the point's smooth piece, no difference quotient means anything.
    if (!up.branches.toString().equals(branches) || !down.branches.toString().equals(branches)) return Double.NaN;
    return (fUp - fDown) / (2 * h);
  }

  @Property(tries = 300)
  void everyAdjointAgreesWithCentralFiniteDifferences(@ForAll TExpr.Fn fn, @ForAll long seed) {
    Random r = new Random(seed);
    TExpr e = TensorExprs.call(r, fn, 1 + r.nextInt(3), true);
    TensorProgram p = new Differentiate().run(TensorExprs.program(e));
    assertEquals(List.of(), TensorVerifier.verify(p));
    int checked = 0;
    for (int point = 0; point < 40 && checked < 4; point++) {
      Map<String, Double> at = new HashMap<>();
      for (String v : TensorExprs.VARIABLES) at.put(v, r.nextDouble() * 4 - 2);
      TensorExprs.Eval center = new TensorExprs.Eval(at);
      double f = center.of(e);
      if (!Double.isFinite(f) || Math.abs(f) > 1e6 || center.margin < 0.05) continue;
      Map<String, Double> grads = backward(p, at);
      boolean smooth = true;
      for (String x : TensorExprs.VARIABLES) {
        double g = grads.get(TensorProgram.gradPrev(x));
        double wide = centralDifference(e, at, x, 1e-3, center.branches.toString());
        double narrow = centralDifference(e, at, x, 5e-4, center.branches.toString());
        double finest = centralDifference(e, at, x, 2.5e-4, center.branches.toString());
        if (!Double.isFinite(wide) || !Double.isFinite(narrow) || !Double.isFinite(finest) || Math.abs(g) > 1e6) {
          smooth = false;
          continue;
        }
        // Richardson's extrapolation cancels the h^2 term of two central differences.
        double coarse = (4 * narrow - wide) / 3;
        double fd = (4 * finest - narrow) / 3;
        double tol = 1e-6 * Math.max(1, Math.max(Math.abs(fd), Math.abs(g)));
        if (Math.abs(fd - coarse) > tol / 4) {
          // The differences disagree among themselves (a steep power near its pole: x^-1.76 at
          // x = 0.05): no step here is small enough for them to judge the adjoint to 1e-6.
          smooth = false;
          continue;
        }
        assertTrue(Math.abs(fd - g) <= tol, "d/d" + x + " of " + TensorPrinter.expr(e) + " at " + at + ": adjoint " + g
            + ", finite differences " + fd + "\n" + TensorPrinter.print(p));
      }
      if (smooth) checked++;
    }
    Assume.that(checked > 0); // an expression that is nowhere finite and smooth here (log(-exp(a))) proves nothing
  }

  /** The gradient of {@code expr} over {@code a, l1.mem', c_2} at the given values, from the pass's backward step. */
  private static double[] gradient(TExpr expr, double a, double b, double c) {
    TensorProgram p = new Differentiate().run(TensorExprs.program(expr));
    Map<String, Double> at = Map.of("a", a, "l1.mem'", b, "c_2", c);
    Map<String, Double> g = backward(p, at);
    return TensorExprs.VARIABLES.stream().mapToDouble(x -> g.get(TensorProgram.gradPrev(x))).toArray();
  }

  private static final TExpr A = new TExpr.Ref("a");
  private static final TExpr B = new TExpr.Ref("l1.mem'");
  private static final TExpr C = new TExpr.Ref("c_2");

  private static TExpr call(TExpr.Fn fn, TExpr... args) {
    return new TExpr.Call(fn, args);
  }

  @Test
  void atTheKinksTheGradientGoesWhereTheRulesSay() {
    // abs: 0 at 0.
    assertEquals(0.0, gradient(call(TExpr.Fn.ABS, A), 0, 0, 0)[0], 0);
    assertEquals(-1.0, gradient(call(TExpr.Fn.ABS, A), -0.5, 0, 0)[0], 0);
    // min and max: ties go to the first argument, also among three.
    assertEquals(List.of(1.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.MIN, A, B), 2, 2, 0)));
    assertEquals(List.of(1.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.MAX, A, B), 2, 2, 0)));
    assertEquals(List.of(0.0, 0.0, 1.0), list(gradient(call(TExpr.Fn.MAX, C, A, B), 1, 1, 1)));
    assertEquals(List.of(0.0, 1.0, 0.0), list(gradient(call(TExpr.Fn.MIN, C, B, A), 3, 1, 2)));
    // clip: to x strictly inside the bounds, else to the bound it returns.
    assertEquals(List.of(1.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.CLIP, A, B, C), 0.5, 0, 1)));
    assertEquals(List.of(0.0, 1.0, 0.0), list(gradient(call(TExpr.Fn.CLIP, A, B, C), 0, 0, 1)));
    assertEquals(List.of(0.0, 0.0, 1.0), list(gradient(call(TExpr.Fn.CLIP, A, B, C), 1, 0, 1)));
    assertEquals(List.of(0.0, 0.0, 1.0), list(gradient(call(TExpr.Fn.CLIP, A, B, C), 7, 0, 1)));
    assertEquals(0.0, gradient(call(TExpr.Fn.CLIP, A, new TExpr.Lit(-1), new TExpr.Lit(1)), -1, 0, 0)[0], 0);
    // pow: the base's y x^(y-1) also for negative bases; no gradient into the exponent where the base is not positive.
    assertEquals(List.of(-6.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.POW, A, new TExpr.Lit(2)), -3, 0, 0)));
    assertEquals(List.of(-2.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.POW, A, C), -1, 0, 2)));
    assertEquals(List.of(0.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.POW, A, C), 0, 0, 2)));
    assertEquals(8 * Math.log(2), gradient(call(TExpr.Fn.POW, A, C), 2, 0, 3)[2], 1e-12);
    // Comparisons and signs are flat.
    assertEquals(List.of(0.0, 0.0, 0.0), list(gradient(call(TExpr.Fn.LT, A, B), 1, 2, 0)));
  }

  private static List<Double> list(double[] v) {
    return java.util.Arrays.stream(v).boxed().toList();
  }

  @Test
  void theAdjointsReadAsTheirDefinitions() {
    String text = TensorPrinter.print(new Differentiate().run(TensorExprs.program(new TExpr.Bin(TExpr.Op.ADD,
        call(TExpr.Fn.TANH, A), new TExpr.Bin(TExpr.Op.ADD, call(TExpr.Fn.SIGMOID, B), call(TExpr.Fn.SOFTPLUS, C))))));
    assertTrue(text.contains("dprev.a = (d.a + (d.o * (1 - (tanh(a) * tanh(a)))))"), text);
    assertTrue(text.contains("dprev.l1.mem' = (d.l1.mem' + (d.o * (sigmoid(l1.mem') * sigmoid((-l1.mem')))))"), text);
    assertTrue(text.contains("dprev.c_2 = (d.c_2 + (d.o * sigmoid(c_2)))"), text);
    // Calls of constants in an adjoint fold to the value the executors would compute (log 2 in
    // float), a constant condition picks its branch, and pow(x, 1) is x.
    String folded = TensorPrinter.print(new Differentiate().run(TensorExprs.program(new TExpr.Bin(TExpr.Op.ADD,
        call(TExpr.Fn.POW, A, new TExpr.Lit(2)), call(TExpr.Fn.POW, new TExpr.Lit(2), C)))));
    assertTrue(folded.contains("dprev.a = (d.a + (d.o * (2 * a)))"), folded);
    assertTrue(folded.contains("dprev.c_2 = (d.c_2 + (d.o * (pow(2, c_2) * " + (double) (float) Math.log(2) + ")))"), folded);
  }
}
