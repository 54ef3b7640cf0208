package brainc.codegen.tensor;

import brainc.ir.tensor.Layout;
import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TExpr;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;

/**
 * The reference executor of training programs: every operation as its definition reads, one
 * element at a time, expressions walked as trees, sums in ascending index order, in float32
 * (a function call in double from its float arguments, rounded once).
 * It defines the semantics that faster backends are tested against.
 */
public final class TensorInterpreter extends TensorExecutor {
  private final boolean relaxed;

  public TensorInterpreter(TensorProgram program, ParamStore params, int maxBatch, long seed) {
    this(program, params, maxBatch, seed, false);
  }

  /**
   * With {@code relaxed}, for gradient checks: each spike {@code step} evaluates to the
   * primitive of its surrogate (atan: {@code 1/2 + atan(pi/2 * alpha * u) / pi}; fast sigmoid:
   * {@code 1/2 + u / (1 + slope * |u|)}; straight-through: {@code u}) and each {@code select} to
   * its blend {@code b + c (a - b)}, so the backward step computes the exact gradient of a
   * smooth network, which finite differences can check.
   */
  public TensorInterpreter(TensorProgram program, ParamStore params, int maxBatch, long seed, boolean relaxed) {
    super(program, params, maxBatch, seed);
    this.relaxed = relaxed;
    compileAll();
  }

  /** A scalar expression of the element at flat index {@code k}. */
  private interface Scalar {
    float at(int k);
  }

