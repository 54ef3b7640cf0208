package brainc.ir.tensor;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text form of a training program, for {@code --dump-ir} and tests: declarations, then the
 * forward step, the outputs and (after {@code differentiate}) the backward step. Deterministic.
 *
 * <pre>
 *   h1.I = dense(pixels, h1.W, h1.b) binary-input
 *   h1.mem' = ((0.9 * h1.mem) + h1.I)
 *   d.h1.mem' = (d.h1.mem'' + (d.h1.s * surrogate_grad[atan 2](h1.mem' - 1)))
 *   g = (softplus(h1.mem') * clip(h1.I, -1, 1))
 *   scores = matmul(q, k) transpose-b
 *   pairs = gather(x, obj, pairs.idx)
 * </pre>
 */
public final class TensorPrinter {
  private TensorPrinter() {}

  public static String print(TensorProgram p) {
    StringBuilder s = new StringBuilder();
    s.append("tensor-program ").append(p.network()).append(" steps ").append(p.steps()).append(" {\n");
    for (Tensor t : p.tensors()) {
      s.append("  tensor ").append(t.name()).append(" : ").append(t.role().name().toLowerCase(Locale.ROOT));
      s.append(' ').append(shape(t)).append('\n');
    }
    for (TensorProgram.Table t : p.tables()) {
      s.append("  table ").append(t.name()).append(" : ").append(t.shape()).append(" = ")
          .append(t.indices().stream().map(String::valueOf).collect(Collectors.joining(", "))).append('\n');
    }
    for (TensorProgram.State st : p.states()) {
      s.append("  state ").append(st.name()).append(" = ").append(num(st.initial())).append(" next ").append(st.next())
          .append('\n');
    }
    s.append("  forward {\n");
    for (TOp op : p.forward()) s.append("    ").append(op(op)).append('\n');
    s.append("  }\n");
    for (TensorProgram.Output o : p.outputs()) {
      s.append("  output ").append(o.name()).append(" = ").append(o.kind()).append(' ').append(o.state()).append('\n');
    }
    if (p.differentiated()) {
      s.append("  backward {\n");
      for (TOp op : p.backward()) s.append("    ").append(op(op)).append('\n');
      s.append("  }\n");
      s.append("  saved ").append(String.join(", ", p.saved())).append('\n');
    }
    return s.append("}\n").toString();
  }

  public static String op(TOp op) {
    return op.accept(new TOp.Visitor<String>() {
      @Override
      public String visit(TOp.Encode e) {
        return e.out() + " = encode " + e.kind() + "(" + e.args().stream().map(TensorPrinter::num)
            .collect(Collectors.joining(", ")) + ")";
      }

      @Override
      public String visit(TOp.Dense d) {
        return d.out() + " = dense(" + d.in() + ", " + d.weight() + d.bias().map(b -> ", " + b).orElse("") + ")"
            + (d.binaryInput() ? " binary-input" : "");
      }

      @Override
      public String visit(TOp.Map m) {
        return m.out() + " = " + expr(m.expr());
      }

      @Override
      public String visit(TOp.DenseInputGrad g) {
        return g.out() + " = dense_input_grad(" + g.grad() + ", " + g.weight() + ")";
      }

      @Override
      public String visit(TOp.DenseParamGrad g) {
        return g.weightGrad() + g.biasGrad().map(b -> ", " + b).orElse("") + " += dense_param_grad(" + g.in() + ", "
            + g.grad() + ")" + (g.binaryInput() ? " binary-input" : "");
      }

      @Override
      public String visit(TOp.Reduce r) {
        return r.out() + " = " + reduce(r);
      }

      @Override
      public String visit(TOp.ReduceGrad g) {
        return g.out() + " = reduce_grad(" + g.grad() + ", " + g.of().out() + " = " + reduce(g.of()) + ")";
      }

      @Override
      public String visit(TOp.Reshape r) {
        return r.out() + " = view reshape(" + r.in() + ")";
      }

      @Override
      public String visit(TOp.Slice s) {
        return s.out() + " = view slice(" + s.in() + ", " + s.axis() + ", " + s.start() + ")";
      }

      @Override
      public String visit(TOp.Pad s) {
        return s.out() + " = pad(" + s.in() + ", " + s.axis() + ", " + s.start() + ")";
      }

      @Override
      public String visit(TOp.Matmul m) {
        return m.out() + " = matmul(" + m.a() + ", " + m.b() + ")" + (m.transposeA() ? " transpose-a" : "")
            + (m.transposeB() ? " transpose-b" : "");
      }

      @Override
      public String visit(TOp.Dot d) {
        return d.out() + " = dot(" + d.a() + ", " + d.b() + ", " + d.axis() + ")";
      }

      @Override
      public String visit(TOp.Gather g) {
        return g.out() + " = gather(" + g.in() + ", " + g.axis() + ", " + g.table() + ")";
      }

      @Override
      public String visit(TOp.ScatterAdd s) {
        return s.out() + " = scatter_add(" + s.in() + ", " + s.axis() + ", " + s.table() + ")";
      }
    });
  }

  /**
   * A tensor's shape: as it was written before axes had names ({@code [size]}, {@code [fanIn,
   * size]}) when it is the one {@link Tensor#Tensor(String, Tensor.Role, int, int)} gives, else
   * with its axes named ({@code [batch, step 4, unit 3]}).
   */
  public static String shape(Tensor t) {
    if (!t.legacy()) return t.shape().toString();
    return t.fanIn() > 0 ? "[" + t.fanIn() + ", " + t.size() + "]" : "[" + t.size() + "]";
  }

  /** {@code reduce kind(in, axis[, p P][, k K, temperature T])}. */
  public static String reduce(TOp.Reduce r) {
    String attrs = switch (r.kind()) {
      case PMEAN, PMEAN_ERROR -> ", p " + num(r.p());
      case TOPK -> ", k " + r.k() + ", temperature " + num(r.temperature());
      default -> "";
    };
    return "reduce " + r.kind().text + "(" + r.in() + ", " + r.axis() + attrs + ")";
  }

  public static String expr(TExpr e) {
    return e.accept(new TExpr.Visitor<String>() {
      @Override
      public String visit(TExpr.Ref r) {
        return r.tensor();
      }

      @Override
      public String visit(TExpr.Lit l) {
        return num(l.value());
      }

      @Override
      public String visit(TExpr.Bin b) {
        return "(" + expr(b.left()) + " " + b.op().symbol + " " + expr(b.right()) + ")";
      }

      @Override
      public String visit(TExpr.Neg n) {
        return "(-" + expr(n.operand()) + ")";
      }

      @Override
      public String visit(TExpr.Step st) {
        return "step" + (st.strict() ? "" : "_ge") + "[" + surrogate(st.surrogate()) + "](" + expr(st.margin()) + ")";
      }

      @Override
      public String visit(TExpr.Select sel) {
        return "select(" + expr(sel.cond()) + ", " + expr(sel.then()) + ", " + expr(sel.otherwise()) + ")";
      }

      @Override
      public String visit(TExpr.Detach d) {
        return "detach(" + expr(d.operand()) + ")";
      }

      @Override
      public String visit(TExpr.SurrogateGrad g) {
        return "surrogate_grad[" + surrogate(g.surrogate()) + "](" + expr(g.margin()) + ")";
      }

      @Override
      public String visit(TExpr.Call c) {
        return c.fn().spelling() + "(" + c.args().stream().map(TensorPrinter::expr).collect(Collectors.joining(", ")) + ")";
      }
    });
  }

  private static String surrogate(TExpr.Surrogate s) {
    return s.kind().equals("straight_through") ? s.kind() : s.kind() + " " + num(s.parameter());
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }
}
