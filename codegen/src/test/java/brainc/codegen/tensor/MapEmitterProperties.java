package brainc.codegen.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Generated map kernels against a direct evaluation of the same expression, element by element,
 * on random expression trees (with calls of every function) and inputs (zeros, negative zeros,
 * NaN and infinities included): equal bit for bit, and every generated class passes ASM's
 * verifier. The interpreter's compiled map against the JVM executor's, bit for bit too.
 */
class MapEmitterProperties {
  private static final List<String> TENSORS = List.of("a", "b.mem'", "d.c@x");
  private static final List<TExpr.Surrogate> SURROGATES = List.of(new TExpr.Surrogate("atan", 2),
      new TExpr.Surrogate("fast_sigmoid", 25), new TExpr.Surrogate("triangle", 0.5),
      new TExpr.Surrogate("straight_through", 0));

  private static TExpr tree(Random r, int depth) {
    int kind = depth <= 0 ? r.nextInt(2) : r.nextInt(11);
    return switch (kind) {
      case 0 -> new TExpr.Ref(TENSORS.get(r.nextInt(TENSORS.size())));
      case 1 -> new TExpr.Lit(r.nextBoolean() ? r.nextInt(5) - 2 : r.nextGaussian());
      case 2, 3 -> new TExpr.Bin(TExpr.Op.values()[r.nextInt(4)], tree(r, depth - 1), tree(r, depth - 1));
      case 4 -> new TExpr.Neg(tree(r, depth - 1));
      case 5 -> new TExpr.Step(tree(r, depth - 1), r.nextBoolean(), SURROGATES.get(r.nextInt(4)));
      case 6 -> new TExpr.Select(tree(r, depth - 1), tree(r, depth - 1), tree(r, depth - 1));
      case 7 -> new TExpr.Detach(tree(r, depth - 1));
      case 8 -> new TExpr.SurrogateGrad(SURROGATES.get(r.nextInt(4)), tree(r, depth - 1));
      default -> call(r, depth);
    };
  }

  /** A call of a random function with as many arguments as it takes (min and max: two to four). */
  private static TExpr call(Random r, int depth) {
    TExpr.Fn fn = TExpr.Fn.values()[r.nextInt(TExpr.Fn.values().length)];
    int n = fn.maxArity() == Integer.MAX_VALUE ? fn.minArity() + r.nextInt(3) : fn.minArity();
    List<TExpr> args = new java.util.ArrayList<>();
    for (int j = 0; j < n; j++) args.add(tree(r, depth - 1));
    return new TExpr.Call(fn, args);
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
    if (e instanceof TExpr.Call c) {
      // The definition: the float arguments widened, the function in double, rounded once.
      double[] args = new double[c.args().size()];
      for (int j = 0; j < args.length; j++) args[j] = eval(c.args().get(j), buf, i);
      return (float) c.fn().evaluate(args);
    }
    TExpr.SurrogateGrad g = (TExpr.SurrogateGrad) e;
    return g.surrogate().derivative(eval(g.margin(), buf, i));
  }

  /**
   * A program whose forward step is {@code out = expr} over the states {@link #TENSORS} (of
   * {@code n} elements), differentiated trivially, so that both executors accept it.
   */
  private static TensorProgram mapProgram(TExpr expr, int n) {
    List<Tensor> tensors = new java.util.ArrayList<>();
    List<TensorProgram.State> states = new java.util.ArrayList<>();
    List<TOp> backward = new java.util.ArrayList<>();
    for (String t : TENSORS) {
      tensors.add(new Tensor(t, Tensor.Role.STATE, n, 0));
      tensors.add(new Tensor(TensorProgram.grad(t), Tensor.Role.GRAD, n, 0));
      tensors.add(new Tensor(TensorProgram.gradPrev(t), Tensor.Role.GRAD, n, 0));
      states.add(new TensorProgram.State(t, 0, t));
      backward.add(new TOp.Map(TensorProgram.gradPrev(t), new TExpr.Lit(0)));
    }
    tensors.add(new Tensor("out", Tensor.Role.VALUE, n, 0));
    return new TensorProgram("M", 1, tensors, states, List.of(new TOp.Map("out", expr)), List.of(), backward, List.of());
  }

  /** Runs {@code p}'s forward map on {@code e} with the states' elements set to {@code values}. */
  private static float[] runMap(TensorExecutor e, TensorProgram p, float[][] values) {
    for (int t = 0; t < TENSORS.size(); t++) {
      System.arraycopy(values[t], 0, e.buf[e.slot(TENSORS.get(t))], 0, values[t].length);
    }
    e.batch = 1;
    e.compile(p.forward().get(0)).run();
    return e.buf[e.slot("out")].clone();
  }

  @Property(tries = 100)
  void theInterpreterAndTheJvmExecutorAgreeBitForBit(@ForAll long seed) {
    Random r = new Random(seed);
    TExpr expr = tree(r, 1 + r.nextInt(5));
    int n = 48;
    TensorProgram p = mapProgram(expr, n);
    float[][] values = new float[TENSORS.size()][n];
    float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 100f, -100f};
    for (float[] v : values) {
      for (int i = 0; i < n; i++) v[i] = r.nextInt(6) == 0 ? specials[r.nextInt(specials.length)] : (float) (r.nextGaussian() * 3);
    }
    ParamStore params = ParamStore.initialise(p, seed);
    float[] interp = runMap(new TensorInterpreter(p, params, 1, seed), p, values);
    float[] jvm = runMap(new JvmTensorExecutor(p, params, 1, seed), p, values);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(interp[i]), Float.floatToIntBits(jvm[i]), "element " + i + " of " + expr);
    }
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
