package brainc.ir.tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a training program: every tensor is declared with the role its use needs, defined
 * once per step before it is read, and shapes agree (a map's operands broadcast to its shape; a
 * dense layer's input has the weight's fan-in and its output the weight's size; a reduction's
 * axis exists, is not the batch, and its output has the reduced shape; a view stays in bounds),
 * and each function call has as many arguments as its function takes; a product's operands
 * are batches of matrices that agree in the axis contracted, and an index table has axes, no
 * batch, and indices within the axis it picks along. A gather or a product may read a parameter
 * (at most one per product): it has no batch axis and is the same for every sample, so it is
 * checked as if the batch axis came first (a product with one reads it as one matrix and the
 * other operand as a batch of single matrices); a scatter-add into a parameter's gradient reads
 * the batch and sums it, and accumulates (as {@code dense_param_grad} does). Returns the problems
 * found, empty when the program is well formed.
 */
public final class TensorVerifier {
  private TensorVerifier() {}

  public static List<String> verify(TensorProgram p) {
    List<String> errors = new ArrayList<>();
    Map<String, Tensor> t = p.tensorMap();
    if (t.size() != p.tensors().size()) errors.add("a tensor is declared twice");
    Map<String, Layout> layouts = Layout.of(p);
    Set<String> defined = new HashSet<>();
    for (Tensor x : p.tensors()) if (x.role() == Tensor.Role.STATE || x.isParam()) defined.add(x.name());
    for (TensorProgram.State s : p.states()) {
      if (!role(t, s.name(), Tensor.Role.STATE)) errors.add("state " + s.name() + " is not declared as a state");
    }
    Map<String, TensorProgram.Table> tables = new java.util.HashMap<>();
    for (TensorProgram.Table tb : p.tables()) {
      if (tables.put(tb.name(), tb) != null) errors.add("table " + tb.name() + " is declared twice");
      if (tb.shape().rank() == 0) errors.add("table " + tb.name() + " [] has no axes: a table has one axis or more");
      if (tb.shape().hasBatch()) {
        errors.add("table " + tb.name() + " " + tb.shape() + " has a batch axis: a table is the same for every sample");
      }
    }
    check(p.forward(), t, tables, layouts, defined, errors, "forward");
    for (TensorProgram.State s : p.states()) {
      if (!defined.contains(s.next())) errors.add("state " + s.name() + " takes " + s.next() + ", never computed");
      else if (t.get(s.next()).size() != t.get(s.name()).size()) errors.add("state " + s.name() + " changes size");
      else if (!t.get(s.next()).shape().equals(t.get(s.name()).shape())) {
        errors.add("state " + s.name() + " " + t.get(s.name()).shape() + " takes " + s.next() + " " + t.get(s.next()).shape());
      } else if (!layouts.get(s.next()).contiguous(t.get(s.next()).shape())) {
        errors.add("state " + s.name() + " takes " + s.next() + ", a strided view: compute it with a map");
      }
    }
    for (TensorProgram.Output o : p.outputs()) {
      if (!role(t, o.state(), Tensor.Role.STATE)) errors.add("output " + o.name() + " reads " + o.state() + ", not a state");
    }
    if (p.differentiated()) {
      Set<String> back = new HashSet<>(defined);
      for (TensorProgram.State s : p.states()) back.add(TensorProgram.grad(s.name()));
      check(p.backward(), t, tables, layouts, back, errors, "backward");
      for (TensorProgram.State s : p.states()) {
        if (!back.contains(TensorProgram.gradPrev(s.name()))) {
          errors.add("backward never computes " + TensorProgram.gradPrev(s.name()));
        }
      }
      for (String s : p.saved()) if (!defined.contains(s)) errors.add("saved tensor " + s + " is not a forward tensor");
    }
    return errors;
  }

  private static boolean role(Map<String, Tensor> t, String name, Tensor.Role role) {
    return t.containsKey(name) && t.get(name).role() == role;
  }

