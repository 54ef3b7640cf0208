package brainc.codegen.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Generated map kernels against a direct evaluation of the same expression, element by element,
 * on random expression trees and inputs (zeros, negative zeros, NaN and infinities included):
 * equal bit for bit, and every generated class passes ASM's verifier.
 */
class MapEmitterProperties {
  private static final List<String> TENSORS = List.of("a", "b.mem'", "d.c@x");
  private static final List<TExpr.Surrogate> SURROGATES = List.of(new TExpr.Surrogate("atan", 2),
      new TExpr.Surrogate("fast_sigmoid", 25), new TExpr.Surrogate("triangle", 0.5),
      new TExpr.Surrogate("straight_through", 0));

  private static TExpr tree(Random r, int depth) {
    int kind = depth <= 0 ? r.nextInt(2) : r.nextInt(9);
    return switch (kind) {
      case 0 -> new TExpr.Ref(TENSORS.get(r.nextInt(TENSORS.size())));
      case 1 -> new TExpr.Lit(r.nextBoolean() ? r.nextInt(5) - 2 : r.nextGaussian());
      case 2, 3 -> new TExpr.Bin(TExpr.Op.values()[r.nextInt(4)], tree(r, depth - 1), tree(r, depth - 1));
      case 4 -> new TExpr.Neg(tree(r, depth - 1));
      case 5 -> new TExpr.Step(tree(r, depth - 1), r.nextBoolean(), SURROGATES.get(r.nextInt(4)));
      case 6 -> new TExpr.Select(tree(r, depth - 1), tree(r, depth - 1), tree(r, depth - 1));
      case 7 -> new TExpr.Detach(tree(r, depth - 1));
      default -> new TExpr.SurrogateGrad(SURROGATES.get(r.nextInt(4)), tree(r, depth - 1));
    };
  }

  /** The semantics, one element at a time. */
  private static float eval(TExpr e, float[][] buf, int i) {
    if (e instanceof TExpr.Ref r) return buf[1 + TENSORS.indexOf(r.tensor())][i];
    if (e instanceof TExpr.Lit l) return (float) l.value();
    if (e instanceof TExpr.Bin b) {
      float x = eval(b.left(), buf, i);
      float y = eval(b.right(), buf, i);
      return switch (b.op()) {
        case ADD -> x + y;
        case SUB -> x - y;
        case MUL -> x * y;
        case DIV -> x / y;
      };
    }
    if (e instanceof TExpr.Neg n) return -eval(n.operand(), buf, i);
    if (e instanceof TExpr.Step s) {
      float m = eval(s.margin(), buf, i);
      return (s.strict() ? m > 0f : m >= 0f) ? 1f : 0f;
    }
    if (e instanceof TExpr.Select s) return eval(s.cond(), buf, i) != 0f ? eval(s.then(), buf, i) : eval(s.otherwise(), buf, i);
    if (e instanceof TExpr.Detach d) return eval(d.operand(), buf, i);
    TExpr.SurrogateGrad g = (TExpr.SurrogateGrad) e;
    return g.surrogate().derivative(eval(g.margin(), buf, i));
  }

  @Property(tries = 200)
  void generatedKernelsComputeWhatTheExpressionSays(@ForAll long seed) {
    Random r = new Random(seed);
    TExpr expr = tree(r, 1 + r.nextInt(5));
    TOp.Map map = new TOp.Map("out", expr);
    int n = 64;
    float[][] buf = new float[4][n];
    float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f};
    for (int t = 1; t < 4; t++) {
      for (int i = 0; i < n; i++) {
        buf[t][i] = r.nextInt(6) == 0 ? specials[r.nextInt(specials.length)] : (float) (r.nextGaussian() * 2);
      }
    }
    java.util.function.ToIntFunction<String> slot = name -> name.equals("out") ? 0 : 1 + TENSORS.indexOf(name);
    MapEmitter.verify(MapEmitter.generate(map, slot, "brainc/codegen/train/MapCheck"));
    int lo = r.nextInt(8);
    int hi = n - r.nextInt(8);
    MapEmitter.compile(map, slot).eval(buf, lo, hi);
    for (int i = 0; i < n; i++) {
      float want = i >= lo && i < hi ? eval(expr, buf, i) : 0f;
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(buf[0][i]), "element " + i + " of " + expr);
    }
  }
}
