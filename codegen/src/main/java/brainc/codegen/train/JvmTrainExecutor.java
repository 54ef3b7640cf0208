package brainc.codegen.train;

import brainc.ir.train.TExpr;
import brainc.ir.train.TOp;
import brainc.ir.train.TrainProgram;
import brainc.runtime.sim.ParallelRanges;
import brainc.runtime.sim.SpikeSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast executor of training programs on the JVM. Each operation is specialised once into a
 * loop nest over primitive arrays that HotSpot vectorises: maps run a whole tensor per
 * expression node (never a tree walk per element); a dense layer with binary input gathers the
 * weight rows of the inputs that spiked (skipping the zero ones), and its weight gradient
 * scatters into those rows; the gradient of a dense layer's input runs over a transposed copy of
 * the weights, refreshed when the parameters change, so every inner loop is a contiguous
 * {@code y += a * x}. Every element is computed with the same float operations in the same order
 * as {@link TrainInterpreter}, so the two agree (up to the sign of zero).
 */
public final class JvmTrainExecutor extends TrainExecutor {
  /** Weights whose transposes the input-gradient loops read, refreshed by {@link #parametersChanged}. */
  private final List<float[][]> transposes = new ArrayList<>();
  private final List<int[]> transposeOf = new ArrayList<>();

  private final ParallelRanges ranges;
  private static final SpikeSet[] NO_SETS = new SpikeSet[0];

  public JvmTrainExecutor(TrainProgram program, ParamStore params, int maxBatch, long seed) {
    this(program, params, maxBatch, seed, 1);
  }

  /**
   * With {@code threads > 1}, each operation's blocks (of outputs, inputs, elements or samples)
   * are shared out among that many threads; every element is still computed by one thread in
   * the sequential order, so the results do not depend on the thread count.
   */
  public JvmTrainExecutor(TrainProgram program, ParamStore params, int maxBatch, long seed, int threads) {
    super(program, params, maxBatch, seed);
    this.ranges = threads > 1 ? new ParallelRanges(threads, 1) : null;
    compileAll();
    parametersChanged();
  }

  /** A loop over blocks {@code [lo, hi)}. */
  private interface Blocks {
    void run(int lo, int hi);
  }

  /** Runs {@code body} over {@code [0, n)}, split among the threads when there are several. */
  private void parallel(int n, Blocks body) {
    if (ranges == null || n < 2) {
      body.run(0, n);
    } else {
      ranges.run((loop, worker, st, lo, hi, sinks) -> body.run(lo, hi), 0, 0, 0, n, NO_SETS);
    }
  }

  @Override
  public void parametersChanged() {
    for (int k = 0; k < transposes.size(); k++) {
      int w = transposeOf.get(k)[0];
      int nOut = tensor(w).size();
      int nIn = tensor(w).fanIn();
      float[] src = buf[w];
      float[] dst = transposes.get(k)[0];
      for (int i = 0; i < nIn; i++) {
        for (int o = 0; o < nOut; o++) dst[o * nIn + i] = src[i * nOut + o];
      }
    }
  }