  private static void check(List<TOp> ops, Map<String, Tensor> t, Map<String, TensorProgram.Table> tables,
      Map<String, Layout> layouts, Set<String> defined, List<String> errors, String where) {
    for (TOp op : ops) {
      String text = where + ": " + TensorPrinter.op(op) + ": ";
      op.accept(new TOp.Visitor<Void>() {
        @Override
        public Void visit(TOp.Encode e) {
          if (!role(t, e.out(), Tensor.Role.INPUT)) errors.add(text + e.out() + " is not an input tensor");
          define(e.out());
          return null;
        }

        @Override
        public Void visit(TOp.Dense d) {
          Tensor w = t.get(d.weight());
          if (w == null || w.role() != Tensor.Role.WEIGHT) errors.add(text + d.weight() + " is not a weight");
          read(d.in());
          d.bias().ifPresent(b -> {
            if (!role(t, b, Tensor.Role.BIAS)) errors.add(text + b + " is not a bias");
            else if (w != null && t.get(b).size() != w.size()) errors.add(text + "bias and weight sizes differ");
          });
          contiguous(d.in());
          if (w != null && t.containsKey(d.in()) && t.get(d.in()).size() != w.fanIn()) {
            errors.add(text + d.in() + " has size " + t.get(d.in()).size() + " but the weight's fan-in is " + w.fanIn());
          }
          if (w != null && t.containsKey(d.out()) && t.get(d.out()).size() != w.size()) {
            errors.add(text + d.out() + " has size " + t.get(d.out()).size() + " but the weight has " + w.size() + " outputs");
          }
          define(d.out());
          return null;
        }

        @Override
        public Void visit(TOp.Map m) {
          Tensor out = t.get(m.out());
          for (TExpr.Call c : calls(m.expr())) {
            c.fn().arityProblem(c.args().size()).ifPresent(problem -> errors.add(text + problem));
          }
          for (String r : refs(m.expr())) {
            read(r);
            if (out == null || !t.containsKey(r)) continue;
            Tensor x = t.get(r);
            if (x.legacy() && out.legacy() && x.shape().hasBatch() && out.shape().hasBatch() && x.size() != 1) {
              if (x.size() != out.size()) errors.add(text + r + " has size " + x.size() + ", not " + out.size());
            } else {
              x.shape().broadcastProblem(out.shape())
                  .ifPresent(why -> errors.add(text + r + " " + x.shape() + " does not broadcast to " + m.out() + " "
                      + out.shape() + ": it " + why));
            }
          }
          define(m.out());
          return null;
        }

        @Override
        public Void visit(TOp.DenseInputGrad g) {
          read(g.grad());
          contiguous(g.grad());
          Tensor w = t.get(g.weight());
          if (w == null || w.role() != Tensor.Role.WEIGHT) errors.add(text + g.weight() + " is not a weight");
          else if (t.containsKey(g.out()) && t.get(g.out()).size() != w.fanIn()) errors.add(text + "size is not the fan-in");
          define(g.out());
          return null;
        }

        @Override
        public Void visit(TOp.DenseParamGrad g) {
          read(g.in());
          contiguous(g.in());
          contiguous(g.grad());
          read(g.grad());
          if (!role(t, g.weightGrad(), Tensor.Role.PARAM_GRAD)) errors.add(text + g.weightGrad() + " is not a parameter gradient");
          g.biasGrad().ifPresent(b -> {
            if (!role(t, b, Tensor.Role.PARAM_GRAD)) errors.add(text + b + " is not a parameter gradient");
          });
          return null;
        }

        @Override
        public Void visit(TOp.Reduce r) {
          read(r.in());
          Tensor in = t.get(r.in());
          Tensor out = t.get(r.out());
          if (in != null && out != null && axis(in, r.axis())) {
            Shape want = r.kind().keepsShape() ? in.shape() : in.shape().withExtent(r.axis(), 1);
            if (!out.shape().equals(want)) {
              errors.add(text + r.out() + " has shape " + out.shape() + ", but " + r.kind().text + " along " + r.axis()
                  + " gives " + want);
            }
            int n = in.shape().axis(r.axis()).orElseThrow().extent();
            if (r.kind() == TOp.Reduce.Kind.TOPK && r.k() > n) {
              errors.add(text + "keeps " + r.k() + " of the " + n + " elements along " + r.axis());
            }
          }
          define(r.out());
          return null;
        }

        @Override
        public Void visit(TOp.ReduceGrad g) {
          read(g.grad());
          read(g.of().in());
          read(g.of().out());
          Tensor in = t.get(g.of().in());
          Tensor out = t.get(g.out());
          Tensor y = t.get(g.of().out());
          Tensor gr = t.get(g.grad());
          if (in != null && out != null && !out.shape().equals(in.shape())) {
            errors.add(text + g.out() + " has shape " + out.shape() + ", not " + g.of().in() + "'s " + in.shape());
          }
          if (y != null && gr != null && !gr.shape().equals(y.shape())) {
            errors.add(text + g.grad() + " has shape " + gr.shape() + ", not " + g.of().out() + "'s " + y.shape());
          }
          if (in != null) axis(in, g.of().axis());
          define(g.out());
          return null;
        }

        @Override
        public Void visit(TOp.Reshape r) {
          read(r.in());
          Tensor in = t.get(r.in());
          Tensor out = t.get(r.out());
          if (in != null && out != null) {
            if (in.shape().hasBatch() != out.shape().hasBatch() || in.shape().perSample() != out.shape().perSample()) {
              errors.add(text + "reshapes " + in.shape() + " to " + out.shape() + ", which holds another number of elements");
            } else if (!layouts.get(r.in()).rowMajor(in.shape())) {
              errors.add(text + r.in() + " is a strided view, so it has no reshaped view: compute it with a map first");
            }
          }
          view(r.out());
          return null;
        }

        @Override
        public Void visit(TOp.Slice s) {
          read(s.in());
          window(s.in(), s.out(), s.axis(), s.start(), "slices");
          view(s.out());
          return null;
        }

        @Override
        public Void visit(TOp.Pad s) {
          read(s.in());
          window(s.out(), s.in(), s.axis(), s.start(), "pads");
          define(s.out());
          return null;
        }

        @Override
        public Void visit(TOp.Matmul m) {
          Tensor a = operand(m.a());
          Tensor b = operand(m.b());
          Tensor out = t.get(m.out());
          if (a != null && b != null && out != null && oneActivation(a, b) && matrices(a, b) && matrices(b, a)) {
            // A parameter is one matrix for every sample: it is seen with the other operand's batch.
            List<Shape.Axis> x = a.isParam() ? batched(a.shape()).axes() : a.shape().axes();
            List<Shape.Axis> y = b.isParam() ? batched(b.shape()).axes() : b.shape().axes();
            int r = x.size();
            if (y.size() != r || !x.subList(0, r - 2).equals(y.subList(0, r - 2))) {
              errors.add(text + m.a() + " " + a.shape() + " and " + m.b() + " " + b.shape()
                  + " differ before their last two axes, which a product keeps");
            } else {
              Shape.Axis rows = x.get(m.transposeA() ? r - 1 : r - 2);
              Shape.Axis ka = x.get(m.transposeA() ? r - 2 : r - 1);
              Shape.Axis kb = y.get(m.transposeB() ? r - 1 : r - 2);
              Shape.Axis cols = y.get(m.transposeB() ? r - 2 : r - 1);
              if (!ka.equals(kb)) {
                errors.add(text + "contracts " + m.a() + "'s axis " + ka + " with " + m.b() + "'s axis " + kb
                    + ": a product contracts an axis of one name and extent");
              } else if (rows.name().equals(cols.name())) {
                errors.add(text + "the product's last two axes would both be " + rows.name()
                    + ": rename one operand's axis with a reshape");
              } else {
                List<Shape.Axis> want = new ArrayList<>(x.subList(0, r - 2));
                want.add(rows);
                want.add(cols);
                if (!out.shape().equals(new Shape(want))) {
                  errors.add(text + m.out() + " has shape " + out.shape() + ", but the product gives " + new Shape(want));
                }
              }
            }
          }
          define(m.out());
          return null;
        }

        @Override
        public Void visit(TOp.Dot d) {
          Tensor a = operand(d.a());
          Tensor b = operand(d.b());
          Tensor out = t.get(d.out());
          if (a == null || b == null || !oneActivation(a, b)) {
            // said why
          } else if (!seen(a).equals(seen(b))) {
            errors.add(text + d.a() + " " + a.shape() + " and " + d.b() + " " + b.shape()
                + " differ: a dot product multiplies tensors of one shape"
                + (a.isParam() || b.isParam() ? " (a parameter's with the batch axis first removed)" : ""));
          } else if (axis(a, d.axis()) && out != null) {
            Shape want = seen(a).withExtent(d.axis(), 1);
            if (!out.shape().equals(want)) {
              errors.add(text + d.out() + " has shape " + out.shape() + ", but dot along " + d.axis() + " gives " + want);
            }
          }
          define(d.out());
          return null;
        }

        @Override
        public Void visit(TOp.Gather g) {
          read(g.in());
          Tensor in = t.get(g.in());
          Tensor out = t.get(g.out());
          TensorProgram.Table tb = table(g.table());
          if (in != null && out != null && tb != null && axis(in, g.axis()) && inBounds(tb, in, g.axis())) {
            picked(in.isParam() ? batched(in.shape()) : in.shape(), g.axis(), tb).ifPresent(want -> {
              if (!out.shape().equals(want)) {
                errors.add(text + g.out() + " has shape " + out.shape() + ", but gather along " + g.axis() + " by "
                    + tb.name() + " gives " + want + (in.isParam() ? paramGather(in) : ""));
              }
            });
          }
          define(g.out());
          return null;
        }

        @Override
        public Void visit(TOp.ScatterAdd s) {
          Tensor read = operand(s.in());
          if (read != null && read.isParam()) {
            errors.add(text + s.in() + " is a parameter, but scatter_add reads activations (gather reads parameters)");
          }
          Tensor in = read != null && read.isParam() ? null : read;
          Tensor out = t.get(s.out());
          TensorProgram.Table tb = table(s.table());
          boolean intoGrad = out != null && out.role() == Tensor.Role.PARAM_GRAD;
          if (in != null && out != null && tb != null && axis(out, s.axis()) && inBounds(tb, out, s.axis())) {
            picked(intoGrad ? batched(out.shape()) : out.shape(), s.axis(), tb).ifPresent(want -> {
              if (!in.shape().equals(want)) {
                errors.add(text + s.in() + " has shape " + in.shape() + ", but scatter_add along " + s.axis() + " by "
                    + tb.name() + " reads " + want + (intoGrad ? ": a scatter-add into a parameter's gradient sums"
                    + " the batch, so it reads the batch, then the gradient's shape with " + s.axis() + " replaced by the"
                    + " table's axes" : ""));
              }
            });
          }
          // A parameter's gradient accumulates over its consumers, steps and samples, as dense_param_grad's does.
          if (!intoGrad) define(s.out());
          return null;
        }

        /** A parameter's shape {@code s} (at most two axes) with the batch axis first: the parameter as every sample sees it. */
        private Shape batched(Shape s) {
          List<Shape.Axis> axes = new ArrayList<>();
          axes.add(new Shape.Axis(Shape.BATCH, 0));
          axes.addAll(s.axes());
          return new Shape(axes);
        }

        /** Why a gather from parameter {@code p} has a batch axis its operand lacks. */
        private String paramGather(Tensor p) {
          return ": " + p.name() + " is a parameter, which has no batch axis, so the gather gives every sample the"
              + " same rows: the batch, then " + p.name() + "'s shape with " + "the axis replaced by the table's axes";
        }

        /** A product's or scatter-add's operand, read; null if it is not declared. */
        private Tensor operand(String name) {
          read(name);
          return t.get(name);
        }

        /** A product's operand as each sample sees it: a parameter, without a batch axis, with one. */
        private Shape seen(Tensor x) {
          return x.isParam() ? batched(x.shape()) : x.shape();
        }

        /** Whether at most one of a product's operands is a parameter; says why not. */
        private boolean oneActivation(Tensor a, Tensor b) {
          if (!a.isParam() || !b.isParam()) return true;
          errors.add(text + a.name() + " and " + b.name() + " are both parameters: a product reads an activation, "
              + "and at most one parameter");
          return false;
        }

        /**
         * Whether {@code x} is a batch of matrices: the batch, at most one more axis, and two; or a
         * parameter, one matrix {@code [rows, cols]} for every sample, whose {@code other} operand
         * is then a batch of single matrices {@code [batch, rows, cols]} (its gradient sums the batch).
         */
        private boolean matrices(Tensor x, Tensor other) {
          if (x.isParam()) {
            if (x.shape().rank() == 2 && other.shape().rank() == 3) return true;
            errors.add(text + x.name() + " " + x.shape() + " is a parameter, so the product reads it as one matrix [rows,"
                + " cols] for every sample, and " + other.name() + " as a batch of single matrices [batch, rows, cols]");
            return false;
          }
          if (other.isParam() && x.shape().rank() != 3) return true; // said when other is checked
          if (x.shape().hasBatch() && x.shape().rank() >= 3) return true;
          errors.add(text + x.name() + " " + x.shape() + " is not a batch of matrices: a product reads the batch, "
              + "then at most one axis more, then the two axes of a matrix");
          return false;
        }

        /** The well-formed table {@code name}, or null (said why, unless its declaration did). */
        private TensorProgram.Table table(String name) {
          TensorProgram.Table tb = tables.get(name);
          if (tb == null) errors.add(text + "no table " + name);
          return tb == null || tb.shape().rank() == 0 || tb.shape().hasBatch() ? null : tb;
        }

        /** Whether every index of {@code tb} lies in {@code x}'s axis {@code axisName}; names the first that does not. */
        private boolean inBounds(TensorProgram.Table tb, Tensor x, String axisName) {
          int n = x.shape().axis(axisName).orElseThrow().extent();
          for (int j = 0; j < tb.indices().size(); j++) {
            int v = tb.indices().get(j);
            if (v < 0 || v >= n) {
              errors.add(text + "table " + tb.name() + " holds index " + v + " at position " + j + ", outside axis "
                  + axisName + " of " + x.name() + ", which has " + n);
              return false;
            }
          }
          return true;
        }

        /** {@code whole} with {@code axisName} replaced by the table's axes, or empty (said why). */
        private java.util.Optional<Shape> picked(Shape whole, String axisName, TensorProgram.Table tb) {
          try {
            return java.util.Optional.of(TOp.Gather.picked(whole, axisName, tb.shape()));
          } catch (IllegalArgumentException e) {
            errors.add(text + "replacing " + axisName + " of " + whole + " by table " + tb.name() + " " + tb.shape()
                + " gives no shape: " + e.getMessage());
            return java.util.Optional.empty();
          }
        }

        /** {@code part} is {@code whole} but for {@code axis}, where it is a window from {@code start}. */
        private void window(String whole, String part, String axisName, int start, String verb) {
          Tensor w = t.get(whole);
          Tensor pt = t.get(part);
          if (w == null || pt == null || !axis(w, axisName)) return;
          int n = w.shape().axis(axisName).orElseThrow().extent();
          Shape.Axis a = pt.shape().axis(axisName).orElse(null);
          if (a == null || !pt.shape().equals(w.shape().withExtent(axisName, a.extent()))) {
            errors.add(text + verb + " " + w.shape() + " to " + pt.shape() + ": the shapes differ in more than " + axisName);
          } else if (start + a.extent() > n) {
            errors.add(text + "view out of bounds: elements " + start + " to " + (start + a.extent() - 1) + " of " + axisName
                + ", which has " + n);
          }
        }

        /** Whether {@code x} has axis {@code name} other than the batch; says why not. */
        private boolean axis(Tensor x, String name) {
          if (name.equals(Shape.BATCH)) {
            errors.add(text + "works along the batch axis, but samples are independent");
            return false;
          }
          if (x.shape().indexOf(name) < 0) {
            errors.add(text + x.name() + " " + x.shape() + " has no axis " + name);
            return false;
          }
          return true;
        }

        private void contiguous(String name) {
          if (t.containsKey(name) && !layouts.get(name).contiguous(t.get(name).shape())) {
            errors.add(text + name + " is a view; a dense layer reads a tensor that owns its storage");
          }
        }

        private void view(String name) {
          define(name);
          if (t.containsKey(name) && t.get(name).role() != Tensor.Role.VALUE && t.get(name).role() != Tensor.Role.GRAD) {
            errors.add(text + name + " is a view, so it is a value or a gradient");
          }
        }

        private void read(String name) {
          if (!t.containsKey(name)) errors.add(text + name + " is not declared");
          else if (!defined.contains(name)) errors.add(text + name + " is read before it is computed");
        }

        private void define(String name) {
          if (!t.containsKey(name)) errors.add(text + name + " is not declared");
          else if (t.get(name).isParam() || t.get(name).role() == Tensor.Role.STATE) errors.add(text + "assigns " + name);
          if (!defined.add(name)) errors.add(text + name + " is computed twice");
        }
      });
    }
  }

