package brainc.ir.tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a training program: every tensor is declared with the role its use needs, defined
 * once per step before it is read, and shapes agree (a map's operands have its size; a dense
 * layer's input has the weight's fan-in and its output the weight's size), and each function
 * call has as many arguments as its function takes. Returns the problems found, empty when the
 * program is well formed.
 */
public final class TensorVerifier {
  private TensorVerifier() {}

  public static List<String> verify(TensorProgram p) {
    List<String> errors = new ArrayList<>();
    Map<String, Tensor> t = p.tensorMap();
    if (t.size() != p.tensors().size()) errors.add("a tensor is declared twice");
    Set<String> defined = new HashSet<>();
    for (Tensor x : p.tensors()) if (x.role() == Tensor.Role.STATE || x.isParam()) defined.add(x.name());
    for (TensorProgram.State s : p.states()) {
      if (!role(t, s.name(), Tensor.Role.STATE)) errors.add("state " + s.name() + " is not declared as a state");
    }
    check(p.forward(), t, defined, errors, "forward");
    for (TensorProgram.State s : p.states()) {
      if (!defined.contains(s.next())) errors.add("state " + s.name() + " takes " + s.next() + ", never computed");
      else if (t.get(s.next()).size() != t.get(s.name()).size()) errors.add("state " + s.name() + " changes size");
    }
    for (TensorProgram.Output o : p.outputs()) {
      if (!role(t, o.state(), Tensor.Role.STATE)) errors.add("output " + o.name() + " reads " + o.state() + ", not a state");
    }
    if (p.differentiated()) {
      Set<String> back = new HashSet<>(defined);
      for (TensorProgram.State s : p.states()) back.add(TensorProgram.grad(s.name()));
      check(p.backward(), t, back, errors, "backward");
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

  private static void check(List<TOp> ops, Map<String, Tensor> t, Set<String> defined, List<String> errors, String where) {
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
            if (out != null && t.containsKey(r) && t.get(r).size() != out.size()) {
              errors.add(text + r + " has size " + t.get(r).size() + ", not " + out.size());
            }
          }
          define(m.out());
          return null;
        }

        @Override
        public Void visit(TOp.DenseInputGrad g) {
          read(g.grad());
          Tensor w = t.get(g.weight());
          if (w == null || w.role() != Tensor.Role.WEIGHT) errors.add(text + g.weight() + " is not a weight");
          else if (t.containsKey(g.out()) && t.get(g.out()).size() != w.fanIn()) errors.add(text + "size is not the fan-in");
          define(g.out());
          return null;
        }

        @Override
        public Void visit(TOp.DenseParamGrad g) {
          read(g.in());
          read(g.grad());
          if (!role(t, g.weightGrad(), Tensor.Role.PARAM_GRAD)) errors.add(text + g.weightGrad() + " is not a parameter gradient");
          g.biasGrad().ifPresent(b -> {
            if (!role(t, b, Tensor.Role.PARAM_GRAD)) errors.add(text + b + " is not a parameter gradient");
          });
          return null;
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
