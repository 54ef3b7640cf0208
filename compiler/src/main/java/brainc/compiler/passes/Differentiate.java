package brainc.compiler.passes;

import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation of a training program's forward step: the backward step of
 * backpropagation through time. Walking the forward operations in reverse, it gives each
 * tensor's adjoint as the sum of its consumers' contributions: for a map {@code y = e}, {@code
 * d.y * ∂e/∂x} (symbolic, simplified; a {@code step}'s derivative is its surrogate's, a {@code
 * detach} has none, a {@code select} is differentiated as a blend, a function call by the chain
 * rule with the partials of {@link #partial}); for a dense layer, {@code
 * dense_input_grad} into its input and {@code dense_param_grad} into its weight and bias; for a
 * product of two activations, products of its adjoint with the other operand; for a gather, the
 * scatter-add by its table, and the other way round (a gather from a parameter, an embedding,
 * scatter-adds into the parameter's gradient, summing the batch; so does a product with a
 * parameter, by the identity table {@code id.P} of the parameter's first axis). A state's
 * adjoint enters through the tensor it takes at the step's end and leaves as {@code dprev.S},
 * the adjoint of the value the step read. The forward tensors the backward step reads are the
 * ones an executor must keep ({@code saved}). Over a forward step that holds a flattened
 * gradient ({@link FlattenGradient}) it also goes back through {@code dense_input_grad}, {@code
 * reduce_grad} and surrogate derivatives ({@link HigherAdjoints}): second order.
 *
 * <pre>
 *   h1.mem' = ((0.9 * h1.mem) + h1.I)
 *   ⇒ d.h1.I = d.h1.mem';  dprev.h1.mem = (d.h1.mem' * 0.9)
 * </pre>
 */
public final class Differentiate implements TensorPass {
  @Override
  public String name() {
    return "differentiate";
  }

  @Override
  public TensorProgram run(TensorProgram in) {
    if (in.differentiated()) return in;
    Map<String, Tensor> tensors = in.tensorMap();
    List<Tensor> declared = new ArrayList<>(in.tensors());
    Map<String, List<TExpr>> contributions = new LinkedHashMap<>();
    List<TOp> back = new ArrayList<>();
    for (TensorProgram.State s : in.states()) {
      declared.add(new Tensor(TensorProgram.grad(s.name()), Tensor.Role.GRAD, tensors.get(s.name()).shape()));
      contributions.computeIfAbsent(s.next(), k -> new ArrayList<>()).add(new TExpr.Ref(TensorProgram.grad(s.name())));
    }
    for (Tensor p : in.params()) {
      declared.add(new Tensor(TensorProgram.grad(p.name()), Tensor.Role.PARAM_GRAD, p.shape()));
    }
    List<TOp> forward = in.forward();
    Backward b = new Backward(tensors, declared, back, contributions);
    for (int k = forward.size() - 1; k >= 0; k--) {
      TOp op = forward.get(k);
      if (op instanceof TOp.Encode) continue;
      String out = Backward.out(op);
      List<TExpr> cs = contributions.getOrDefault(out, List.of());
      if (cs.isEmpty()) continue; // nothing downstream depends on it
      if (op instanceof TOp.Map m && TensorVerifier.refs(m.expr()).stream().noneMatch(x -> differentiable(tensors.get(x)))) {
        continue; // a constant (such as Leaky's `step reset = 0`): its adjoint would reach nothing
      }
      if (op instanceof TOp.DenseInputGrad || op instanceof TOp.ReduceGrad) {
        // A backward operation in a forward step (a flattened gradient, see FlattenGradient): second order.
        HigherAdjoints.of(op, b.adjoint(out, cs), b, x -> differentiable(tensors.get(x)));
        continue;
      }
      if (!(op instanceof TOp.Map) && !(op instanceof TOp.Dense) && !readsParam(op, tensors)
          && Backward.operands(op).stream().noneMatch(x -> differentiable(tensors.get(x)))) {
        continue;
      }
      String dOut = b.adjoint(out, cs);
      if (op instanceof TOp.Map m) {
        for (String x : TensorVerifier.refs(m.expr())) {
          if (!differentiable(tensors.get(x))) continue;
          TExpr partial = Simplify.mul(new TExpr.Ref(dOut), derivative(m.expr(), x));
          if (!Simplify.isZero(partial)) b.contribute(x, b.unbroadcast(x, m.out(), partial));
        }
      } else if (op instanceof TOp.Dense d) {
        back.add(new TOp.DenseParamGrad(TensorProgram.grad(d.weight()), d.bias().map(TensorProgram::grad), d.in(), dOut,
            d.binaryInput()));
        if (differentiable(tensors.get(d.in()))) {
          String tmp = TensorProgram.grad(d.in()) + "@" + d.out();
          b.declare(new Tensor(tmp, Tensor.Role.GRAD, tensors.get(d.in()).shape()));
          back.add(new TOp.DenseInputGrad(tmp, dOut, d.weight()));
          b.contribute(d.in(), new TExpr.Ref(tmp));
        }
      } else if (op instanceof TOp.Matmul m) {
        b.matmul(m, dOut);
      } else if (op instanceof TOp.Dot d) {
        b.dot(d, dOut);
      } else if (op instanceof TOp.Gather || op instanceof TOp.ScatterAdd) {
        b.picked(op, dOut);
      } else {
        b.shaped(op, dOut);
      }
    }
    for (TensorProgram.State s : in.states()) {
      String prev = TensorProgram.gradPrev(s.name());
      declared.add(new Tensor(prev, Tensor.Role.GRAD, tensors.get(s.name()).shape()));
      List<TExpr> cs = contributions.getOrDefault(s.name(), List.of());
      back.add(new TOp.Map(prev, cs.isEmpty() ? new TExpr.Lit(0) : sum(cs)));
    }
    Set<String> saved = new LinkedHashSet<>();
    for (TOp op : back) {
      for (String r : HigherAdjoints.reads(op)) {
        Tensor t = tensors.get(r);
        if (t != null && !t.isParam()) saved.add(r);
      }
    }
    TensorProgram out = in.withBackward(declared, back, List.copyOf(saved));
    if (b.tables.isEmpty()) return out;
    List<TensorProgram.Table> tables = new ArrayList<>(in.tables());
    tables.addAll(b.tables.values());
    return new TensorProgram(out.network(), out.steps(), out.tensors(), out.states(), out.forward(), out.outputs(),
        out.backward(), out.saved(), tables);
  }

  /**
   * The backward step being built: the adjoint tensors declared so far (with their shapes), the
   * operations, and each forward tensor's contributions to its adjoint.
   */
  static final class Backward {
    private final Map<String, Tensor> tensors;
    private final List<Tensor> declared;
    private final List<TOp> back;
    private final Map<String, List<TExpr>> contributions;
    /** Adjoints that are strided views (slices): never an alias of another adjoint. */
    private final Set<String> strided = new java.util.HashSet<>();

    Backward(Map<String, Tensor> tensors, List<Tensor> declared, List<TOp> back, Map<String, List<TExpr>> contributions) {
      this.tensors = new LinkedHashMap<>(tensors);
      for (Tensor t : declared) this.tensors.put(t.name(), t);
      this.declared = declared;
      this.back = back;
      this.contributions = contributions;
    }

    /** The tensor an operation of the forward step defines. */
    static String out(TOp op) {
      if (op instanceof TOp.Map m) return m.out();
      if (op instanceof TOp.DenseInputGrad g) return g.out();
      if (op instanceof TOp.ReduceGrad g) return g.out();
      if (op instanceof TOp.DenseParamGrad) {
        throw new IllegalArgumentException("differentiate cannot go back through a parameter gradient, which sums over the"
            + " batch: flatten the gradient with FlattenGradient, which keeps it per sample");
      }
      if (op instanceof TOp.Dense d) return d.out();
      if (op instanceof TOp.Reduce r) return r.out();
      if (op instanceof TOp.Reshape r) return r.out();
      if (op instanceof TOp.Slice s) return s.out();
      if (op instanceof TOp.Pad p) return p.out();
      if (op instanceof TOp.Matmul m) return m.out();
      if (op instanceof TOp.Dot d) return d.out();
      if (op instanceof TOp.Gather g) return g.out();
      if (op instanceof TOp.ScatterAdd g) return g.out();
      throw new IllegalArgumentException("differentiate cannot go back through " + brainc.ir.tensor.TensorPrinter.op(op));
    }

    /** The one tensor a shaped operation (reduction, view, pad) reads. */
    static String in(TOp op) {
      if (op instanceof TOp.Reduce r) return r.in();
      if (op instanceof TOp.Reshape r) return r.in();
      if (op instanceof TOp.Slice s) return s.in();
      if (op instanceof TOp.Pad p) return p.in();
      if (op instanceof TOp.Gather g) return g.in();
      if (op instanceof TOp.ScatterAdd g) return g.in();
      throw new IllegalArgumentException("not a shaped operation: " + brainc.ir.tensor.TensorPrinter.op(op));
    }

    /** The tensors an operation other than a map or a dense layer reads. */
    static List<String> operands(TOp op) {
      if (op instanceof TOp.Matmul m) return List.of(m.a(), m.b());
      if (op instanceof TOp.Dot d) return List.of(d.a(), d.b());
      return List.of(in(op));
    }

    Shape shape(String name) {
      return tensors.get(name).shape();
    }

    void declare(Tensor t) {
      declared.add(t);
      tensors.put(t.name(), t);
    }

    /** Appends an operation to the backward step. */
    void emit(TOp op) {
      back.add(op);
    }

    void contribute(String x, TExpr partial) {
      contributions.computeIfAbsent(x, z -> new ArrayList<>()).add(partial);
    }

    /** A new adjoint tensor of {@code x}'s shape, named for the operation {@code y} it comes through. */
    private String temp(String x, String y, String suffix) {
      String name = TensorProgram.grad(x) + "@" + y + suffix;
      declare(new Tensor(name, Tensor.Role.GRAD, shape(x)));
      return name;
    }

    /** Emits the adjoint of {@code out} as the sum of its contributions, or reuses a lone one of its shape. */
    String adjoint(String out, List<TExpr> cs) {
      if (cs.size() == 1 && cs.get(0) instanceof TExpr.Ref r && shape(r.tensor()).equals(shape(out))
          && !strided.contains(r.tensor())) {
        return r.tensor(); // an alias, not a copy: the adjoint of h1.I is d.h1.mem'
      }
      String d = TensorProgram.grad(out);
      declare(new Tensor(d, Tensor.Role.GRAD, shape(out)));
      back.add(new TOp.Map(d, sum(cs)));
      return d;
    }

    /**
     * {@code partial}, of map {@code y}'s shape, as a contribution to the adjoint of its operand
     * {@code x}: where {@code x} was broadcast, the sum over the axes it was repeated along.
     */
    TExpr unbroadcast(String x, String y, TExpr partial) {
      Shape from = shape(y);
      Shape to = shape(x);
      if (from.equals(to)) return partial;
      String cur = TensorProgram.grad(x) + "@" + y;
      declare(new Tensor(cur, Tensor.Role.GRAD, from));
      back.add(new TOp.Map(cur, partial));
      Shape s = from;
      for (Shape.Axis a : from.inner()) {
        if (a.extent() == 1 || to.axis(a.name()).map(e -> e.extent() == a.extent()).orElse(false)) continue;
        s = s.withExtent(a.name(), 1);
        String next = cur + ".sum_" + a.name();
        declare(new Tensor(next, Tensor.Role.GRAD, s));
        back.add(TOp.Reduce.of(next, TOp.Reduce.Kind.SUM, cur, a.name()));
        cur = next;
      }
      if (!s.equals(to)) {
        String view = cur + ".as";
        declare(new Tensor(view, Tensor.Role.GRAD, to));
        back.add(new TOp.Reshape(view, cur));
        cur = view;
      }
      return new TExpr.Ref(cur);
    }

    /**
     * The adjoint through a reduction or a view. A sum's is its adjoint broadcast back, a mean's
     * that divided by the extent, a softmax's {@code y (g - sum(g y))}; the other reductions have
     * a declared adjoint ({@link TOp.ReduceGrad}). A reshape's is the reshaped adjoint, a slice's
     * the padded one, a pad's the sliced one.
     */
    void shaped(TOp op, String dOut) {
      String x = in(op);
      String y = out(op);
      TExpr g = new TExpr.Ref(dOut);
      if (op instanceof TOp.Reduce r) {
        int n = shape(x).axis(r.axis()).orElseThrow().extent();
        switch (r.kind()) {
          case SUM -> contribute(x, g);
          case MEAN -> contribute(x, Simplify.div(g, new TExpr.Lit(n)));
          case SOFTMAX -> {
            String gy = temp(x, y, ".gy");
            back.add(new TOp.Map(gy, Simplify.mul(g, new TExpr.Ref(y))));
            String dot = gy + ".sum";
            declare(new Tensor(dot, Tensor.Role.GRAD, shape(x).withExtent(r.axis(), 1)));
            back.add(TOp.Reduce.of(dot, TOp.Reduce.Kind.SUM, gy, r.axis()));
            contribute(x, Simplify.mul(new TExpr.Ref(y), Simplify.sub(g, new TExpr.Ref(dot))));
          }
          default -> {
            String dx = temp(x, y, "");
            back.add(new TOp.ReduceGrad(dx, dOut, r));
            contribute(x, new TExpr.Ref(dx));
          }
        }
      } else if (op instanceof TOp.Reshape) {
        String dx = temp(x, y, "");
        back.add(new TOp.Reshape(dx, dOut));
        contribute(x, new TExpr.Ref(dx));
      } else if (op instanceof TOp.Slice s) {
        String dx = temp(x, y, "");
        back.add(new TOp.Pad(dx, dOut, s.axis(), s.start()));
        contribute(x, new TExpr.Ref(dx));
      } else if (op instanceof TOp.Pad p) {
        String dx = temp(x, y, "");
        back.add(new TOp.Slice(dx, dOut, p.axis(), p.start()));
        strided.add(dx);
        contribute(x, new TExpr.Ref(dx));
      }
    }

    /**
     * The adjoints through {@code y = matmul(a, b)}, with {@code g} its adjoint: {@code d.A = g
     * B^T} and {@code d.B = A^T g}, each again a product (the transposes of the operands as
     * stored chosen by attributes), so a second differentiation goes through them too.
     */
    void matmul(TOp.Matmul m, String dOut) {
      boolean ta = m.transposeA();
      boolean tb = m.transposeB();
      boolean pa = tensors.get(m.a()).isParam();
      boolean pb = tensors.get(m.b()).isParam();
      if (differentiable(tensors.get(m.a())) || pa) {
        String da = pa ? share(m.a(), m.out(), ".a") : temp(m.a(), m.out(), ".a");
        back.add(ta ? new TOp.Matmul(da, m.b(), dOut, tb, true) : new TOp.Matmul(da, dOut, m.b(), false, !tb));
        if (pa) sumIntoGrad(m.a(), da);
        else contribute(m.a(), new TExpr.Ref(da));
      }
      if (differentiable(tensors.get(m.b())) || pb) {
        String db = pb ? share(m.b(), m.out(), ".b") : temp(m.b(), m.out(), ".b");
        back.add(tb ? new TOp.Matmul(db, dOut, m.a(), true, ta) : new TOp.Matmul(db, m.a(), dOut, !ta, false));
        if (pb) sumIntoGrad(m.b(), db);
        else contribute(m.b(), new TExpr.Ref(db));
      }
    }

    /**
     * The adjoints through {@code y = dot(a, b, axis)}: {@code g b} into a, {@code g a} into b ({@code g} broadcast along
     * the axis); a parameter operand's, each sample's share, summed over the batch into its gradient.
     */
    void dot(TOp.Dot d, String dOut) {
      TExpr g = new TExpr.Ref(dOut);
      for (String[] xy : new String[][] {{d.a(), d.b()}, {d.b(), d.a()}}) {
        Tensor x = tensors.get(xy[0]);
        if (differentiable(x)) {
          // Maps read no parameters: a parameter operand is first given to every sample by a gather.
          String other = tensors.get(xy[1]).isParam() ? everySample(xy[1], d.out()) : xy[1];
          contribute(xy[0], Simplify.mul(g, new TExpr.Ref(other)));
        } else if (x.isParam()) {
          String dx = share(xy[0], d.out(), xy[0].equals(d.a()) ? ".a" : ".b");
          back.add(new TOp.Map(dx, Simplify.mul(g, new TExpr.Ref(xy[1]))));
          sumIntoGrad(xy[0], dx);
        }
      }
    }

    /** Index tables the backward step adds: the identity of each parameter axis a gradient is summed along. */
    final Map<String, TensorProgram.Table> tables = new LinkedHashMap<>();

    /** A new tensor for each sample's share of parameter {@code p}'s gradient through {@code y}: the batch, then p's shape. */
    private String share(String p, String y, String suffix) {
      String name = TensorProgram.grad(p) + "@" + y + suffix;
      List<Shape.Axis> axes = new ArrayList<>(List.of(new Shape.Axis(Shape.BATCH, 0)));
      axes.addAll(shape(p).axes());
      declare(new Tensor(name, Tensor.Role.GRAD, new Shape(axes)));
      return name;
    }

    /**
     * Adds {@code share}, summed over the batch, to parameter {@code p}'s gradient: a scatter-add
     * by the identity table of p's first axis (so each element sums its samples, in order).
     */
    private void sumIntoGrad(String p, String share) {
      back.add(new TOp.ScatterAdd(TensorProgram.grad(p), share, shape(p).axes().get(0).name(), identity(p)));
    }

    /** Parameter {@code p} with the batch axis first (each sample's copy), for the adjoint through {@code y}. */
    private String everySample(String p, String y) {
      String name = p + "@" + y;
      List<Shape.Axis> axes = new ArrayList<>(List.of(new Shape.Axis(Shape.BATCH, 0)));
      axes.addAll(shape(p).axes());
      declare(new Tensor(name, Tensor.Role.GRAD, new Shape(axes)));
      back.add(new TOp.Gather(name, p, shape(p).axes().get(0).name(), identity(p)));
      return name;
    }

    /** The name of the identity table of parameter {@code p}'s first axis, added once. */
    private String identity(String p) {
      Shape.Axis first = shape(p).axes().get(0);
      String name = "id." + p;
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < first.extent(); i++) idx.add(i);
      tables.putIfAbsent(name, new TensorProgram.Table(name, Shape.of(first), idx));
      return name;
    }

    /** A gather's adjoint is the scatter-add by its table, and a scatter-add's the gather: the pair is closed. */
    void picked(TOp op, String dOut) {
      if (readsParam(op, tensors)) {
        // An embedding: the rows picked from a parameter send their adjoints, summed over the batch, into its gradient.
        TOp.Gather g = (TOp.Gather) op;
        back.add(new TOp.ScatterAdd(TensorProgram.grad(g.in()), dOut, g.axis(), g.table()));
        return;
      }
      String x = in(op);
      String dx = temp(x, out(op), "");
      back.add(op instanceof TOp.Gather g ? new TOp.ScatterAdd(dx, dOut, g.axis(), g.table())
          : new TOp.Gather(dx, dOut, ((TOp.ScatterAdd) op).axis(), ((TOp.ScatterAdd) op).table()));
      contribute(x, new TExpr.Ref(dx));
    }
  }

  /**
   * Whether {@code op} is a gather from a trainable parameter (an embedding lookup) or a product
   * with one, whose gradient it then accumulates.
   */
  private static boolean readsParam(TOp op, Map<String, Tensor> tensors) {
    List<String> xs = op instanceof TOp.Gather g ? List.of(g.in())
        : op instanceof TOp.Matmul m ? List.of(m.a(), m.b())
        : op instanceof TOp.Dot d ? List.of(d.a(), d.b()) : List.of();
    return xs.stream().anyMatch(x -> tensors.get(x) != null && tensors.get(x).isParam());
  }

  /** Whether {@code t} has an adjoint: not an input, a parameter or a constant (no batch axis, so no sample's). */
  private static boolean differentiable(Tensor t) {
    return t != null && t.role() != Tensor.Role.INPUT && !t.isParam() && t.shape().hasBatch();
  }

  private static TExpr sum(List<TExpr> cs) {
    TExpr s = cs.get(0);
    for (int i = 1; i < cs.size(); i++) s = Simplify.add(s, cs.get(i));
    return s;
  }

  /** {@code ∂e/∂x}, symbolic, with the surrogate standing in for the step's derivative. */
  static TExpr derivative(TExpr e, String x) {
    return e.accept(new TExpr.Visitor<TExpr>() {
      @Override
      public TExpr visit(TExpr.Ref r) {
        return new TExpr.Lit(r.tensor().equals(x) ? 1 : 0);
      }

      @Override
      public TExpr visit(TExpr.Lit l) {
        return Simplify.ZERO;
      }

      @Override
      public TExpr visit(TExpr.Bin b) {
        TExpr da = derivative(b.left(), x);
        TExpr db = derivative(b.right(), x);
        switch (b.op()) {
          case ADD:
            return Simplify.add(da, db);
          case SUB:
            return Simplify.sub(da, db);
          case MUL:
            return Simplify.add(Simplify.mul(da, b.right()), Simplify.mul(b.left(), db));
          default: // (a / b)' = a' / b - a b' / b^2
            return Simplify.sub(Simplify.div(da, b.right()),
                Simplify.div(Simplify.mul(b.left(), db), Simplify.mul(b.right(), b.right())));
        }
      }

      @Override
      public TExpr visit(TExpr.Neg n) {
        return Simplify.neg(derivative(n.operand(), x));
      }

      @Override
      public TExpr visit(TExpr.Step s) {
        return Simplify.mul(new TExpr.SurrogateGrad(s.surrogate(), s.margin()), derivative(s.margin(), x));
      }

      @Override
      public TExpr visit(TExpr.Select s) {
        // select(c, a, b) = b + c (a - b) where c is 0 or 1
        TExpr branches = Simplify.select(s.cond(), derivative(s.then(), x), derivative(s.otherwise(), x));
        TExpr dc = derivative(s.cond(), x);
        return Simplify.add(branches, Simplify.mul(dc, Simplify.sub(s.then(), s.otherwise())));
      }

      @Override
      public TExpr visit(TExpr.Detach d) {
        return Simplify.ZERO;
      }

      @Override
      public TExpr visit(TExpr.SurrogateGrad g) {
        return Simplify.mul(HigherAdjoints.surrogateSecond(g.surrogate(), g.margin()), derivative(g.margin(), x));
      }

      @Override
      public TExpr visit(TExpr.Call c) {
        // The chain rule: sum_i ∂f/∂a_i * a_i', skipping the arguments that do not depend on x.
        List<TExpr> a = c.args();
        if ((c.fn() == TExpr.Fn.MIN || c.fn() == TExpr.Fn.MAX) && a.size() > 2) {
          // min(a, b, c) is min(min(a, b), c): the first of equal arguments takes the gradient.
          return derivative(new TExpr.Call(c.fn(), new TExpr.Call(c.fn(), a.subList(0, a.size() - 1)), a.get(a.size() - 1)), x);
        }
        TExpr sum = Simplify.ZERO;
        for (int i = 0; i < a.size(); i++) {
          TExpr da = derivative(a.get(i), x);
          if (!Simplify.isZero(da)) sum = Simplify.add(sum, Simplify.mul(partial(c.fn(), a, i), da));
        }
        return sum;
      }
    });
  }

  /**
   * {@code ∂f(a)/∂a_i}. Where a function has a kink the choice is stated: abs has 0 at 0; min
   * and max send the gradient to the first of equal arguments; clip to {@code x} only strictly
   * inside its bounds, else to the bound it returns; pow's exponent has none where the base is
   * not positive (x^y is then no differentiable function of y), and its base {@code y x^(y-1)}
   * (NaN at {@code x = 0, y = 0}, where x^0 = 1 would have 0). Comparisons and signs are
   * piecewise constant: 0.
   */
  static TExpr partial(TExpr.Fn fn, List<TExpr> a, int i) {
    TExpr x = a.get(0);
    switch (fn) {
      case EXP:
        return Simplify.call(TExpr.Fn.EXP, x);
      case LOG:
        return Simplify.div(Simplify.ONE, x);
      case LOG1P:
        return Simplify.div(Simplify.ONE, Simplify.add(Simplify.ONE, x));
      case TANH: {
        TExpr t = Simplify.call(TExpr.Fn.TANH, x);
        return Simplify.sub(Simplify.ONE, Simplify.mul(t, t));
      }
      case SIGMOID:
        // s (1 - s) as s(x) s(-x): the same number without 1 - s cancelling for large x.
        return Simplify.mul(Simplify.call(TExpr.Fn.SIGMOID, x), Simplify.call(TExpr.Fn.SIGMOID, Simplify.neg(x)));
      case SOFTPLUS:
        return Simplify.call(TExpr.Fn.SIGMOID, x);
      case ABS:
        return Simplify.call(TExpr.Fn.SIGN, x);
      case SQRT:
        return Simplify.div(new TExpr.Lit(0.5), Simplify.call(TExpr.Fn.SQRT, x));
      case POW: {
        TExpr y = a.get(1);
        if (i == 0) return Simplify.mul(y, Simplify.call(TExpr.Fn.POW, x, Simplify.sub(y, Simplify.ONE)));
        TExpr grows = Simplify.mul(Simplify.call(TExpr.Fn.POW, x, y), Simplify.call(TExpr.Fn.LOG, x));
        return Simplify.select(Simplify.call(TExpr.Fn.LT, Simplify.ZERO, x), grows, Simplify.ZERO);
      }
      case MIN: // min(a, b) is a where a <= b
        return i == 0 ? Simplify.call(TExpr.Fn.LE, a.get(0), a.get(1)) : Simplify.call(TExpr.Fn.LT, a.get(1), a.get(0));
      case MAX: // max(a, b) is a where a >= b
        return i == 0 ? Simplify.call(TExpr.Fn.LE, a.get(1), a.get(0)) : Simplify.call(TExpr.Fn.LT, a.get(0), a.get(1));
      case CLIP: {
        // clip(x, lo, hi) = max(lo, min(hi, x)): x where lo < x < hi, hi where hi <= x and lo < hi, else lo.
        TExpr lo = a.get(1);
        TExpr hi = a.get(2);
        if (i == 0) return Simplify.mul(Simplify.call(TExpr.Fn.LT, lo, x), Simplify.call(TExpr.Fn.LT, x, hi));
        if (i == 2) return Simplify.mul(Simplify.call(TExpr.Fn.LE, hi, x), Simplify.call(TExpr.Fn.LT, lo, hi));
        return Simplify.call(TExpr.Fn.LE, Simplify.call(TExpr.Fn.MIN, hi, x), lo);
      }
      default: // SIGN, LT, LE
        return Simplify.ZERO;
    }
  }

  /** Smart constructors that fold the identities of 0 and 1, constants and calls of constants. */
  static final class Simplify {
    static final TExpr ZERO = new TExpr.Lit(0);
    static final TExpr ONE = new TExpr.Lit(1);

    private Simplify() {}

    static boolean isZero(TExpr e) {
      return e instanceof TExpr.Lit l && l.value() == 0;
    }

    static boolean isOne(TExpr e) {
      return e instanceof TExpr.Lit l && l.value() == 1;
    }

    static TExpr add(TExpr a, TExpr b) {
      if (isZero(a)) return b;
      if (isZero(b)) return a;
      if (a instanceof TExpr.Lit x && b instanceof TExpr.Lit y) return new TExpr.Lit(x.value() + y.value());
      return new TExpr.Bin(TExpr.Op.ADD, a, b);
    }

    static TExpr sub(TExpr a, TExpr b) {
      if (isZero(b)) return a;
      if (a instanceof TExpr.Lit x && b instanceof TExpr.Lit y) return new TExpr.Lit(x.value() - y.value());
      if (isZero(a)) return neg(b);
      return new TExpr.Bin(TExpr.Op.SUB, a, b);
    }

    static TExpr mul(TExpr a, TExpr b) {
      if (isZero(a) || isZero(b)) return ZERO;
      if (isOne(a)) return b;
      if (isOne(b)) return a;
      if (a instanceof TExpr.Lit x && b instanceof TExpr.Lit y) return new TExpr.Lit(x.value() * y.value());
      return new TExpr.Bin(TExpr.Op.MUL, a, b);
    }

    static TExpr div(TExpr a, TExpr b) {
      if (isZero(a)) return ZERO;
      if (isOne(b)) return a;
      return new TExpr.Bin(TExpr.Op.DIV, a, b);
    }

    static TExpr neg(TExpr a) {
      if (a instanceof TExpr.Lit l) return new TExpr.Lit(-l.value());
      return new TExpr.Neg(a);
    }

    /**
     * {@code fn(args)}, folded to its value when every argument is a constant (computed as the
     * executors would: float arguments, double function, one rounding), and with {@code pow(x,
     * 1) = x} and {@code pow(x, 0) = 1}, which hold bit for bit.
     */
    static TExpr call(TExpr.Fn fn, TExpr... args) {
      if (fn == TExpr.Fn.POW && isOne(args[1])) return args[0];
      if (fn == TExpr.Fn.POW && isZero(args[1])) return ONE;
      double[] v = new double[args.length];
      for (int i = 0; i < args.length; i++) {
        if (!(args[i] instanceof TExpr.Lit l)) return new TExpr.Call(fn, args);
        v[i] = (float) l.value();
      }
      return new TExpr.Lit((float) fn.evaluate(v));
    }

    static TExpr select(TExpr c, TExpr a, TExpr b) {
      if (a.equals(b)) return a;
      if (c instanceof TExpr.Lit l) return (float) l.value() != 0f ? a : b; // as the executors choose (NaN is not 0)
      return new TExpr.Select(c, a, b);
    }
  }
}