  @Override
  protected Runnable compile(TOp op) {
    return op.accept(new TOp.Visitor<Runnable>() {
      @Override
      public Runnable visit(TOp.Encode e) {
        int out = slot(e.out());
        return () -> encode(e, buf[out]);
      }

      @Override
      public Runnable visit(TOp.Dense d) {
        int out = slot(d.out());
        int in = slot(d.in());
        int w = slot(d.weight());
        int bias = d.bias().map(TensorInterpreter.this::slot).orElse(-1);
        int nOut = tensor(w).size();
        int nIn = tensor(w).fanIn();
        return () -> {
          float[] x = buf[in];
          float[] wt = buf[w];
          float[] y = buf[out];
          for (int b = 0; b < batch; b++) {
            for (int o = 0; o < nOut; o++) {
              float acc = bias >= 0 ? buf[bias][o] : 0f;
              for (int i = 0; i < nIn; i++) acc += x[b * nIn + i] * wt[i * nOut + o];
              y[b * nOut + o] = acc;
            }
          }
        };
      }

      @Override
      public Runnable visit(TOp.Map m) {
        int out = slot(m.out());
        gathers = gathers(m);
        Scalar f = scalar(m.expr());
        gathers = java.util.Map.of();
        return () -> {
          float[] y = buf[out];
          int total = elements(out);
          for (int k = 0; k < total; k++) y[k] = f.at(k);
        };
      }

      @Override
      public Runnable visit(TOp.Reduce r) {
        int in = slot(r.in());
        int out = slot(r.out());
        return () -> reduce(r, in, out, -1, out);
      }

      @Override
      public Runnable visit(TOp.ReduceGrad g) {
        int in = slot(g.of().in());
        int gr = slot(g.grad());
        int out = slot(g.out());
        return () -> reduce(g.of(), in, gr, out, out);
      }

      @Override
      public Runnable visit(TOp.Reshape r) {
        return () -> {}; // a view: the executor binds it to its root's storage
      }

      @Override
      public Runnable visit(TOp.Slice s) {
        return () -> {};
      }

      @Override
      public Runnable visit(TOp.Pad pad) {
        int in = slot(pad.in());
        int out = slot(pad.out());
        Shape whole = tensor(out).shape();
        int a = whole.indexOf(pad.axis());
        return () -> {
          // Each element of out, by its index: in's element if the index along the axis is in the window.
          float[] y = buf[out];
          int n = whole.perSample();
          int[] idx = new int[whole.rank()];
          for (int k = 0; k < elements(out); k++) {
            int rest = k;
            for (int c = whole.rank() - 1; c >= 0; c--) {
              int e = whole.axes().get(c).isBatch() ? batch : whole.axes().get(c).extent();
              idx[c] = rest % e;
              rest /= e;
            }
            int i = idx[a] - pad.start();
            if (i < 0 || i >= tensor(in).shape().axes().get(a).extent()) {
              y[k] = 0f;
            } else {
              idx[a] = i;
              y[k] = buf[in][position(in, idx)];
            }
          }
        };
      }

      @Override
      public Runnable visit(TOp.Matmul m) {
        int a = slot(m.a());
        int b = slot(m.b());
        int out = slot(m.out());
        Shape shape = tensor(out).shape();
        int r = shape.rank();
        int ra = tensor(a).shape().rank(); // 2 for a parameter: one matrix for every sample
        int kk = tensor(a).shape().axes().get(m.transposeA() ? ra - 2 : ra - 1).extent();
        return () -> {
          // Each element of out by its index: the sum over the contracted index, in double.
          int[] idx = new int[r];
          int[] ia = new int[r];
          int[] ib = new int[r];
          for (int k = 0; k < elements(out); k++) {
            index(shape, k, idx);
            System.arraycopy(idx, 0, ia, 0, r - 2);
            System.arraycopy(idx, 0, ib, 0, r - 2);
            double sum = 0;
            for (int c = 0; c < kk; c++) {
              ia[r - 2] = m.transposeA() ? c : idx[r - 2];
              ia[r - 1] = m.transposeA() ? idx[r - 2] : c;
              ib[r - 2] = m.transposeB() ? idx[r - 1] : c;
              ib[r - 1] = m.transposeB() ? c : idx[r - 1];
              sum += (double) buf[a][position(a, ia)] * buf[b][position(b, ib)];
            }
            buf[out][k] = (float) sum;
          }
        };
      }

      @Override
      public Runnable visit(TOp.Dot d) {
        int a = slot(d.a());
        int b = slot(d.b());
        int out = slot(d.out());
        Shape shape = tensor(out).shape();
        int ax = shape.indexOf(d.axis());
        int n = tensor(a).shape().axis(d.axis()).orElseThrow().extent();
        return () -> {
          int[] idx = new int[shape.rank()];
          for (int k = 0; k < elements(out); k++) {
            index(shape, k, idx);
            double sum = 0;
            for (int i = 0; i < n; i++) {
              idx[ax] = i;
              sum += (double) buf[a][position(a, idx)] * buf[b][position(b, idx)];
            }
            buf[out][k] = (float) sum;
          }
        };
      }

      @Override
      public Runnable visit(TOp.Gather g) {
        int in = slot(g.in());
        int out = slot(g.out());
        TensorProgram.Table table = program.table(g.table()).orElseThrow();
        Shape shape = tensor(out).shape();
        Shape tableShape = table.shape();
        int ax = tensor(in).shape().indexOf(g.axis());
        int tr = tableShape.rank();
        // A parameter has no batch axis: every sample of out picks from it, so out's indices skip the batch.
        int skip = shape.hasBatch() && !tensor(in).shape().hasBatch() ? 1 : 0;
        return () -> {
          // out[.., j, ..] = in[.., table[j], ..]: j is the indices along the table's axes, row-major.
          int[] idx = new int[shape.rank()];
          int[] from = new int[tensor(in).shape().rank()];
          for (int k = 0; k < elements(out); k++) {
            index(shape, k, idx);
            int j = 0;
            for (int c = 0; c < tr; c++) j = j * tableShape.axes().get(c).extent() + idx[skip + ax + c];
            for (int c = 0; c < from.length; c++) {
              from[c] = c < ax ? idx[skip + c] : c == ax ? table.indices().get(j) : idx[skip + c + tr - 1];
            }
            buf[out][k] = buf[in][position(in, from)];
          }
        };
      }

      @Override
      public Runnable visit(TOp.ScatterAdd sc) {
        int in = slot(sc.in());
        int out = slot(sc.out());
        TensorProgram.Table table = program.table(sc.table()).orElseThrow();
        Shape shape = tensor(out).shape();
        Shape tableShape = table.shape();
        int ax = shape.indexOf(sc.axis());
        int tr = tableShape.rank();
        if (tensor(out).role() == Tensor.Role.PARAM_GRAD) return () -> scatterIntoGrad(in, out, table, ax);
        return () -> {
          // out[.., v, ..] = the sum, in ascending table position j, of in[.., j, ..] where table[j] = v.
          int[] idx = new int[shape.rank()];
          int[] from = new int[tensor(in).shape().rank()];
          int[] at = new int[tr];
          for (int k = 0; k < elements(out); k++) {
            index(shape, k, idx);
            double sum = 0;
            for (int j = 0; j < table.indices().size(); j++) {
              if (table.indices().get(j) != idx[ax]) continue;
              for (int c = tr - 1, rest = j; c >= 0; rest /= tableShape.axes().get(c).extent(), c--) {
                at[c] = rest % tableShape.axes().get(c).extent();
              }
              for (int c = 0; c < from.length; c++) from[c] = c < ax ? idx[c] : c < ax + tr ? at[c - ax] : idx[c - tr + 1];
              sum += buf[in][position(in, from)];
            }
            buf[out][k] = (float) sum;
          }
        };
      }

      @Override
      public Runnable visit(TOp.DenseInputGrad g) {
        int out = slot(g.out());
        int gr = slot(g.grad());
        int w = slot(g.weight());
        int nOut = tensor(w).size();
        int nIn = tensor(w).fanIn();
        return () -> {
          float[] gy = buf[gr];
          float[] wt = buf[w];
          float[] gx = buf[out];
          for (int b = 0; b < batch; b++) {
            for (int i = 0; i < nIn; i++) {
              float acc = 0f;
              for (int o = 0; o < nOut; o++) acc += gy[b * nOut + o] * wt[i * nOut + o];
              gx[b * nIn + i] = acc;
            }
          }
        };
      }

      @Override
      public Runnable visit(TOp.DenseParamGrad g) {
        int dw = slot(g.weightGrad());
        int db = g.biasGrad().map(TensorInterpreter.this::slot).orElse(-1);
        int in = slot(g.in());
        int gr = slot(g.grad());
        int nOut = tensor(dw).size();
        int nIn = tensor(dw).fanIn();
        return () -> {
          float[] x = buf[in];
          float[] gy = buf[gr];
          float[] gw = buf[dw];
          for (int b = 0; b < batch; b++) {
            for (int i = 0; i < nIn; i++) {
              for (int o = 0; o < nOut; o++) gw[i * nOut + o] += x[b * nIn + i] * gy[b * nOut + o];
            }
            if (db >= 0) {
              for (int o = 0; o < nOut; o++) buf[db][o] += gy[b * nOut + o];
            }
          }
        };
      }
    });
  }

