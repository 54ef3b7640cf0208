package brainc.compiler.passes;

import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A differentiated single-step program's gradient as part of a plain forward step, so that
 * {@link Differentiate} can run again over it (second order: Hessian-vector products, MAML).
 *
 * <p>The forward step is the program's forward step, then the seeds of the adjoints (1 for each
 * output's state, so the loss is the sum of the outputs; 0 for the other states), then its
 * backward step. Each adjoint {@code d.X} becomes the value {@code d1.X} ({@code dprev.S}:
 * {@code d1prev.S}), so that the second differentiation's adjoints ({@code d.X} of a forward
 * tensor, {@code d.d1.X} of a first adjoint) never meet a name already taken.
 *
 * <p>A parameter gradient sums over the batch, which no activation holds; it stays per sample,
 * factored: each {@code d.W, d.b += dense_param_grad(in, g)} is the outer product of {@code in}
 * and {@code g} (and {@code g}) for every sample, and what uses the gradient is written in
 * those factors: its dot product with a direction {@code V} is {@code sum(g * dense(in, V.W,
 * V.b))} ({@link #directionalDerivative}), the layer after an SGD step on it computes {@code
 * dense(x, W, b) - lr sum_f (sum(x * in_f) + 1) g_f} ({@link #adaptedDense}). Both are ordinary
 * operations, whose adjoints {@code differentiate} has.
 */
public final class FlattenGradient {
  /** The prefix that marks a first adjoint in the flattened program ({@code d.X} becomes {@code d1.X}). */
  public static final String FIRST = "d1";

  private final TensorProgram source;
  private final List<Tensor> tensors = new ArrayList<>();
  private final List<TOp> ops = new ArrayList<>();
  /** Each parameter's gradient, as the dense_param_grad operations that accumulate it (renamed). */
  private final Map<String, List<TOp.DenseParamGrad>> factors = new LinkedHashMap<>();
  private int temps;
  /** The dense_param_grad operations in the order of the backward step. */
  private final List<TOp.DenseParamGrad> order = new ArrayList<>();

  private FlattenGradient(TensorProgram p) {
    this.source = p;
  }

  /** The flattened gradient of {@code p}, which must be differentiated and have a single step. */
  public static FlattenGradient of(TensorProgram p) {
    if (!p.differentiated()) throw new IllegalArgumentException("the program is not differentiated");
    if (p.steps() != 1) {
      throw new IllegalArgumentException("a gradient of " + p.steps() + " steps is not flattened: only a single-step"
          + " program's (unroll the steps into one with UnrollSteps before differentiate)");
    }
    FlattenGradient f = new FlattenGradient(p);
    f.build();
    return f;
  }

  /** The name that the adjoint {@code name} ({@code d.X} or {@code dprev.S}) has in the flattened program. */
  public static String renamed(String name) {
    if (name.startsWith("d.")) return FIRST + name.substring(1);
    if (name.startsWith("dprev.")) return FIRST + name.substring(1);
    return FIRST + "." + name;
  }

  private void build() {
    Map<String, String> rename = new LinkedHashMap<>();
    for (Tensor t : source.tensors()) {
      if (t.role() == Tensor.Role.PARAM_GRAD) continue;
      if (t.role() == Tensor.Role.GRAD) {
        rename.put(t.name(), renamed(t.name()));
        tensors.add(new Tensor(renamed(t.name()), Tensor.Role.VALUE, t.shape()));
      } else {
        tensors.add(t);
      }
    }
    ops.addAll(source.forward());
    java.util.Set<String> seeded = new java.util.HashSet<>();
    for (TensorProgram.Output o : source.outputs()) seeded.add(o.state());
    for (TensorProgram.State s : source.states()) {
      ops.add(new TOp.Map(rename.get(TensorProgram.grad(s.name())), new TExpr.Lit(seeded.contains(s.name()) ? 1 : 0)));
    }
    for (TOp op : source.backward()) {
      TOp r = Renaming.op(op, n -> rename.getOrDefault(n, n));
      if (r instanceof TOp.ScatterAdd s && source.tensor(s.out()).filter(t -> t.role() == Tensor.Role.PARAM_GRAD).isPresent()) {
        throw new IllegalArgumentException("the gradient " + s.out() + " is summed over the batch by a scatter_add (an"
            + " embedding or a product with a parameter), which is not flattened yet: only dense layers' parameter"
            + " gradients are kept per sample");
      }
      if (r instanceof TOp.DenseParamGrad g) {
        order.add(g);
        factors.computeIfAbsent(param(g.weightGrad()), k -> new ArrayList<>()).add(g);
        g.biasGrad().ifPresent(b -> factors.computeIfAbsent(param(b), k -> new ArrayList<>()).add(g));
      } else {
        ops.add(r);
      }
    }
  }

  private String param(String gradName) {
    String p = gradName.substring(2);
    if (source.tensor(p).filter(Tensor::isParam).isEmpty()) throw new IllegalArgumentException(gradName + " is no parameter's gradient");
    return p;
  }

  /** The parameters whose gradient the flattened program holds (as factors), in declaration order. */
  public List<String> parameters() {
    return source.params().stream().map(Tensor::name).filter(factors::containsKey).toList();
  }

  private String declare(String name, Tensor.Role role, Shape shape) {
    if (tensors.stream().anyMatch(t -> t.name().equals(name))) throw new IllegalArgumentException("tensor " + name + " exists");
    tensors.add(new Tensor(name, role, shape));
    return name;
  }

  private String temp(String prefix, Shape shape) {
    return declare(prefix + ".t" + ++temps, Tensor.Role.VALUE, shape);
  }

  /** Adds an operation (or a tensor) of the caller's to the flattened forward step. */
  public FlattenGradient add(TOp op) {
    ops.add(op);
    return this;
  }

  public FlattenGradient add(Tensor t) {
    declare(t.name(), t.role(), t.shape());
    return this;
  }

  /**
   * {@code sum(grad * dense(in, V.W, V.b))}, the sum over a dense layer's outputs, as a tensor
   * {@code [batch, unit 1]} named from {@code prefix}: the dot product of one factor of a
   * parameter gradient with a direction ({@code vb} empty: the weight's part only).
   */
  private String factorDot(TOp.DenseParamGrad f, String vw, Optional<String> vb, String prefix) {
    Shape gs = shape(f.grad());
    String dense = temp(prefix, Shape.activation(gs.perSample()));
    ops.add(new TOp.Dense(dense, f.in(), vw, vb, f.binaryInput()));
    String prod = temp(prefix, gs);
    ops.add(new TOp.Map(prod, new TExpr.Bin(TExpr.Op.MUL, new TExpr.Ref(f.grad()), new TExpr.Ref(dense))));
    return sumPerSample(prod, prefix);
  }

  /** The sum of all of a tensor's elements of each sample, as {@code [batch, unit 1]}. */
  private String sumPerSample(String t, String prefix) {
    Shape s = shape(t);
    if (!s.equals(Shape.activation(s.perSample()))) {
      String flat = temp(prefix, Shape.activation(s.perSample()));
      ops.add(new TOp.Reshape(flat, t));
      t = flat;
    }
    String out = temp(prefix, Shape.activation(1));
    ops.add(TOp.Reduce.of(out, TOp.Reduce.Kind.SUM, t, "unit"));
    return out;
  }

  private Shape shape(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().shape();
  }

  /**
   * The program whose output {@code name} is, for each sample, the gradient of the loss (the sum
   * of the outputs) dotted with a direction: new parameters {@code v.P} of each parameter's
   * shape. Differentiated, its gradient with respect to {@code P} is the Hessian-vector product
   * {@code H v} (and with respect to {@code v.P} the gradient itself).
   */
  public TensorProgram directionalDerivative(String name) {
    List<String> terms = new ArrayList<>();
    Map<String, String> direction = new LinkedHashMap<>();
    for (String p : parameters()) {
      Tensor t = source.tensor(p).orElseThrow();
      direction.put(p, declare(direction(p), t.role(), t.shape()));
    }
    // The factors in reverse: differentiate walks them back, so the gradient with respect to a
    // direction accumulates its terms in the order the first backward step did (the same bits).
    List<TOp.DenseParamGrad> all = new ArrayList<>();
    for (List<TOp.DenseParamGrad> fs : factors.values()) {
      for (TOp.DenseParamGrad f : fs) if (all.stream().noneMatch(g -> g == f)) all.add(f);
    }
    all.sort(java.util.Comparator.comparingInt(f -> -order.indexOf(f)));
    for (TOp.DenseParamGrad f : all) {
      String w = f.weightGrad().substring(2);
      Optional<String> b = f.biasGrad().map(x -> direction.get(x.substring(2)));
      terms.add(factorDot(f, direction.get(w), b, name));
    }
    if (terms.isEmpty()) throw new IllegalArgumentException("the program has no parameter gradient");
    TExpr sum = new TExpr.Ref(terms.get(0));
    for (int i = 1; i < terms.size(); i++) sum = new TExpr.Bin(TExpr.Op.ADD, sum, new TExpr.Ref(terms.get(i)));
    String next = declare(name + "'", Tensor.Role.VALUE, Shape.activation(1));
    ops.add(new TOp.Map(next, sum));
    declare(name, Tensor.Role.STATE, Shape.activation(1));
    return program(List.of(new TensorProgram.State(name, 0, next)), List.of(new TensorProgram.Output(name, name, "membrane")));
  }

  /** The direction parameter of parameter {@code p} in {@link #directionalDerivative}. */
  public static String direction(String p) {
    return "v." + p;
  }

  /**
   * Emits {@code out = dense(in, weight, bias)} after one SGD step of rate {@code lr} on the
   * flattened gradient, taken for each sample on its own (each sample a task, as in MAML): {@code
   * dense(in, W, b) - lr (sum_f sum(in * in_f) g_f + sum_f g_f)} over the factors of {@code W}'s
   * and {@code b}'s gradients. {@code in} has the layer's input shape.
   */
  public FlattenGradient adaptedDense(String out, String in, String weight, Optional<String> bias, double lr) {
    Shape os = shape(out);
    String base = temp(out, os);
    ops.add(new TOp.Dense(base, in, weight, bias, false));
    TExpr step = null;
    for (TOp.DenseParamGrad f : factors.getOrDefault(weight, List.of())) {
      String prod = temp(out, shape(in));
      ops.add(new TOp.Map(prod, new TExpr.Bin(TExpr.Op.MUL, new TExpr.Ref(in), new TExpr.Ref(f.in()))));
      TExpr term = new TExpr.Bin(TExpr.Op.MUL, new TExpr.Ref(sumPerSample(prod, out)), new TExpr.Ref(f.grad()));
      step = step == null ? term : new TExpr.Bin(TExpr.Op.ADD, step, term);
    }
    if (bias.isPresent()) {
      for (TOp.DenseParamGrad f : factors.getOrDefault(bias.get(), List.of())) {
        TExpr term = new TExpr.Ref(f.grad());
        step = step == null ? term : new TExpr.Bin(TExpr.Op.ADD, step, term);
      }
    }
    TExpr y = new TExpr.Ref(base);
    if (step != null) y = new TExpr.Bin(TExpr.Op.SUB, y, new TExpr.Bin(TExpr.Op.MUL, new TExpr.Lit(lr), step));
    ops.add(new TOp.Map(out, y));
    return this;
  }

  /** The flattened program with further states and outputs (the source's are kept). */
  public TensorProgram program(List<TensorProgram.State> moreStates, List<TensorProgram.Output> moreOutputs) {
    List<TensorProgram.State> states = new ArrayList<>(source.states());
    states.addAll(moreStates);
    List<TensorProgram.Output> outputs = new ArrayList<>(source.outputs());
    outputs.addAll(moreOutputs);
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Tensor t : tensors) {
      if (!names.add(t.name())) throw new IllegalArgumentException("tensor " + t.name() + " is declared twice: rename it");
    }
    for (Tensor t : tensors) {
      for (String taken : List.of(TensorProgram.grad(t.name()), TensorProgram.gradPrev(t.name()))) {
        if (names.contains(taken)) {
          throw new IllegalArgumentException("tensor " + taken + " would be the adjoint of " + t.name() + ": rename it");
        }
      }
    }
    return new TensorProgram(source.network(), 1, tensors, states, ops, outputs, List.of(), List.of(), source.tables());
  }
}