  @Override
  protected Runnable compile(TOp op) {
    return op.accept(new TOp.Visitor<Runnable>() {
      @Override
      public Runnable visit(TOp.Encode e) {
        int out = slot(e.out());
        return () -> parallel(batch, (lo, hi) -> encode(e, buf[out], lo, hi));
      }

      @Override
      public Runnable visit(TOp.Dense d) {
        int out = slot(d.out());
        int in = slot(d.in());
        int w = slot(d.weight());
        int bias = d.bias().map(JvmTrainExecutor.this::slot).orElse(-1);
        int nOut = tensor(w).size();
        int nIn = tensor(w).fanIn();
        boolean binary = d.binaryInput();
        int[] count = new int[maxBatch];
        int[] active = new int[maxBatch * nIn];
        return () -> {
          float[] x = buf[in];
          float[] wt = buf[w];
          float[] y = buf[out];
          nonZeros(x, batch, nIn, active, count);
          // Blocks of outputs, so that the block of weight rows stays in cache for the whole batch;
          // each element still sums its inputs in ascending order, as the interpreter does.
          parallel((nOut + BLOCK - 1) / BLOCK, (blo, bhi) -> {
          for (int o0 = blo * BLOCK; o0 < Math.min(nOut, bhi * BLOCK); o0 += BLOCK) {
            int o1 = Math.min(nOut, o0 + BLOCK);
            for (int b = 0; b < batch; b++) {
              int yo = b * nOut;
              if (bias >= 0) System.arraycopy(buf[bias], o0, y, yo + o0, o1 - o0);
              else Arrays.fill(y, yo + o0, yo + o1, 0f);
              int xo = b * nIn;
              for (int k = 0; k < count[b]; k++) {
                int i = active[xo + k];
                int wo = i * nOut;
                if (binary) {
                  for (int o = o0; o < o1; o++) y[yo + o] += wt[wo + o];
                } else {
                  float v = x[xo + i];
                  for (int o = o0; o < o1; o++) y[yo + o] += v * wt[wo + o];
                }
              }
            }
          }
          });
        };
      }

      @Override
      public Runnable visit(TOp.Map m) {
        int out = slot(m.out());
        int n = tensor(out).size();
        Vec f = vec(m.expr(), n);
        int chunk = 8192;
        return () -> {
          float[] y = buf[out];
          int total = batch * n;
          parallel((total + chunk - 1) / chunk, (clo, chi) -> {
            int lo = clo * chunk;
            int hi = Math.min(total, chi * chunk);
            float[] r = f.eval(lo, hi, y);
            if (r != y) System.arraycopy(r, lo, y, lo, hi - lo);
          });
        };
      }

      @Override
      public Runnable visit(TOp.DenseInputGrad g) {
        int out = slot(g.out());
        int gr = slot(g.grad());
        int w = slot(g.weight());
        int nOut = tensor(w).size();
        int nIn = tensor(w).fanIn();
        float[][] holder = {new float[nOut * nIn]};
        transposes.add(holder);
        transposeOf.add(new int[] {w});
        return () -> {
          float[] gy = buf[gr];
          float[] wt = holder[0]; // [out, in]
          float[] gx = buf[out];
          // Blocks of inputs, so that the block of transposed weight rows stays in cache for the
          // whole batch; every element still sums over o in ascending order, as the interpreter does.
          parallel((nIn + BLOCK - 1) / BLOCK, (blo, bhi) -> {
          for (int i0 = blo * BLOCK; i0 < Math.min(nIn, bhi * BLOCK); i0 += BLOCK) {
            int i1 = Math.min(nIn, i0 + BLOCK);
            for (int b = 0; b < batch; b++) {
              int xo = b * nIn;
              Arrays.fill(gx, xo + i0, xo + i1, 0f);
              int go = b * nOut;
              for (int o = 0; o < nOut; o++) {
                float a = gy[go + o];
                if (a == 0f) continue;
                int wo = o * nIn;
                for (int i = i0; i < i1; i++) gx[xo + i] += a * wt[wo + i];
              }
            }
          }
          });
        };
      }

      @Override
      public Runnable visit(TOp.DenseParamGrad g) {
        int dw = slot(g.weightGrad());
        int db = g.biasGrad().map(JvmTrainExecutor.this::slot).orElse(-1);
        int in = slot(g.in());
        int gr = slot(g.grad());
        int nOut = tensor(dw).size();
        int nIn = tensor(dw).fanIn();
        boolean binary = g.binaryInput();
        int[] count = new int[maxBatch];
        int[] active = new int[maxBatch * nIn];
        return () -> {
          float[] x = buf[in];
          float[] gy = buf[gr];
          float[] gw = buf[dw];
          nonZeros(x, batch, nIn, active, count);
          // Blocks of outputs: the block of gradient rows stays in cache while the batch scatters
          // into it; each element still adds its samples in ascending order.
          parallel((nOut + BLOCK - 1) / BLOCK, (blo, bhi) -> {
          for (int o0 = blo * BLOCK; o0 < Math.min(nOut, bhi * BLOCK); o0 += BLOCK) {
            int o1 = Math.min(nOut, o0 + BLOCK);
            for (int b = 0; b < batch; b++) {
              int go = b * nOut;
              int xo = b * nIn;
              for (int k = 0; k < count[b]; k++) {
                int i = active[xo + k];
                int wo = i * nOut;
                if (binary) {
                  for (int o = o0; o < o1; o++) gw[wo + o] += gy[go + o];
                } else {
                  float v = x[xo + i];
                  for (int o = o0; o < o1; o++) gw[wo + o] += v * gy[go + o];
                }
              }
            }
          }
          });
          if (db >= 0) {
            float[] gb = buf[db];
            for (int b = 0; b < batch; b++) {
              int go = b * nOut;
              for (int o = 0; o < nOut; o++) gb[o] += gy[go + o];
            }
          }
        };
      }
    });
  }

  /** Columns of a block of outputs or inputs: 64 floats, a few cache lines per row. */
  private static final int BLOCK = 64;

  /** The indices of the non-zero inputs of each sample: {@code active[b * n ...]}, {@code count[b]} of them. */
  private static void nonZeros(float[] x, int batch, int n, int[] active, int[] count) {
    for (int b = 0; b < batch; b++) {
      int c = 0;
      int xo = b * n;
      for (int i = 0; i < n; i++) {
        if (x[xo + i] != 0f) active[xo + c++] = i;
      }
      count[b] = c;
    }
  }

  /** An expression evaluated for elements {@code [lo, hi)} of a tensor at once, into {@code dst} or its own scratch. */
  private interface Vec {
    float[] eval(int lo, int hi, float[] dst);
  }