  /**
   * A scatter-add into a parameter's gradient: each element of {@code out} gains the sum, in
   * double, over the samples in order and within a sample over the table positions {@code j}
   * in ascending order, of the {@code in[b, .., j, ..]} sent to it, rounded once to float.
   */
  private void scatterIntoGrad(int in, int out, TensorProgram.Table table, int ax) {
    Shape shape = tensor(out).shape();
    Shape tableShape = table.shape();
    int tr = tableShape.rank();
    int[] idx = new int[shape.rank()];
    int[] from = new int[tensor(in).shape().rank()];
    int[] at = new int[tr];
    for (int k = 0; k < elements(out); k++) {
      index(shape, k, idx);
      double sum = 0;
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < table.indices().size(); j++) {
          if (table.indices().get(j) != idx[ax]) continue;
          for (int c = tr - 1, rest = j; c >= 0; rest /= tableShape.axes().get(c).extent(), c--) {
            at[c] = rest % tableShape.axes().get(c).extent();
          }
          from[0] = b;
          for (int c = 0; c < idx.length + tr - 1; c++) {
            from[c + 1] = c < ax ? idx[c] : c < ax + tr ? at[c - ax] : idx[c - tr + 1];
          }
          sum += buf[in][position(in, from)];
        }
      }
      buf[out][k] += (float) sum;
    }
  }

  /** Operands of the map being compiled that are read through their layouts (broadcast or strided). */
  private java.util.Map<String, int[]> gathers = java.util.Map.of();

  /** The index (one per axis, batch first if any) of the {@code k}-th element, row-major, of a tensor of {@code shape}. */
  private void index(Shape shape, int k, int[] idx) {
    int rest = k;
    for (int c = shape.rank() - 1; c >= 0; c--) {
      int e = shape.axes().get(c).isBatch() ? batch : shape.axes().get(c).extent();
      idx[c] = rest % e;
      rest /= e;
    }
  }

  /**
   * The storage position of the element of {@code slot} at {@code idx} (one index per axis, batch
   * first if any). A tensor without a batch axis read at the index of a batched one (a parameter
   * operand of a product, the same for every sample) takes the index's last axes.
   */
  private int position(int slot, int[] idx) {
    Layout l = layout(slot);
    boolean batched = tensor(slot).shape().hasBatch();
    int lead = idx.length - l.strides().length;
    int p = l.offset() + (batched ? idx[0] * l.batchStride() : 0);
    for (int c = 0; c < l.strides().length; c++) p += idx[c + lead] * l.strides()[c];
    return p;
  }

  /**
   * A reduction (with {@code dx < 0}) or its adjoint, line by line: each line of {@code in} along
   * the axis is copied out by its elements' positions, computed, and the results stored back.
   */
  private void reduce(TOp.Reduce r, int in, int y, int dx, int out) {
    Shape shape = tensor(in).shape();
    int a = shape.indexOf(r.axis());
    int n = shape.axes().get(a).extent();
    float[] line = new float[n];
    float[] res = new float[n];
    float[] grad = new float[n];
    int[] idx = new int[shape.rank()];
    int rows = shape.hasBatch() ? batch : 1;
    int count = rows * shape.perSample() / n;
    for (int l = 0; l < count; l++) {
      // The l-th setting, row-major, of every index but the axis's.
      int rest = l;
      for (int c = shape.rank() - 1; c >= 0; c--) {
        if (c == a) continue;
        int e = shape.axes().get(c).isBatch() ? batch : shape.axes().get(c).extent();
        idx[c] = rest % e;
        rest /= e;
      }
      int[] at = new int[n];
      for (int i = 0; i < n; i++) {
        idx[a] = i;
        at[i] = position(in, idx);
        line[i] = buf[in][at[i]];
      }
      boolean keeps = r.kind().keepsShape();
      if (dx < 0) {
        ReduceKernels.forward(r, relaxed, line, 0, 1, n, res, 0, 1);
        for (int i = 0; i < (keeps ? n : 1); i++) {
          idx[a] = i;
          buf[out][position(out, idx)] = res[i];
        }
      } else {
        for (int i = 0; i < (keeps ? n : 1); i++) {
          idx[a] = i;
          grad[i] = buf[y][position(y, idx)];
        }
        ReduceKernels.backward(r, line, 0, 1, n, grad, 0, 1, res, 0, 1);
        for (int i = 0; i < n; i++) {
          idx[a] = i;
          buf[out][position(out, idx)] = res[i];
        }
      }
    }
  }

  private Scalar scalar(TExpr e) {
    return e.accept(new TExpr.Visitor<Scalar>() {
      @Override
      public Scalar visit(TExpr.Ref r) {
        int s = slot(r.tensor());
        Tensor t = tensor(s);
        if (t.isParam()) throw new IllegalArgumentException("a map reads parameter " + r.tensor());
        int[] at = gathers.get(r.tensor());
        if (at != null) {
          int n = at.length;
          int bs = layout(s).batchStride();
          return k -> buf[s][k / n * bs + at[k % n]];
        }
        return k -> buf[s][k];
      }

      @Override
      public Scalar visit(TExpr.Lit l) {
        float v = (float) l.value();
        return k -> v;
      }

      @Override
      public Scalar visit(TExpr.Bin b) {
        Scalar x = scalar(b.left());
        Scalar y = scalar(b.right());
        switch (b.op()) {
          case ADD:
            return k -> x.at(k) + y.at(k);
          case SUB:
            return k -> x.at(k) - y.at(k);
          case MUL:
            return k -> x.at(k) * y.at(k);
          default:
            return k -> x.at(k) / y.at(k);
        }
      }

      @Override
      public Scalar visit(TExpr.Neg n) {
        Scalar x = scalar(n.operand());
        return k -> -x.at(k);
      }

      @Override
      public Scalar visit(TExpr.Step s) {
        Scalar m = scalar(s.margin());
        if (relaxed) {
          TExpr.Surrogate sg = s.surrogate();
          float p = (float) sg.parameter();
          switch (sg.kind()) {
            case "atan":
              return k -> 0.5f + (float) (Math.atan(Math.PI / 2 * p * m.at(k)) / Math.PI);
            case "fast_sigmoid":
              return k -> 0.5f + m.at(k) / (1f + p * Math.abs(m.at(k)));
            case "straight_through":
              return m;
            default:
              throw new IllegalArgumentException("no smooth primitive for surrogate " + sg.kind());
          }
        }
        return s.strict() ? k -> m.at(k) > 0f ? 1f : 0f : k -> m.at(k) >= 0f ? 1f : 0f;
      }

      @Override
      public Scalar visit(TExpr.Select s) {
        Scalar c = scalar(s.cond());
        Scalar a = scalar(s.then());
        Scalar o = scalar(s.otherwise());
        if (relaxed) return k -> o.at(k) + c.at(k) * (a.at(k) - o.at(k));
        return k -> c.at(k) != 0f ? a.at(k) : o.at(k);
      }

      @Override
      public Scalar visit(TExpr.Detach d) {
        return scalar(d.operand());
      }

      @Override
      public Scalar visit(TExpr.SurrogateGrad g) {
        Scalar m = scalar(g.margin());
        TExpr.Surrogate sg = g.surrogate();
        return k -> sg.derivative(m.at(k));
      }

      @Override
      public Scalar visit(TExpr.Call c) {
        // In double from the float arguments, rounded once: what MapEmitter's code computes.
        TExpr.Fn fn = c.fn();
        fn.arityProblem(c.args().size()).ifPresent(problem -> {
          throw new IllegalArgumentException(problem);
        });
        Scalar[] a = c.args().stream().map(TensorInterpreter.this::scalar).toArray(Scalar[]::new);
        if (fn.helperArity() == a.length) {
          switch (a.length) {
            case 1:
              return k -> (float) fn.apply(a[0].at(k));
            case 2:
              return k -> (float) fn.apply(a[0].at(k), a[1].at(k));
            default:
              return k -> (float) fn.apply(a[0].at(k), a[1].at(k), a[2].at(k));
          }
        }
        return k -> {
          double[] v = new double[a.length];
          for (int j = 0; j < a.length; j++) v[j] = a[j].at(k);
          return (float) fn.evaluate(v);
        };
      }
    });
  }
}
