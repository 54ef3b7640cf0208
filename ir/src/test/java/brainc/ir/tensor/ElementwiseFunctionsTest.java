package brainc.ir.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.builtin.Builtin;
import brainc.ir.builtin.StableMath;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tensor IR's functions: one table, one formula each, stable where it matters. */
class ElementwiseFunctionsTest {
  private static final double[] SPECIALS = {0, -0.0, 1, -1, 0.5, -2.5, 40, -40, 800, -800, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

  private static double draw(Random r) {
    return r.nextInt(4) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)] : r.nextGaussian() * 5;
  }

  /** What generated code calls (the helper by name) is what the interpreter calls (the switch). */
  @Test
  void everyFunctionsHelperIsTheFunction() throws Exception {
    Random r = new Random(7);
    for (TExpr.Fn fn : TExpr.Fn.values()) {
      Class<?>[] params = new Class<?>[fn.helperArity()];
      java.util.Arrays.fill(params, double.class);
      Method helper = StableMath.class.getMethod(fn.helper(), params);
      assertEquals(double.class, helper.getReturnType(), fn.name());
      for (int k = 0; k < 500; k++) {
        double[] a = new double[fn.helperArity()];
        for (int j = 0; j < a.length; j++) a[j] = draw(r);
        Object[] boxed = java.util.Arrays.stream(a).boxed().toArray();
        double want = (double) helper.invoke(null, boxed);
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(fn.evaluate(a)), fn + " " + java.util.Arrays.toString(a));
        double fixed = a.length == 1 ? fn.apply(a[0]) : a.length == 2 ? fn.apply(a[0], a[1]) : fn.apply(a[0], a[1], a[2]);
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(fixed), fn + " " + java.util.Arrays.toString(a));
      }
    }
  }

  /**
   * The functions the language has are the language's: same spelling, arity and value (sigmoid
   * aside, whose stable form may differ in the last bit for negative arguments).
   */
  @Test
  void theLanguagesBuiltinsKeepTheirNamesArityAndValues() {
    Random r = new Random(11);
    int shared = 0;
    for (TExpr.Fn fn : TExpr.Fn.values()) {
      Optional<Builtin> b = Builtin.named(fn.spelling());
      if (b.isEmpty()) continue;
      shared++;
      assertEquals(b.get().minArity(), fn.minArity(), fn.name());
      assertEquals(b.get().maxArity(), fn.maxArity(), fn.name());
      for (int k = 0; k < 500; k++) {
        double[] a = new double[fn.minArity() + (fn.maxArity() > fn.minArity() ? r.nextInt(3) : 0)];
        for (int j = 0; j < a.length; j++) a[j] = draw(r);
        double want = b.get().evaluate(a).orElseThrow();
        double got = fn.evaluate(a);
        if (fn == TExpr.Fn.SIGMOID) {
          assertTrue(Double.isNaN(want) ? Double.isNaN(got) : Math.abs(want - got) <= 2 * Math.ulp(want), fn + " " + a[0]);
        } else {
          assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), fn + " " + java.util.Arrays.toString(a));
        }
      }
    }
    assertEquals(9, shared, "exp, log, tanh, sigmoid, abs, sqrt, min, max and clip come from the built-in table");
  }

  @Test
  void theStableFormsNeitherOverflowNorLoseSmallResults() {
    // sigmoid: tiny results keep their relative precision, large arguments saturate without NaN.
    assertEquals(StrictMath.exp(-700), StableMath.sigmoid(-700), 1e-15 * StrictMath.exp(-700));
    assertEquals(1.0, StableMath.sigmoid(800));
    assertEquals(0.0, StableMath.sigmoid(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(StableMath.sigmoid(Double.NaN)));
    assertEquals(StrictMath.exp(-40) / (1 + StrictMath.exp(-40)), StableMath.sigmoid(-40));
    // softplus: the identity for large x, e^x for very negative x, log 2 at 0.
    assertEquals(1000.0, StableMath.softplus(1000));
    assertEquals(StrictMath.exp(-50), StableMath.softplus(-50), 1e-15 * StrictMath.exp(-50));
    assertEquals(StrictMath.log(2), StableMath.softplus(0));
    assertEquals(Double.POSITIVE_INFINITY, StableMath.softplus(Double.POSITIVE_INFINITY));
    assertEquals(0.0, StableMath.softplus(Double.NEGATIVE_INFINITY));
    // log-sum-exp: shifted by the maximum.
    double[] big = {1000, 1000, Double.NEGATIVE_INFINITY};
    assertEquals(1000 + StrictMath.log(2), StableMath.logSumExp(big, 0, 3), 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, StableMath.logSumExp(big, 2, 3));
    assertEquals(Double.NEGATIVE_INFINITY, StableMath.logSumExp(big, 0, 0));
    assertTrue(Double.isNaN(StableMath.logSumExp(new double[] {1, Double.NaN}, 0, 2)));
    assertEquals(Double.POSITIVE_INFINITY, StableMath.logSumExp(new double[] {1, Double.POSITIVE_INFINITY}, 0, 2));
    assertEquals(StableMath.logSumExp(new double[] {-3, 2}, 0, 2), StableMath.logAddExp(-3, 2), 1e-15);
    assertEquals(-1000 + StrictMath.log(2), StableMath.logAddExp(-1000, -1000), 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, StableMath.logAddExp(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
    // clip keeps NaN; min and max order the zeros.
    assertTrue(Double.isNaN(StableMath.clip(Double.NaN, 0, 1)));
    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(StableMath.min(0.0, -0.0)));
  }

  @Test
  void aWrongArityIsStatedAsTheFunctionsRule() {
    assertEquals(Optional.of("exp takes 1 argument, not 2"), TExpr.Fn.EXP.arityProblem(2));
    assertEquals(Optional.of("min takes at least 2 arguments, not 1"), TExpr.Fn.MIN.arityProblem(1));
    assertEquals(Optional.of("clip takes 3 arguments, not 2"), TExpr.Fn.CLIP.arityProblem(2));
    assertEquals(Optional.empty(), TExpr.Fn.MAX.arityProblem(5));
    for (TExpr.Fn fn : TExpr.Fn.values()) assertEquals(Optional.of(fn), TExpr.Fn.named(fn.spelling()));
  }

  @Test
  void theVerifierRejectsAWrongArityWithTheRule() {
    TExpr a = new TExpr.Ref("a");
    List<Tensor> tensors = List.of(new Tensor("a", Tensor.Role.STATE, 2, 0), new Tensor("y", Tensor.Role.VALUE, 2, 0));
    TensorProgram p = new TensorProgram("N", 1, tensors, List.of(new TensorProgram.State("a", 0, "a")),
        List.of(new TOp.Map("y", new TExpr.Bin(TExpr.Op.ADD, a, new TExpr.Call(TExpr.Fn.TANH, a, a)))), List.of(), List.of(),
        List.of());
    assertEquals(List.of("forward: y = (a + tanh(a, a)): tanh takes 1 argument, not 2"), TensorVerifier.verify(p));
    // The text form reads it (the parser takes any number of arguments), so the verifier can say what is wrong.
    assertEquals(p, TensorParser.parse(TensorPrinter.print(p)));
    TensorProgram ok = p.withForward(List.of(new TOp.Map("y", new TExpr.Call(TExpr.Fn.MAX, a, a, new TExpr.Lit(0.5)))));
    assertEquals(List.of(), TensorVerifier.verify(ok));
  }

  @Test
  void anUnknownFunctionIsAParseErrorAtItsName() {
    String text = "tensor-program N steps 1 {\n  tensor a : state [2]\n  tensor y : value [2]\n  state a = 0 next a\n"
        + "  forward {\n    y = (a + erf(a))\n  }\n}\n";
    TensorParser.ParseError e = org.junit.jupiter.api.Assertions.assertThrows(TensorParser.ParseError.class,
        () -> TensorParser.parse(text));
    assertEquals(6, e.line);
    assertEquals(14, e.column);
    assertTrue(e.getMessage().contains("unknown function `erf`"), e.getMessage());
  }
}
