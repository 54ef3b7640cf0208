package brainc.codegen.tensor;

import brainc.ir.tensor.Shape;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast executor of training programs on the JVM: every operation runs as bytecode generated
 * for it. Each elementwise map is one fused pass ({@link MapEmitter}); each dense layer has
 * kernels specialised to its shape ({@link DenseEmitter}): a layer with binary input gathers
 * the weight rows of the inputs that spiked (skipping the zero ones), and its weight gradient
 * scatters into those rows; the gradient of a dense layer's input runs over a transposed copy of
 * the weights, refreshed when the parameters change, so every inner loop is a contiguous
 * {@code y += a * x} that HotSpot vectorises. Every element is computed with the same float
 * operations in the same order as {@link TensorInterpreter}, so the two agree (up to the sign of
 * zero). With {@code --vector}, the dense layers run on {@link VectorKernels} instead.
 */
public final class JvmTensorExecutor extends TensorExecutor {
  /** Weights whose transposes the input-gradient loops read, refreshed by {@link #parametersChanged}. */
  private final List<float[][]> transposes = new ArrayList<>();
  private final List<int[]> transposeOf = new ArrayList<>();

  private final boolean vector;

  public JvmTensorExecutor(TensorProgram program, ParamStore params, int maxBatch, long seed) {
    this(program, params, maxBatch, seed, false);
  }

  /**
   * With {@code vector}, dense layers' input gradients, gathers and scatters run on the JDK's Vector API
   * ({@link VectorKernels}; the JVM must have {@code --add-modules jdk.incubator.vector}).
   */
  public JvmTensorExecutor(TensorProgram program, ParamStore params, int maxBatch, long seed, boolean vector) {
    super(program, params, maxBatch, seed);
    if (vector && !vectorAvailable()) {
      throw new IllegalArgumentException("the Vector API is not enabled: start the JVM with --add-modules jdk.incubator.vector"
          + " (bin/brainc does for --vector)");
    }
    this.vector = vector;
    compileAll();
    parametersChanged();
  }

