package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.JvmTensorExecutor;
import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.TensorExecutor;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.compiler.passes.Differentiate;
import brainc.compiler.passes.DotGradientWithDirection;
import brainc.compiler.passes.FlattenGradient;
import brainc.compiler.passes.MarkBinaryInputs;
import brainc.compiler.passes.UnrollSteps;
import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorParser;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Second order: a differentiated program's gradient flattened into a forward step and dotted
 * with a direction ({@link DotGradientWithDirection}), differentiated again, gives Hessian-vector
 * products. Over random programs (the shaped ones: every reduction and normalisation, views,
 * pads, broadcasts; dense layers into random elementwise expressions with every function;
 * single-step spiking layers with their surrogates, resets and detaches), the product agrees
 * with central differences of the first-order gradient along the direction, the gradient with
 * respect to the direction is the first-order gradient bit for bit, every pass's output prints
 * and parses back, and the interpreter and the JVM executor agree bit for bit on the
 * second-order program.
 *
 * <p>The executors compute in float32, so these differences are of float32 gradients, formed in
 * double: with steps of 1e-2 and 5e-3 (Richardson's extrapolation cancels the h^2 term), the
 * rounding of a gradient (about 1e-7 of its terms, divided by 2h) and the remaining h^4 term
 * stay below 2e-3 + 3e-2 of the larger value, the tolerance of the first-order properties. In
 * float64 proper, on elementwise expressions evaluated in double, {@link
 * SecondOrderFunctionProperties} holds the products to 1e-6.
 */
class SecondOrderProperties {
  static void roundTrips(TensorProgram p) {
    String text = TensorPrinter.print(p);
    TensorProgram back = TensorParser.parse(text);
    assertEquals(p, back, text);
    assertEquals(text, TensorPrinter.print(back));
  }

  static TensorProgram verified(TensorProgram p) {
    List<String> problems = TensorVerifier.verify(p);
    assertTrue(problems.isEmpty(), () -> problems + "\n" + TensorPrinter.print(p));
    roundTrips(p);
    return p;
  }

  /**
   * A random shaped program whose gathers and products read no parameter: an embedding's
   * gradient is summed over the batch by a scatter-add, which {@link FlattenGradient} does not
   * keep per sample yet (it refuses such programs).
   */
  static TensorProgram shapedWithoutParameterOperands(long seed) {
    for (int k = 0; k < 1000; k++) {
      TensorProgram p = ShapedPrograms.random(seed + k).program();
      java.util.function.Predicate<String> param = n -> p.tensor(n).filter(Tensor::isParam).isPresent();
      boolean reads = p.forward().stream().anyMatch(op -> op instanceof TOp.Gather g && param.test(g.in())
          || op instanceof TOp.Matmul m && (param.test(m.a()) || param.test(m.b()))
          || op instanceof TOp.Dot d && (param.test(d.a()) || param.test(d.b())));
      if (!reads) return p;
    }
    throw new IllegalStateException("no shaped program without parameter operands near seed " + seed);
  }

  /** The same program with a single step. */
  static TensorProgram oneStep(TensorProgram p) {
    return new TensorProgram(p.network(), 1, p.tensors(), p.states(), p.forward(), p.outputs(), p.backward(), p.saved(),
        p.tables());
  }

  /** The second-order program of a differentiated one: its directional derivative, differentiated. */
  static TensorProgram secondOrder(TensorProgram differentiated) {
    TensorProgram q = verified(new DotGradientWithDirection().run(verified(differentiated)));
    return verified(new Differentiate().run(q));
  }

  /** A dense layer from the input into each of TensorExprs' variables, then {@code y = expr + a / 8} into the output's state. */
  static TensorProgram functions(TExpr expr, int inputs) {
    List<Tensor> tensors = new ArrayList<>();
    List<TOp> ops = new ArrayList<>();
    tensors.add(new Tensor("x", Tensor.Role.INPUT, inputs, 0));
    ops.add(new TOp.Encode("x", "direct", List.of(1.0)));
    int k = 0;
    for (String v : TensorExprs.VARIABLES) {
      String layer = "f" + k++;
      tensors.add(new Tensor(layer + ".W", Tensor.Role.WEIGHT, 3, inputs));
      tensors.add(new Tensor(layer + ".b", Tensor.Role.BIAS, 3, 0));
      tensors.add(new Tensor(v, Tensor.Role.VALUE, 3, 0));
      ops.add(new TOp.Dense(v, "x", layer + ".W", Optional.of(layer + ".b"), false));
    }
    tensors.add(new Tensor("y", Tensor.Role.VALUE, 3, 0));
    tensors.add(new Tensor("s", Tensor.Role.STATE, 3, 0));
    // Plus a little of a, so that y depends on some parameter even where expr is a constant.
    ops.add(new TOp.Map("y", new TExpr.Bin(TExpr.Op.ADD, expr, new TExpr.Bin(TExpr.Op.MUL, new TExpr.Lit(0.125),
        new TExpr.Ref(TensorExprs.VARIABLES.get(0))))));
    return new TensorProgram("F", 1, tensors, List.of(new TensorProgram.State("s", 0, "y")), ops,
        List.of(new TensorProgram.Output("y", "s", "membrane")), List.of(), List.of());
  }

  /**
   * A single-step spiking network (one or two Leaky layers, reset subtracted, attached or
   * detached). With {@code smooth}, the surrogate is atan's; else also the fast sigmoid, whose
   * derivative has a kink at 0 (a gradient continuous there but not smooth, which finite
   * differences of gradients cannot tell from a smooth one, so only the executors are compared
   * on it; SecondOrderFunctionProperties checks its second derivative in double).
   */
  static TensorProgram spiking(Random r, boolean smooth) {
    int[] sizes = r.nextBoolean() ? new int[] {1 + r.nextInt(4), 1 + r.nextInt(4)}
        : new int[] {1 + r.nextInt(4), 1 + r.nextInt(4), 1 + r.nextInt(3)};
    String surrogate = smooth || r.nextBoolean() ? "atan(alpha = 1.5)" : "fast_sigmoid(slope = 2)";
    String source = TensorModels.source(sizes, "direct(steps = 1)", surrogate, r.nextBoolean() ? "membrane" : "spike_count",
        0.5 + 0.4 * r.nextDouble());
    return TensorModels.compile(source, r.nextBoolean());
  }

  private static float[] gaussian(Random r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale);
    return v;
  }

  /** The first-order gradient of the sum of the outputs, by the differentiated program itself. */
  private static Map<String, float[]> gradient(TensorExecutor e, ParamStore ps, TensorProgram p, float[] x, int batch) {
    e.forward(x, batch, new long[batch]);
    Map<String, float[]> seeds = new HashMap<>();
    for (TensorProgram.Output o : p.outputs()) {
      float[] ones = new float[e.output(o.name()).length];
      java.util.Arrays.fill(ones, 1f);
      seeds.put(o.name(), ones);
    }
    ps.zeroGrads();
    e.backward(seeds);
    Map<String, float[]> g = new HashMap<>();
    for (String n : ps.names()) g.put(n, ps.grad(n).clone());
    return g;
  }

  private static boolean outputsFinite(TensorExecutor e, TensorProgram p) {
    for (TensorProgram.Output o : p.outputs()) {
      for (float y : e.output(o.name())) if (!Float.isFinite(y)) return false;
    }
    return true;
  }

  /**
   * {@code (grad(theta + h v) - grad(theta - h v)) / 2h}, each gradient from the first-order program;
   * null when the program's outputs are not finite at either point.
   */
  private static Map<String, double[]> difference(TensorExecutor e, ParamStore ps, TensorProgram p, Map<String, float[]> v,
      float[] x, int batch, float h) {
    Map<String, float[]> saved = new HashMap<>();
    for (String n : ps.names()) saved.put(n, ps.value(n).clone());
    Map<String, float[]>[] g = new Map[2];
    for (int side = 0; side < 2; side++) {
      float sign = side == 0 ? h : -h;
      for (String n : ps.names()) {
        float[] w = ps.value(n);
        for (int i = 0; i < w.length; i++) w[i] = saved.get(n)[i] + sign * v.get(n)[i];
      }
      g[side] = gradient(e, ps, p, x, batch);
      // A stencil point outside the program's domain (log1p past its pole, a power of a negative
      // base) has no value, and a difference across it measures nothing: the probe is skipped.
      if (!outputsFinite(e, p)) g = null;
      if (g == null) break;
    }
    for (String n : ps.names()) System.arraycopy(saved.get(n), 0, ps.value(n), 0, saved.get(n).length);
    if (g == null) return null;
    Map<String, double[]> d = new HashMap<>();
    for (String n : ps.names()) {
      float[] up = g[0].get(n);
      float[] down = g[1].get(n);
      double[] q = new double[up.length];
      for (int i = 0; i < q.length; i++) q[i] = ((double) up[i] - down[i]) / (2.0 * h);
      d.put(n, q);
    }
    return d;
  }

  /**
   * Checks the Hessian-vector product of {@code p} (differentiated, one step) at random
   * parameters, input and direction; returns how many elements were compared (a probe that
   * straddles a kink, or is not finite, is skipped).
   */
  static int checkHessianVector(TensorProgram p, long seed, int batch, int inputs) {
    TensorProgram second = secondOrder(p);
    Random r = new Random(seed);
    ParamStore first = ParamStore.initialise(p, seed);
    ParamStore both = ParamStore.initialise(second, seed);
    Map<String, float[]> v = new HashMap<>();
    for (String n : first.names()) {
      System.arraycopy(first.value(n), 0, both.value(n), 0, first.value(n).length);
      // A parameter without a gradient (no path to the loss) has no direction.
      boolean used = both.names().contains(FlattenGradient.direction(n));
      float[] dir = used ? gaussian(r, first.value(n).length, 1) : new float[first.value(n).length];
      v.put(n, dir);
      if (used) System.arraycopy(dir, 0, both.value(FlattenGradient.direction(n)), 0, dir.length);
    }
    float[] x = gaussian(r, batch * inputs, 0.8);
    TensorInterpreter e2 = new TensorInterpreter(second, both, batch, seed, true);
    e2.forward(x, batch, new long[batch]);
    float[] ones = new float[batch];
    java.util.Arrays.fill(ones, 1f);
    both.zeroGrads();
    e2.backward(Map.of(DotGradientWithDirection.OUTPUT, ones));
    TensorInterpreter e1 = new TensorInterpreter(p, first, batch, seed, true);
    Map<String, float[]> g = gradient(e1, first, p, x, batch);
    for (String n : first.names()) {
      boolean used = both.names().contains(FlattenGradient.direction(n));
      same(g.get(n), used ? both.grad(FlattenGradient.direction(n)) : new float[g.get(n).length], "d.v." + n + " against d." + n,
          second);
    }
    Map<String, double[]> wide = difference(e1, first, p, v, x, batch, 1e-2f);
    Map<String, double[]> narrow = difference(e1, first, p, v, x, batch, 5e-3f);
    if (wide == null || narrow == null) return 0;
    int checked = 0;
    for (String n : first.names()) {
      float[] hv = both.grad(n);
      for (int i = 0; i < hv.length; i++) {
        double fd = (4 * narrow.get(n)[i] - wide.get(n)[i]) / 3;
        double tol = 2e-3 + 3e-2 * Math.max(Math.abs(fd), Math.abs(hv[i]));
        if (!Double.isFinite(fd) || !Float.isFinite(hv[i]) || Math.abs(wide.get(n)[i] - narrow.get(n)[i]) > tol) continue;
        int at = i;
        assertTrue(Math.abs(fd - hv[i]) <= tol, () -> "(H v)[" + n + "][" + at + "] = " + hv[at] + ", finite differences of"
            + " the gradient " + fd + "\n" + TensorPrinter.print(second));
        checked++;
      }
    }
    return checked;
  }

  @Property(tries = 40)
  void hessianVectorProductsOfShapedProgramsAgreeWithFiniteDifferences(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch) {
    TensorProgram p = new Differentiate().run(new MarkBinaryInputs().run(oneStep(shapedWithoutParameterOperands(seed))));
    int checked = checkHessianVector(p, seed, batch, p.tensor("x").orElseThrow().size());
    Assume.that(checked > 0);
  }

  @Property(tries = 60)
  void hessianVectorProductsThroughEveryFunctionAgreeWithFiniteDifferences(@ForAll TExpr.Fn fn, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch) {
    Random r = new Random(seed);
    TExpr e = TensorExprs.call(r, fn, 1 + r.nextInt(3), true);
    int inputs = 1 + r.nextInt(3);
    int checked = checkHessianVector(new Differentiate().run(functions(e, inputs)), seed, batch, inputs);
    Assume.that(checked > 0);
  }

  @Property(tries = 30)
  void hessianVectorProductsThroughSpikingLayersAgreeWithFiniteDifferences(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch) {
    TensorProgram p = spiking(new Random(seed), true);
    int checked = checkHessianVector(p, seed, batch, p.tensor("x").orElseThrow().size());
    Assume.that(checked > 0);
  }

  /**
   * {@code x -> dense -> [batch, k a, unit b] -> kind along k or unit -> tanh -> state}: one
   * reduction or normalisation between two curved maps, so that both parts of its adjoint's
   * adjoint (into the output's adjoint and into the input) reach the loss.
   */
  static TensorProgram reduction(TOp.Reduce.Kind kind, Random r) {
    int fanIn = 1 + r.nextInt(3);
    int a = 1 + r.nextInt(3);
    int b = 1 + r.nextInt(4);
    String axis = r.nextBoolean() ? "k" : "unit";
    Shape shape = Shape.of(new Shape.Axis(Shape.BATCH, 0), new Shape.Axis("k", a), new Shape.Axis("unit", b));
    Shape out = kind.keepsShape() ? shape : shape.withExtent(axis, 1);
    int n = shape.axis(axis).orElseThrow().extent();
    List<Tensor> tensors = new ArrayList<>(List.of(new Tensor("x", Tensor.Role.INPUT, fanIn, 0),
        new Tensor("l.W", Tensor.Role.WEIGHT, a * b, fanIn), new Tensor("l.b", Tensor.Role.BIAS, a * b, 0),
        new Tensor("l.I", Tensor.Role.VALUE, a * b, 0), new Tensor("t", Tensor.Role.VALUE, shape),
        new Tensor("q", Tensor.Role.VALUE, shape), new Tensor("red", Tensor.Role.VALUE, out),
        new Tensor("z", Tensor.Role.VALUE, out), new Tensor("flat", Tensor.Role.VALUE, Shape.activation(out.perSample())),
        new Tensor("s", Tensor.Role.STATE, Shape.activation(out.perSample()))));
    TExpr t = new TExpr.Ref("t");
    boolean pmean = kind == TOp.Reduce.Kind.PMEAN || kind == TOp.Reduce.Kind.PMEAN_ERROR;
    // Truth values in (0, 1) for the p-means: t^2 / (1 + t^2); else tanh(t) * 2.
    TExpr sq = new TExpr.Bin(TExpr.Op.MUL, t, t);
    TExpr q = pmean ? new TExpr.Bin(TExpr.Op.DIV, sq, new TExpr.Bin(TExpr.Op.ADD, new TExpr.Lit(1), sq))
        : new TExpr.Bin(TExpr.Op.MUL, new TExpr.Call(TExpr.Fn.TANH, t), new TExpr.Lit(2));
    double p = pmean ? 1 + r.nextInt(4) : 0;
    int k = kind == TOp.Reduce.Kind.TOPK ? 1 + r.nextInt(n) : 0;
    double temperature = kind == TOp.Reduce.Kind.TOPK ? List.of(0.5, 1.0, 2.0).get(r.nextInt(3)) : 0;
    List<TOp> ops = List.of(new TOp.Encode("x", "direct", List.of(1.0)),
        new TOp.Dense("l.I", "x", "l.W", Optional.of("l.b"), false), new TOp.Reshape("t", "l.I"), new TOp.Map("q", q),
        new TOp.Reduce("red", kind, "q", axis, p, k, temperature),
        new TOp.Map("z", new TExpr.Call(TExpr.Fn.TANH, new TExpr.Bin(TExpr.Op.MUL, new TExpr.Ref("red"), new TExpr.Lit(1.5)))),
        new TOp.Reshape("flat", "z"));
    return new TensorProgram("R", 1, tensors, List.of(new TensorProgram.State("s", 0, "flat")), ops,
        List.of(new TensorProgram.Output("y", "s", "membrane")), List.of(), List.of());
  }

  @Property(tries = 80)
  void hessianVectorProductsThroughEveryReductionAgreeWithFiniteDifferences(@ForAll TOp.Reduce.Kind kind, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int batch) {
    TensorProgram p = new Differentiate().run(reduction(kind, new Random(seed)));
    int checked = checkHessianVector(p, seed, batch, p.tensor("x").orElseThrow().size());
    Assume.that(checked > 0);
  }

  /** A differentiated program's forward part (its adjoints and backward step dropped). */
  static TensorProgram forwardOnly(TensorProgram p) {
    return new TensorProgram(p.network(), p.steps(), p.tensors().stream()
        .filter(t -> t.role() != Tensor.Role.GRAD && t.role() != Tensor.Role.PARAM_GRAD).toList(),
        p.states(), p.forward(), p.outputs(), List.of(), List.of(), p.tables());
  }

  /**
   * Several steps, unrolled into one ({@link UnrollSteps}): the unrolled program's gradient is
   * that of backpropagation through time of the original (to float rounding: the same sums, in
   * the same order, up to where the executors keep values), and its Hessian-vector products
   * agree with differences of the original's gradients. The reset is attached: a detached one
   * is a constant to both differentiations, as in torch, but not to differences of the
   * gradient, which see the reset's value change the later steps.
   */
  @Property(tries = 20)
  void unrolledStepsGiveTheGradientOfTheStepsAndItsHessianVectorProducts(@ForAll long seed, @ForAll boolean shaped,
      @ForAll @IntRange(min = 1, max = 3) int batch) {
    Random r = new Random(seed);
    TensorProgram multi;
    if (shaped) {
      TensorProgram p = shapedWithoutParameterOperands(seed);
      multi = new TensorProgram(p.network(), 2 + r.nextInt(2), p.tensors(), p.states(), p.forward(), p.outputs(), List.of(),
          List.of(), p.tables());
    } else {
      multi = forwardOnly(TensorModels.compile(TensorModels.source(new int[] {1 + r.nextInt(3), 1 + r.nextInt(4), 1 + r.nextInt(3)},
          "direct(steps = " + (2 + r.nextInt(3)) + ")", "atan(alpha = 1.5)", r.nextBoolean() ? "membrane" : "spike_count",
          0.5 + 0.4 * r.nextDouble()), false));
    }
    TensorProgram bptt = verified(new Differentiate().run(multi));
    TensorProgram unrolled = verified(new UnrollSteps().run(multi));
    assertEquals(1, unrolled.steps());
    TensorProgram p = verified(new Differentiate().run(unrolled));
    int inputs = p.tensor("x").orElseThrow().size();
    ParamStore a = ParamStore.initialise(bptt, seed);
    ParamStore b = ParamStore.initialise(p, seed);
    float[] x = gaussian(r, batch * inputs, 0.8);
    Map<String, float[]> ga = gradient(new TensorInterpreter(bptt, a, batch, seed, true), a, bptt, x, batch);
    Map<String, float[]> gb = gradient(new TensorInterpreter(p, b, batch, seed, true), b, p, x, batch);
    for (String n : a.names()) {
      for (int i = 0; i < ga.get(n).length; i++) {
        float u = ga.get(n)[i];
        float w = gb.get(n)[i];
        int at = i;
        assertTrue(Math.abs(u - w) <= 1e-5f * Math.max(1f, Math.abs(u)), () -> n + "[" + at + "]: through time " + u
            + ", unrolled " + w);
      }
    }
    Assume.that(checkHessianVector(p, seed, batch, inputs) > 0);
  }

  @Property(tries = 40)
  void theJvmExecutorAgreesBitForBitWithTheInterpreterOnSecondOrderPrograms(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 3) int family, @ForAll @IntRange(min = 1, max = 4) int batch) {
    Random r = new Random(seed);
    TensorProgram p = switch (family) {
      case 0 -> new Differentiate().run(new MarkBinaryInputs().run(oneStep(shapedWithoutParameterOperands(seed))));
      case 1 -> new Differentiate().run(functions(TensorExprs.tree(r, 1 + r.nextInt(4), true), 2));
      case 2 -> new Differentiate().run(reduction(TOp.Reduce.Kind.values()[r.nextInt(TOp.Reduce.Kind.values().length)], r));
      default -> spiking(r, false);
    };
    TensorProgram second = secondOrder(p);
    ParamStore a = ParamStore.initialise(second, seed);
    ParamStore b = a.copy();
    TensorExecutor interp = new TensorInterpreter(second, a, 4, seed);
    TensorExecutor jvm = new JvmTensorExecutor(second, b, 4, seed);
    float[] x = gaussian(r, batch * p.tensor("x").orElseThrow().size(), 1.5);
    interp.forward(x, batch, new long[batch]);
    jvm.forward(x, batch, new long[batch]);
    for (TensorProgram.Output o : second.outputs()) same(interp.output(o.name()), jvm.output(o.name()), o.name(), second);
    float[] g = gaussian(r, batch, 1);
    a.zeroGrads();
    b.zeroGrads();
    interp.backward(Map.of(DotGradientWithDirection.OUTPUT, g));
    jvm.backward(Map.of(DotGradientWithDirection.OUTPUT, g));
    for (String n : a.names()) same(a.grad(n), b.grad(n), "d." + n, second);
  }

  /** Equal bit for bit, but for the sign of zero. */
  static void same(float[] a, float[] b, String what, TensorProgram p) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      boolean eq = a[i] == b[i] || Float.floatToIntBits(a[i]) == Float.floatToIntBits(b[i]);
      assertTrue(eq, () -> what + " differs: " + java.util.Arrays.toString(a) + " vs " + java.util.Arrays.toString(b) + "\n"
          + TensorPrinter.print(p));
    }
  }
}