  /** The tensors an expression reads, in first-use order. */
  public static List<String> refs(TExpr e) {
    List<String> out = new ArrayList<>();
    collect(e, out, new ArrayList<>());
    return out;
  }

  /** The function calls in an expression, outermost first. */
  public static List<TExpr.Call> calls(TExpr e) {
    List<TExpr.Call> out = new ArrayList<>();
    collect(e, new ArrayList<>(), out);
    return out;
  }

  private static void collect(TExpr e, List<String> out, List<TExpr.Call> calls) {
    e.accept(new TExpr.Visitor<Void>() {
      @Override
      public Void visit(TExpr.Ref r) {
        if (!out.contains(r.tensor())) out.add(r.tensor());
        return null;
      }

      @Override
      public Void visit(TExpr.Call c) {
        calls.add(c);
        for (TExpr a : c.args()) collect(a, out, calls);
        return null;
      }

      @Override
      public Void visit(TExpr.Lit l) {
        return null;
      }

      @Override
      public Void visit(TExpr.Bin b) {
        collect(b.left(), out, calls);
        collect(b.right(), out, calls);
        return null;
      }

      @Override
      public Void visit(TExpr.Neg n) {
        collect(n.operand(), out, calls);
        return null;
      }

      @Override
      public Void visit(TExpr.Step s) {
        collect(s.margin(), out, calls);
        return null;
      }

      @Override
      public Void visit(TExpr.Select s) {
        collect(s.cond(), out, calls);
        collect(s.then(), out, calls);
        collect(s.otherwise(), out, calls);
        return null;
      }

      @Override
      public Void visit(TExpr.Detach d) {
        collect(d.operand(), out, calls);
        return null;
      }

      @Override
      public Void visit(TExpr.SurrogateGrad g) {
        collect(g.margin(), out, calls);
        return null;
      }
    });
  }
}