  /** Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}); loads no class that needs it. */
  public static boolean vectorAvailable() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
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
        if (!allStepsAtOnce(e.out())) return () -> encode(e, buf[out]);
        // The encoded input does not depend on the network: at step 0, encode every step (for the
        // dense layer that reads it to gather all steps at once), then hand out one step at a time.
        int n = tensor(out).size();
        int steps = program.steps();
        float[][] xs = new float[steps][maxBatch * n];
        encodedSteps.put(out, xs);
        return () -> {
          if (step == 0) encodeSteps(e, xs);
          System.arraycopy(xs[step], 0, buf[out], 0, batch * n);
        };
      }

      @Override
      public Runnable visit(TOp.Dense d) {
        int out = slot(d.out());
        int in = slot(d.in());
        int w = slot(d.weight());
        int bias = d.bias().map(JvmTensorExecutor.this::slot).orElse(-1);
        int nOut = tensor(w).size();
        int nIn = tensor(w).fanIn();
        boolean binary = d.binaryInput();
        if (vector && binary && encodedSteps.containsKey(in)) return denseAllSteps(d, out, in, w, bias, nIn, nOut);
        int[] count = new int[maxBatch];
        int[] active = new int[maxBatch * nIn];
        DenseEmitter.DenseKernel kernel = kernel(new DenseEmitter.Shape(nIn, nOut, maxBatch, binary, bias >= 0));
        return () -> {
          float[] x = buf[in];
          nonZeros(x, batch, nIn, active, count);
          kernel.forward(x, buf[w], bias >= 0 ? buf[bias] : null, buf[out], active, count, batch);
        };
      }

      @Override
      public Runnable visit(TOp.Map m) {
        // The map's expression comes from the model (or from differentiate): it is compiled to
        // its own bytecode, one pass over the elements.
        int out = slot(m.out());
        int n = tensor(out).size();
        java.util.Map<String, int[]> gathers = gathers(m);
        if (!gathers.isEmpty()) return broadcastMap(m, out, gathers);
        MapEmitter.MapKernel kernel = MapEmitter.compile(m, JvmTensorExecutor.this::slot);
        if (!tensor(out).shape().hasBatch()) return () -> kernel.eval(buf, 0, n);
        return () -> kernel.eval(buf, 0, batch * n);
      }

      @Override
      public Runnable visit(TOp.Reduce r) {
        int in = slot(r.in());
        int out = slot(r.out());
        Shape shape = tensor(in).shape();
        int a = innerAxis(shape, r.axis());
        int n = shape.inner().get(a).extent();
        int[][] lines = ReduceKernels.lines(shape, layout(in), a, r.kind().keepsShape() ? n : 1);
        int[] xb = lines[0];
        int[] yb = lines[1];
        int xs = lines[2][0];
        int ys = lines[2][1];
        int xBatch = layout(in).batchStride();
        int yBatch = tensor(out).shape().perSample();
        boolean batched = shape.hasBatch();
        return () -> {
          float[] x = buf[in];
          float[] y = buf[out];
          int rows = batched ? batch : 1;
          for (int b = 0; b < rows; b++) {
            for (int l = 0; l < xb.length; l++) ReduceKernels.forward(r, false, x, b * xBatch + xb[l], xs, n, y, b * yBatch + yb[l], ys);
          }
        };
      }

      @Override
      public Runnable visit(TOp.ReduceGrad g) {
        int in = slot(g.of().in());
        int gr = slot(g.grad());
        int out = slot(g.out());
        Shape shape = tensor(in).shape();
        Shape gShape = tensor(gr).shape();
        int a = innerAxis(shape, g.of().axis());
        int n = shape.inner().get(a).extent();
        int ge = gShape.inner().get(a).extent();
        int[][] xl = ReduceKernels.lines(shape, layout(in), a, n);
        int[][] gl = ReduceKernels.lines(gShape, layout(gr), a, ge);
        int[][] dl = ReduceKernels.lines(shape, layout(out), a, n);
        int xBatch = layout(in).batchStride();
        int gBatch = layout(gr).batchStride();
        int dBatch = layout(out).batchStride();
        boolean batched = shape.hasBatch();
        return () -> {
          float[] x = buf[in];
          float[] gy = buf[gr];
          float[] dx = buf[out];
          int rows = batched ? batch : 1;
          for (int b = 0; b < rows; b++) {
            for (int l = 0; l < xl[0].length; l++) {
              ReduceKernels.backward(g.of(), x, b * xBatch + xl[0][l], xl[2][0], n, gy, b * gBatch + gl[0][l], gl[2][0], dx,
                  b * dBatch + dl[0][l], dl[2][0]);
            }
          }
        };
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
        Shape shape = tensor(in).shape();
        Shape whole = tensor(out).shape();
        int a = innerAxis(shape, pad.axis());
        int n = shape.inner().get(a).extent();
        int[][] xl = ReduceKernels.lines(shape, layout(in), a, n);
        int[][] yl = ReduceKernels.lines(whole, layout(out), a, whole.inner().get(a).extent());
        int xBatch = layout(in).batchStride();
        int yBatch = layout(out).batchStride();
        int xs = xl[2][0];
        int ys = yl[2][0];
        int from = pad.start() * ys;
        boolean batched = shape.hasBatch();
        return () -> {
          float[] x = buf[in];
          float[] y = buf[out];
          Arrays.fill(y, 0, elements(out), 0f);
          int rows = batched ? batch : 1;
          for (int b = 0; b < rows; b++) {
            for (int l = 0; l < xl[0].length; l++) {
              int xo = b * xBatch + xl[0][l];
              int yo = b * yBatch + yl[0][l] + from;
              for (int i = 0; i < n; i++) y[yo + i * ys] = x[xo + i * xs];
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
        int mm = shape.axes().get(r - 2).extent();
        int nn = shape.axes().get(r - 1).extent();
        int ra = tensor(a).shape().rank(); // 2 for a parameter: one matrix for every sample (its batch stride is 0)
        int kk = tensor(a).shape().axes().get(m.transposeA() ? ra - 2 : ra - 1).extent();
        // The strides of the matrices' rows and columns as the product reads them (the last two), and of the axis before them.
        int[] sa = layout(a).strides();
        int[] sb = layout(b).strides();
        int la = sa.length;
        int lb = sb.length;
        int xm = m.transposeA() ? sa[la - 1] : sa[la - 2];
        int xk = m.transposeA() ? sa[la - 2] : sa[la - 1];
        int yk = m.transposeB() ? sb[lb - 1] : sb[lb - 2];
        int yn = m.transposeB() ? sb[lb - 2] : sb[lb - 1];
        int groups = r == 4 ? shape.axes().get(1).extent() : 1;
        int xg = la == 3 ? sa[0] : 0;
        int yg = lb == 3 ? sb[0] : 0;
        int xOff = layout(a).offset();
        int yOff = layout(b).offset();
        int xBatch = layout(a).batchStride();
        int yBatch = layout(b).batchStride();
        int zBatch = shape.perSample();
        return () -> {
          float[] x = buf[a];
          float[] y = buf[b];
          float[] z = buf[out];
          for (int s = 0; s < batch; s++) {
            for (int g = 0; g < groups; g++) {
              ProductKernels.matmul(x, s * xBatch + xOff + g * xg, xm, xk, y, s * yBatch + yOff + g * yg, yk, yn, z,
                  s * zBatch + g * mm * nn, mm, nn, kk);
            }
          }
        };
      }

      @Override
      public Runnable visit(TOp.Dot d) {
        int a = slot(d.a());
        int b = slot(d.b());
        int out = slot(d.out());
        // The batched operand's shape: a parameter operand (no batch axis, batch stride 0) has its other axes.
        Shape shape = tensor(a).shape().hasBatch() ? tensor(a).shape() : tensor(b).shape();
        int ax = innerAxis(shape, d.axis());
        int n = shape.inner().get(ax).extent();
        int[][] xl = ReduceKernels.lines(shape, layout(a), ax, 1);
        int[][] yl = ReduceKernels.lines(shape, layout(b), ax, 1);
        int xBatch = layout(a).batchStride();
        int yBatch = layout(b).batchStride();
        int zBatch = tensor(out).shape().perSample();
        int xs = xl[2][0];
        int ys = yl[2][0];
        boolean batched = shape.hasBatch();
        return () -> {
          float[] x = buf[a];
          float[] y = buf[b];
          float[] z = buf[out];
          int rows = batched ? batch : 1;
          for (int s = 0; s < rows; s++) {
            for (int l = 0; l < xl[0].length; l++) {
              z[s * zBatch + xl[1][l]] = ProductKernels.dot(x, s * xBatch + xl[0][l], xs, y, s * yBatch + yl[0][l], ys, n);
            }
          }
        };
      }

      @Override
      public Runnable visit(TOp.Gather g) {
        int in = slot(g.in());
        int out = slot(g.out());
        Shape shape = tensor(in).shape();
        int[] src = TableKernels.gatherSources(shape, layout(in), innerAxis(shape, g.axis()),
            program.table(g.table()).orElseThrow(), tensor(out).shape());
        int xBatch = layout(in).batchStride(); // 0 for a parameter: every sample picks from it
        int yBatch = src.length;
        boolean batched = tensor(out).shape().hasBatch();
        return () -> {
          float[] x = buf[in];
          float[] y = buf[out];
          int rows = batched ? batch : 1;
          for (int s = 0; s < rows; s++) TableKernels.gather(x, s * xBatch, src, y, s * yBatch);
        };
      }

      @Override
      public Runnable visit(TOp.ScatterAdd sc) {
        int in = slot(sc.in());
        int out = slot(sc.out());
        Shape shape = tensor(out).shape();
        int[][] plan = TableKernels.scatterSources(tensor(in).shape(), layout(in), innerAxis(shape, sc.axis()),
            program.table(sc.table()).orElseThrow(), shape);
        int xBatch = layout(in).batchStride();
        int yBatch = shape.perSample();
        boolean batched = shape.hasBatch();
        if (tensor(out).role() == Tensor.Role.PARAM_GRAD) {
          return () -> TableKernels.scatterAddOverBatch(buf[in], xBatch, batch, plan[0], plan[1], buf[out]);
        }
        return () -> {
          float[] x = buf[in];
          float[] y = buf[out];
          int rows = batched ? batch : 1;
          for (int s = 0; s < rows; s++) TableKernels.scatterAdd(x, s * xBatch, plan[0], plan[1], y, s * yBatch);
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
        DenseEmitter.DenseKernel kernel = kernel(new DenseEmitter.Shape(nIn, nOut, maxBatch, false, false));
        return () -> kernel.inputGrad(buf[gr], holder[0], buf[out], batch); // holder[0] is [out, in]
      }

      @Override
      public Runnable visit(TOp.DenseParamGrad g) {
        int dw = slot(g.weightGrad());
        int db = g.biasGrad().map(JvmTensorExecutor.this::slot).orElse(-1);
        int in = slot(g.in());
        int gr = slot(g.grad());
        int nOut = tensor(dw).size();
        int nIn = tensor(dw).fanIn();
        boolean binary = g.binaryInput();
        int[] count = new int[nIn];
        int[] samples = new int[maxBatch * nIn];
        DenseEmitter.DenseKernel kernel = kernel(new DenseEmitter.Shape(nIn, nOut, maxBatch, binary, db >= 0));
        return () -> {
          float[] x = buf[in];
          samplesOf(x, batch, nIn, samples, count);
          kernel.paramGrad(x, buf[gr], buf[dw], db >= 0 ? buf[db] : null, samples, count, batch);
        };
      }
    });
  }

  /** The position of axis {@code name} among {@code shape}'s axes other than the batch. */
  private static int innerAxis(Shape shape, String name) {
    return shape.indexOf(name) - (shape.hasBatch() ? 1 : 0);
  }

  /**
   * A map with broadcast or strided operands: each such operand is first gathered into a
   * contiguous buffer of the output's shape, then the map's generated kernel runs as for any other.
   */
  private Runnable broadcastMap(TOp.Map m, int out, java.util.Map<String, int[]> gathers) {
    List<String> refs = brainc.ir.tensor.TensorVerifier.refs(m.expr());
    java.util.Map<String, Integer> local = new java.util.HashMap<>();
    local.put(m.out(), 0);
    for (String r : refs) local.put(r, local.size());
    MapEmitter.MapKernel kernel = MapEmitter.compile(m, local::get);
    int n = tensor(out).shape().perSample();
    boolean batched = tensor(out).shape().hasBatch();
    int[] src = refs.stream().mapToInt(JvmTensorExecutor.this::slot).toArray();
    int[][] at = refs.stream().map(gathers::get).toArray(int[][]::new);
    int[] srcBatch = Arrays.stream(src).map(s -> layout(s).batchStride()).toArray();
    float[][] scratch = new float[src.length][];
    for (int k = 0; k < src.length; k++) if (at[k] != null) scratch[k] = new float[(batched ? maxBatch : 1) * n];
    float[][] arrays = new float[src.length + 1][];
    return () -> {
      int rows = batched ? batch : 1;
      arrays[0] = buf[out];
      for (int k = 0; k < src.length; k++) {
        float[] x = buf[src[k]];
        if (at[k] == null) {
          arrays[k + 1] = x;
          continue;
        }
        float[] g = scratch[k];
        int[] idx = at[k];
        for (int b = 0; b < rows; b++) {
          int xo = b * srcBatch[k];
          for (int j = 0; j < n; j++) g[b * n + j] = x[xo + idx[j]];
        }
        arrays[k + 1] = g;
      }
      kernel.eval(arrays, 0, rows * n);
    };
  }

  /** A dense layer's kernels: generated for its shape, on the Vector API where asked. */
  private DenseEmitter.DenseKernel kernel(DenseEmitter.Shape s) {
    return vector ? VectorKernels.dense(s) : DenseEmitter.compile(s);
  }

  /** Encoded inputs of all steps, by slot, for {@link #denseAllSteps}. */
  private final java.util.Map<Integer, float[][]> encodedSteps = new java.util.HashMap<>();

  /**
   * Whether the forward dense layer reading the encoded tensor {@code name} computes all steps at
   * step 0 ({@link VectorKernels#gatherSteps}): with the Vector API, for a layer with binary input.
   */
  private boolean allStepsAtOnce(String name) {
    return vector && program.forward().stream().anyMatch(op -> op instanceof TOp.Dense d && d.binaryInput() && d.in().equals(name));
  }

  /**
   * A dense layer fed by an encoded input (which does not depend on the network state): at step 0
   * its outputs for every step are gathered in one pass that loads each weight row once per five
   * steps in which its input spikes ({@link VectorKernels#gatherSteps}); each step then copies out its own.
   */
  private Runnable denseAllSteps(TOp.Dense d, int out, int in, int w, int bias, int nIn, int nOut) {
    int steps = program.steps();
    int g = VectorKernels.STEP_GROUP;
    int groups = (steps + g - 1) / g;
    float[][] xs = encodedSteps.get(in);
    float[][] ys = new float[groups * g][];
    for (int t = 0; t < ys.length; t++) ys[t] = new float[maxBatch * nOut];
    float[] xg = new float[maxBatch * groups * nIn * g];
    int[] idx = new int[maxBatch * groups * nIn];
    int[] cnt = new int[maxBatch * groups];
    return () -> {
      if (step == 0) {
        spikingInputs(xs, steps, groups, nIn, batch, idx, cnt, xg);
        float[] wt = buf[w];
        float[] bv = bias >= 0 ? buf[bias] : null;
        VectorKernels.gatherSteps(xg, idx, cnt, groups, wt, bv, ys, batch, nIn, nOut);
      }
      System.arraycopy(ys[step], 0, buf[out], 0, batch * nOut);
    };
  }

  /**
   * For each sample {@code b} and group {@code g} of {@link VectorKernels#STEP_GROUP} steps (list
   * {@code l = b * groups + g}): the inputs that spike in any step of the group ({@code idx[l * nIn
   * ...]}, ascending, {@code cnt[l]} of them), and for the {@code k}-th of them its value at each
   * step of the group in {@code xg[(l * nIn + k) * STEP_GROUP ...]} (zero past {@code steps}).
   */
  static void spikingInputs(float[][] xs, int steps, int groups, int nIn, int batch, int[] idx, int[] cnt,
      float[] xg) {
    int g = VectorKernels.STEP_GROUP;
    for (int b = 0; b < batch; b++) {
      int ib = b * nIn;
      for (int q = 0; q < groups; q++) {
        int l = b * groups + q;
        int t0 = q * g;
        int t1 = Math.min(steps, t0 + g);
        int c = 0;
        for (int i = 0; i < nIn; i++) {
          boolean any = false;
          for (int t = t0; t < t1; t++) any |= xs[t][ib + i] != 0f;
          if (!any) continue;
          int row = (l * nIn + c) * g;
          for (int t = t0; t < t0 + g; t++) xg[row + t - t0] = t < t1 ? xs[t][ib + i] : 0f;
          idx[l * nIn + c++] = i;
        }
        cnt[l] = c;
      }
    }
  }

  /** For each input {@code i}, the samples in which it is non-zero, ascending: {@code samples[i * stride ...]}. */
  private static void samplesOf(float[] x, int batch, int nIn, int[] samples, int[] count) {
    int stride = samples.length / nIn;
    Arrays.fill(count, 0);
    for (int b = 0; b < batch; b++) {
      int xo = b * nIn;
      for (int i = 0; i < nIn; i++) {
        // Without a branch (spikes are unpredictable): b is written past the list's end when the
        // input is zero, where the next sample overwrites it (at most the row's b-th slot: in the row).
        samples[i * stride + count[i]] = b;
        count[i] += x[xo + i] != 0f ? 1 : 0;
      }
    }
  }


  /** The indices of the non-zero inputs of each sample: {@code active[b * n ...]}, {@code count[b]} of them. */
  private static void nonZeros(float[] x, int batch, int n, int[] active, int[] count) {
    for (int b = 0; b < batch; b++) {
      int c = 0;
      int xo = b * n;
      for (int i = 0; i < n; i++) { // without a branch, as samplesOf: i is written past the list's end when x is zero
        active[xo + c] = i;
        c += x[xo + i] != 0f ? 1 : 0;
      }
      count[b] = c;
    }
  }
}