  private Vec vec(TExpr e, int size) {
    return e.accept(new TExpr.Visitor<Vec>() {
      @Override
      public Vec visit(TExpr.Ref r) {
        int s = slot(r.tensor());
        return (lo, hi, dst) -> buf[s];
      }

      @Override
      public Vec visit(TExpr.Lit l) {
        float v = (float) l.value();
        float[] scratch = new float[maxBatch * size];
        return (lo, hi, dst) -> {
          float[] y = dst != null ? dst : scratch;
          Arrays.fill(y, lo, hi, v);
          return y;
        };
      }

      @Override
      public Vec visit(TExpr.Bin b) {
        float[] scratch = new float[maxBatch * size];
        TExpr.Op op = b.op();
        if (b.right() instanceof TExpr.Lit c) {
          Vec x = vec(b.left(), size);
          float k = (float) c.value();
          return (lo, hi, dst) -> {
            float[] a = x.eval(lo, hi, null);
            float[] y = dst != null ? dst : scratch;
            switch (op) {
              case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + k; }
              case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - k; }
              case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * k; }
              default -> { for (int i = lo; i < hi; i++) y[i] = a[i] / k; }
            }
            return y;
          };
        }
        if (b.left() instanceof TExpr.Lit c) {
          Vec x = vec(b.right(), size);
          float k = (float) c.value();
          return (lo, hi, dst) -> {
            float[] a = x.eval(lo, hi, null);
            float[] y = dst != null ? dst : scratch;
            switch (op) {
              case ADD -> { for (int i = lo; i < hi; i++) y[i] = k + a[i]; }
              case SUB -> { for (int i = lo; i < hi; i++) y[i] = k - a[i]; }
              case MUL -> { for (int i = lo; i < hi; i++) y[i] = k * a[i]; }
              default -> { for (int i = lo; i < hi; i++) y[i] = k / a[i]; }
            }
            return y;
          };
        }
        Vec x = vec(b.left(), size);
        Vec z = vec(b.right(), size);
        return (lo, hi, dst) -> {
          float[] a = x.eval(lo, hi, null);
          float[] c = z.eval(lo, hi, null);
          float[] y = dst != null && dst != a && dst != c ? dst : scratch;
          switch (op) {
            case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + c[i]; }
            case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - c[i]; }
            case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * c[i]; }
            default -> { for (int i = lo; i < hi; i++) y[i] = a[i] / c[i]; }
          }
          return y;
        };
      }

      @Override
      public Vec visit(TExpr.Neg ng) {
        Vec x = vec(ng.operand(), size);
        float[] scratch = new float[maxBatch * size];
        return (lo, hi, dst) -> {
          float[] a = x.eval(lo, hi, null);
          float[] y = dst != null && dst != a ? dst : scratch;
          for (int i = lo; i < hi; i++) y[i] = -a[i];
          return y;
        };
      }

      @Override
      public Vec visit(TExpr.Step s) {
        Vec m = vec(s.margin(), size);
        float[] scratch = new float[maxBatch * size];
        boolean strict = s.strict();
        return (lo, hi, dst) -> {
          float[] a = m.eval(lo, hi, null);
          float[] y = dst != null && dst != a ? dst : scratch;
          if (strict) {
            for (int i = lo; i < hi; i++) y[i] = a[i] > 0f ? 1f : 0f;
          } else {
            for (int i = lo; i < hi; i++) y[i] = a[i] >= 0f ? 1f : 0f;
          }
          return y;
        };
      }

      @Override
      public Vec visit(TExpr.Select s) {
        Vec c = vec(s.cond(), size);
        Vec a = vec(s.then(), size);
        Vec o = vec(s.otherwise(), size);
        float[] scratch = new float[maxBatch * size];
        return (lo, hi, dst) -> {
          float[] cv = c.eval(lo, hi, null);
          float[] av = a.eval(lo, hi, null);
          float[] ov = o.eval(lo, hi, null);
          float[] y = dst != null && dst != cv && dst != av && dst != ov ? dst : scratch;
          for (int i = lo; i < hi; i++) y[i] = cv[i] != 0f ? av[i] : ov[i];
          return y;
        };
      }

      @Override
      public Vec visit(TExpr.Detach d) {
        return vec(d.operand(), size);
      }

      @Override
      public Vec visit(TExpr.SurrogateGrad g) {
        Vec m = vec(g.margin(), size);
        float[] scratch = new float[maxBatch * size];
        TExpr.Surrogate sg = g.surrogate();
        if (sg.kind().equals("atan")) {
          float p = (float) sg.parameter();
          float scale = (float) (Math.PI / 2) * p;
          float half = p / 2f;
          return (lo, hi, dst) -> {
            float[] a = m.eval(lo, hi, null);
            float[] y = dst != null && dst != a ? dst : scratch;
            for (int i = lo; i < hi; i++) {
              float z = scale * a[i];
              y[i] = half / (1f + z * z);
            }
            return y;
          };
        }
        return (lo, hi, dst) -> {
          float[] a = m.eval(lo, hi, null);
          float[] y = dst != null && dst != a ? dst : scratch;
          for (int i = lo; i < hi; i++) y[i] = sg.derivative(a[i]);
          return y;
        };
      }
    });
  }
}
