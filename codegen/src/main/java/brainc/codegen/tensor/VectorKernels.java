package brainc.codegen.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense-layer kernels on the JDK's incubating Vector API, with accumulators in registers: the
 * input gradient (four samples × four vectors, fused multiply-adds over every output in
 * ascending order), and the gather and scatter of layers with binary input (plain adds in the
 * sequential order, so those agree with the interpreter bit for bit). Loaded only when {@code brainc train --vector} asks for it, in a JVM started
 * with {@code --add-modules jdk.incubator.vector}. Fused multiply-adds round once where the
 * scalar loop rounds twice, so input gradients differ from the interpreter's in the last bits.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int W = 8;

  private VectorKernels() {}

  /** Columns per block of outputs or inputs: the generated kernels' blocking, for the same cache reasons. */
  private static final int BLOCK = DenseEmitter.BLOCK;

  /** The kernels of a dense layer of shape {@code s} on the Vector API. */
  static DenseEmitter.DenseKernel dense(DenseEmitter.Shape s) {
    int nIn = s.nIn();
    int nOut = s.nOut();
    return new DenseEmitter.DenseKernel() {
      @Override
      public void forward(float[] x, float[] w, float[] bias, float[] y, int[] active, int[] count, int batch) {
        for (int o0 = 0; o0 < nOut; o0 += BLOCK) {
          int o1 = Math.min(nOut, o0 + BLOCK);
          if (s.binary()) gatherBlock(w, y, bias, active, count, batch, nIn, nOut, o0, o1);
          else productBlock(x, w, y, bias, active, count, batch, nIn, nOut, o0, o1);
        }
      }

      @Override
      public void inputGrad(float[] gy, float[] wt, float[] gx, int batch) {
        for (int i0 = 0; i0 < nIn; i0 += BLOCK) inputGradBlock(gy, wt, gx, batch, nIn, nOut, i0, Math.min(nIn, i0 + BLOCK));
      }

      @Override
      public void paramGrad(float[] x, float[] gy, float[] gw, float[] gb, int[] samples, int[] count, int batch) {
        for (int o0 = 0; o0 < nOut; o0 += BLOCK) {
          int o1 = Math.min(nOut, o0 + BLOCK);
          if (s.binary()) scatterBlock(gy, gw, samples, count, nIn, nOut, o0, o1);
          else scaledScatterBlock(x, gy, gw, samples, count, nIn, nOut, o0, o1);
        }
        if (gb == null) return;
        for (int b = 0; b < batch; b++) {
          for (int o = 0; o < nOut; o++) gb[o] += gy[b * nOut + o];
        }
      }
    };
  }

  /** {@link #gatherStepsBlock} over every block of outputs. */
  static void gatherSteps(float[] xs, int[] idx, int[] cnt, int groups, float[] wt, float[] bias, float[][] ys, int batch,
      int nIn, int nOut) {
    for (int o0 = 0; o0 < nOut; o0 += BLOCK) gatherStepsBlock(xs, idx, cnt, groups, wt, bias, ys, batch, nIn, nOut, o0, Math.min(nOut, o0 + BLOCK));
  }

  /**
   * {@code gx[b, i0:i1] = sum_o gy[b, o] * wt[o, i0:i1]}, with {@code wt} as {@code [out, in]}:
   * four samples at a time, over strips of 32 inputs (sixteen accumulators, which the 32 vector
   * registers of AVX-512 hold with room for the weights), then of 16, then one by one. Every
   * element is the same chain of fused multiply-adds in ascending {@code o} whatever strip it
   * falls in, so the blocking does not change a bit.
   */
  private static void inputGradBlock(float[] gy, float[] wt, float[] gx, int batch, int nIn, int nOut, int i0, int i1) {
    int b = 0;
    for (; b + 4 <= batch; b += 4) {
      int i = i0;
      for (; i + 4 * W <= i1; i += 4 * W) inputGradStrip4(gy, wt, gx, b, i, nIn, nOut);
      for (; i + 2 * W <= i1; i += 2 * W) inputGradStrip2(gy, wt, gx, b, i, nIn, nOut);
      for (int r = b; r < b + 4; r++) scalar(gy, wt, gx, r, nIn, nOut, i, i1);
    }
    for (; b < batch; b++) scalar(gy, wt, gx, b, nIn, nOut, i0, i1);
  }

  /** Inputs {@code [i, i + 32)} of samples {@code [b, b + 4)} of {@link #inputGradBlock}. */
  private static void inputGradStrip4(float[] gy, float[] wt, float[] gx, int b, int i, int nIn, int nOut) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    int g0 = b * nOut;
    int g1 = g0 + nOut;
    int g2 = g1 + nOut;
    int g3 = g2 + nOut;
    for (int o = 0; o < nOut; o++) {
      int wo = o * nIn + i;
      FloatVector w0 = FloatVector.fromArray(S, wt, wo);
      FloatVector w1 = FloatVector.fromArray(S, wt, wo + W);
      FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * W);
      FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * W);
      FloatVector a = FloatVector.broadcast(S, gy[g0 + o]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      c02 = w2.fma(a, c02);
      c03 = w3.fma(a, c03);
      a = FloatVector.broadcast(S, gy[g1 + o]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      c12 = w2.fma(a, c12);
      c13 = w3.fma(a, c13);
      a = FloatVector.broadcast(S, gy[g2 + o]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      c22 = w2.fma(a, c22);
      c23 = w3.fma(a, c23);
      a = FloatVector.broadcast(S, gy[g3 + o]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
      c32 = w2.fma(a, c32);
      c33 = w3.fma(a, c33);
    }
    int x0 = b * nIn + i;
    int x1 = x0 + nIn;
    int x2 = x1 + nIn;
    int x3 = x2 + nIn;
    c00.intoArray(gx, x0);
    c01.intoArray(gx, x0 + W);
    c02.intoArray(gx, x0 + 2 * W);
    c03.intoArray(gx, x0 + 3 * W);
    c10.intoArray(gx, x1);
    c11.intoArray(gx, x1 + W);
    c12.intoArray(gx, x1 + 2 * W);
    c13.intoArray(gx, x1 + 3 * W);
    c20.intoArray(gx, x2);
    c21.intoArray(gx, x2 + W);
    c22.intoArray(gx, x2 + 2 * W);
    c23.intoArray(gx, x2 + 3 * W);
    c30.intoArray(gx, x3);
    c31.intoArray(gx, x3 + W);
    c32.intoArray(gx, x3 + 2 * W);
    c33.intoArray(gx, x3 + 3 * W);
  }

  /** Inputs {@code [i, i + 16)} of samples {@code [b, b + 4)} of {@link #inputGradBlock}. */
  private static void inputGradStrip2(float[] gy, float[] wt, float[] gx, int b, int i, int nIn, int nOut) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    int g0 = b * nOut;
    int g1 = g0 + nOut;
    int g2 = g1 + nOut;
    int g3 = g2 + nOut;
    for (int o = 0; o < nOut; o++) {
      FloatVector w0 = FloatVector.fromArray(S, wt, o * nIn + i);
      FloatVector w1 = FloatVector.fromArray(S, wt, o * nIn + i + W);
      FloatVector a = FloatVector.broadcast(S, gy[g0 + o]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      a = FloatVector.broadcast(S, gy[g1 + o]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      a = FloatVector.broadcast(S, gy[g2 + o]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      a = FloatVector.broadcast(S, gy[g3 + o]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
    }
    c00.intoArray(gx, b * nIn + i);
    c01.intoArray(gx, b * nIn + i + W);
    c10.intoArray(gx, (b + 1) * nIn + i);
    c11.intoArray(gx, (b + 1) * nIn + i + W);
    c20.intoArray(gx, (b + 2) * nIn + i);
    c21.intoArray(gx, (b + 2) * nIn + i + W);
    c30.intoArray(gx, (b + 3) * nIn + i);
    c31.intoArray(gx, (b + 3) * nIn + i + W);
  }

  /**
   * The gather of a dense layer with binary input, for outputs {@code [o0, o1)}: each sample's
   * accumulators stay in registers (four vectors at a time) while the weight rows of its active
   * inputs are added in ascending order, so the sums are the sequential ones bit for bit.
   */
  private static void gatherBlock(float[] wt, float[] y, float[] bias, int[] active, int[] count, int batch, int nIn,
      int nOut, int o0, int o1) {
    for (int b = 0; b < batch; b++) {
      int yo = b * nOut;
      int xo = b * nIn;
      int c = count[b];
      int o = o0;
      for (; o + 4 * W <= o1; o += 4 * W) {
        FloatVector a0 = bias != null ? FloatVector.fromArray(S, bias, o) : FloatVector.zero(S);
        FloatVector a1 = bias != null ? FloatVector.fromArray(S, bias, o + W) : FloatVector.zero(S);
        FloatVector a2 = bias != null ? FloatVector.fromArray(S, bias, o + 2 * W) : FloatVector.zero(S);
        FloatVector a3 = bias != null ? FloatVector.fromArray(S, bias, o + 3 * W) : FloatVector.zero(S);
        for (int k = 0; k < c; k++) {
          int wo = active[xo + k] * nOut + o;
          a0 = a0.add(FloatVector.fromArray(S, wt, wo));
          a1 = a1.add(FloatVector.fromArray(S, wt, wo + W));
          a2 = a2.add(FloatVector.fromArray(S, wt, wo + 2 * W));
          a3 = a3.add(FloatVector.fromArray(S, wt, wo + 3 * W));
        }
        a0.intoArray(y, yo + o);
        a1.intoArray(y, yo + o + W);
        a2.intoArray(y, yo + o + 2 * W);
        a3.intoArray(y, yo + o + 3 * W);
      }
      for (; o < o1; o++) {
        float acc = bias != null ? bias[o] : 0f;
        for (int k = 0; k < c; k++) acc += wt[active[xo + k] * nOut + o];
        y[yo + o] = acc;
      }
    }
  }

  /**
   * The forward pass of a dense layer with real-valued input, for outputs {@code [o0, o1)}: as
   * {@link #gatherBlock}, each weight row of a non-zero input scaled by the input's value ({@code
   * y += x * w}, a product then a sum, each rounded, as the generated kernel and the interpreter
   * do), the rows in ascending order; the same sums bit for bit.
   */
  private static void productBlock(float[] x, float[] wt, float[] y, float[] bias, int[] active, int[] count, int batch,
      int nIn, int nOut, int o0, int o1) {
    for (int b = 0; b < batch; b++) {
      int yo = b * nOut;
      int xo = b * nIn;
      int c = count[b];
      int o = o0;
      for (; o + 4 * W <= o1; o += 4 * W) {
        FloatVector a0 = bias != null ? FloatVector.fromArray(S, bias, o) : FloatVector.zero(S);
        FloatVector a1 = bias != null ? FloatVector.fromArray(S, bias, o + W) : FloatVector.zero(S);
        FloatVector a2 = bias != null ? FloatVector.fromArray(S, bias, o + 2 * W) : FloatVector.zero(S);
        FloatVector a3 = bias != null ? FloatVector.fromArray(S, bias, o + 3 * W) : FloatVector.zero(S);
        for (int k = 0; k < c; k++) {
          int i = active[xo + k];
          float v = x[xo + i];
          int wo = i * nOut + o;
          a0 = a0.add(FloatVector.fromArray(S, wt, wo).mul(v));
          a1 = a1.add(FloatVector.fromArray(S, wt, wo + W).mul(v));
          a2 = a2.add(FloatVector.fromArray(S, wt, wo + 2 * W).mul(v));
          a3 = a3.add(FloatVector.fromArray(S, wt, wo + 3 * W).mul(v));
        }
        a0.intoArray(y, yo + o);
        a1.intoArray(y, yo + o + W);
        a2.intoArray(y, yo + o + 2 * W);
        a3.intoArray(y, yo + o + 3 * W);
      }
      for (; o < o1; o++) {
        float acc = bias != null ? bias[o] : 0f;
        for (int k = 0; k < c; k++) {
          int i = active[xo + k];
          acc += x[xo + i] * wt[i * nOut + o];
        }
        y[yo + o] = acc;
      }
    }
  }

  /**
   * The weight gradient of a dense layer with real-valued input, for outputs {@code [o0, o1)}: as
   * {@link #scatterBlock}, each sample's output gradient scaled by its non-zero input ({@code gw
   * += x * gy}, rounded after the product and after the sum), samples in ascending order; the
   * generated kernel's sums bit for bit.
   */
  private static void scaledScatterBlock(float[] x, float[] gy, float[] gw, int[] samples, int[] count, int nIn, int nOut,
      int o0, int o1) {
    int stride = samples.length / nIn;
    for (int i = 0; i < nIn; i++) {
      int c = count[i];
      if (c == 0) continue;
      int so = i * stride;
      int wo = i * nOut;
      int o = o0;
      for (; o + 4 * W <= o1; o += 4 * W) {
        FloatVector a0 = FloatVector.fromArray(S, gw, wo + o);
        FloatVector a1 = FloatVector.fromArray(S, gw, wo + o + W);
        FloatVector a2 = FloatVector.fromArray(S, gw, wo + o + 2 * W);
        FloatVector a3 = FloatVector.fromArray(S, gw, wo + o + 3 * W);
        for (int k = 0; k < c; k++) {
          int b = samples[so + k];
          float v = x[b * nIn + i];
          int go = b * nOut + o;
          a0 = a0.add(FloatVector.fromArray(S, gy, go).mul(v));
          a1 = a1.add(FloatVector.fromArray(S, gy, go + W).mul(v));
          a2 = a2.add(FloatVector.fromArray(S, gy, go + 2 * W).mul(v));
          a3 = a3.add(FloatVector.fromArray(S, gy, go + 3 * W).mul(v));
        }
        a0.intoArray(gw, wo + o);
        a1.intoArray(gw, wo + o + W);
        a2.intoArray(gw, wo + o + 2 * W);
        a3.intoArray(gw, wo + o + 3 * W);
      }
      for (; o < o1; o++) {
        float acc = gw[wo + o];
        for (int k = 0; k < c; k++) {
          int b = samples[so + k];
          acc += x[b * nIn + i] * gy[b * nOut + o];
        }
        gw[wo + o] = acc;
      }
    }
  }

  /**
   * The weight gradient of a dense layer with binary input, for outputs {@code [o0, o1)}: each
   * gradient row's block stays in registers (eight vectors at a time, then four) while the samples in which its input is active are
   * added in ascending order (the sequential sums, bit for bit).
   */
  private static void scatterBlock(float[] gy, float[] gw, int[] samples, int[] count, int nIn, int nOut, int o0, int o1) {
    int stride = samples.length / nIn;
    for (int i = 0; i < nIn; i++) {
      int c = count[i];
      if (c == 0) continue;
      int so = i * stride;
      int wo = i * nOut;
      int o = o0;
      for (; o + 8 * W <= o1; o += 8 * W) scatterStrip8(gy, gw, samples, so, c, wo + o, o, nOut);
      for (; o + 4 * W <= o1; o += 4 * W) {
        FloatVector a0 = FloatVector.fromArray(S, gw, wo + o);
        FloatVector a1 = FloatVector.fromArray(S, gw, wo + o + W);
        FloatVector a2 = FloatVector.fromArray(S, gw, wo + o + 2 * W);
        FloatVector a3 = FloatVector.fromArray(S, gw, wo + o + 3 * W);
        for (int k = 0; k < c; k++) {
          int go = samples[so + k] * nOut + o;
          a0 = a0.add(FloatVector.fromArray(S, gy, go));
          a1 = a1.add(FloatVector.fromArray(S, gy, go + W));
          a2 = a2.add(FloatVector.fromArray(S, gy, go + 2 * W));
          a3 = a3.add(FloatVector.fromArray(S, gy, go + 3 * W));
        }
        a0.intoArray(gw, wo + o);
        a1.intoArray(gw, wo + o + W);
        a2.intoArray(gw, wo + o + 2 * W);
        a3.intoArray(gw, wo + o + 3 * W);
      }
      for (; o < o1; o++) {
        float acc = gw[wo + o];
        for (int k = 0; k < c; k++) acc += gy[samples[so + k] * nOut + o];
        gw[wo + o] = acc;
      }
    }
  }

  /**
   * Outputs {@code [o, o + 64)} of row {@code at} of {@link #scatterBlock}: eight accumulators (AVX-512
   * has the registers), so each sample's index is read once per 64 outputs instead of per 32.
   */
  private static void scatterStrip8(float[] gy, float[] gw, int[] samples, int so, int c, int at, int o, int nOut) {
    FloatVector a0 = FloatVector.fromArray(S, gw, at);
    FloatVector a1 = FloatVector.fromArray(S, gw, at + W);
    FloatVector a2 = FloatVector.fromArray(S, gw, at + 2 * W);
    FloatVector a3 = FloatVector.fromArray(S, gw, at + 3 * W);
    FloatVector a4 = FloatVector.fromArray(S, gw, at + 4 * W);
    FloatVector a5 = FloatVector.fromArray(S, gw, at + 5 * W);
    FloatVector a6 = FloatVector.fromArray(S, gw, at + 6 * W);
    FloatVector a7 = FloatVector.fromArray(S, gw, at + 7 * W);
    for (int k = 0; k < c; k++) {
      int go = samples[so + k] * nOut + o;
      a0 = a0.add(FloatVector.fromArray(S, gy, go));
      a1 = a1.add(FloatVector.fromArray(S, gy, go + W));
      a2 = a2.add(FloatVector.fromArray(S, gy, go + 2 * W));
      a3 = a3.add(FloatVector.fromArray(S, gy, go + 3 * W));
      a4 = a4.add(FloatVector.fromArray(S, gy, go + 4 * W));
      a5 = a5.add(FloatVector.fromArray(S, gy, go + 5 * W));
      a6 = a6.add(FloatVector.fromArray(S, gy, go + 6 * W));
      a7 = a7.add(FloatVector.fromArray(S, gy, go + 7 * W));
    }
    a0.intoArray(gw, at);
    a1.intoArray(gw, at + W);
    a2.intoArray(gw, at + 2 * W);
    a3.intoArray(gw, at + 3 * W);
    a4.intoArray(gw, at + 4 * W);
    a5.intoArray(gw, at + 5 * W);
    a6.intoArray(gw, at + 6 * W);
    a7.intoArray(gw, at + 7 * W);
  }

  /** Steps of a {@link #gatherSteps} pass: five steps × four vectors of accumulators (plus four weight vectors) fit AVX-512's 32 registers. */
  static final int STEP_GROUP = 5;

  /**
   * The gathers of all steps of a dense layer whose binary input does not depend on the network
   * (an encoded input), for outputs {@code [o0, o1)}. Steps come in {@code groups} groups of
   * {@link #STEP_GROUP}; for sample {@code b} and group {@code g}, list {@code l = b * groups + g}
   * holds the inputs that spike in any step of the group, {@code idx[l * nIn ...]} ({@code
   * cnt[l]} of them, ascending), and {@code xs[(l * nIn + k) * STEP_GROUP + u]} says whether the
   * {@code k}-th of them spikes at step {@code g * STEP_GROUP + u} (0 or 1; 0 past the last step).
   * Each weight row is loaded once per group of five steps instead of once per step, and only for
   * the groups in which its input spikes; it is added with a fused multiply-add by 0 or 1: exact,
   * so each step's sum is the one of {@link #gatherBlock} (bias, then the active rows in ascending
   * order) up to the sign of a zero.
   */
  private static void gatherStepsBlock(float[] xs, int[] idx, int[] cnt, int groups, float[] wt, float[] bias, float[][] ys,
      int batch, int nIn, int nOut, int o0, int o1) {
    for (int b = 0; b < batch; b++) {
      int yo = b * nOut;
      for (int g = 0; g < groups; g++) {
        int l = b * groups + g;
        int c = cnt[l];
        int base = l * nIn;
        int t = g * STEP_GROUP;
        int o = o0;
        for (; o + 4 * W <= o1; o += 4 * W) stepGroup4(xs, idx, c, base, wt, bias, ys, t, yo + o, o, nOut);
        for (; o + 2 * W <= o1; o += 2 * W) stepGroup2(xs, idx, c, base, wt, bias, ys, t, yo + o, o, nOut);
        for (; o < o1; o++) {
          for (int u = 0; u < STEP_GROUP; u++) {
            float acc = bias != null ? bias[o] : 0f;
            for (int k = 0; k < c; k++) {
              if (xs[(base + k) * STEP_GROUP + u] != 0f) acc += wt[idx[base + k] * nOut + o];
            }
            ys[t + u][yo + o] = acc;
          }
        }
      }
    }
  }

  /**
   * One group of {@link #STEP_GROUP} steps of {@link #gatherSteps} for 32 outputs, in a method of
   * its own: inlined into the loops around it, C2 runs out of its inlining budget and leaves the
   * last vector operations as calls to the (allocating) Java fallbacks.
   */
  private static void stepGroup4(float[] xs, int[] idx, int c, int base, float[] wt, float[] bias, float[][] ys, int t,
      int yy, int o, int nOut) {
    FloatVector b0 = bias != null ? FloatVector.fromArray(S, bias, o) : FloatVector.zero(S);
    FloatVector b1 = bias != null ? FloatVector.fromArray(S, bias, o + W) : FloatVector.zero(S);
    FloatVector b2 = bias != null ? FloatVector.fromArray(S, bias, o + 2 * W) : FloatVector.zero(S);
    FloatVector b3 = bias != null ? FloatVector.fromArray(S, bias, o + 3 * W) : FloatVector.zero(S);
    FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
    FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
    FloatVector a40 = b0, a41 = b1, a42 = b2, a43 = b3;
    for (int k = 0; k < c; k++) {
      int wo = idx[base + k] * nOut + o;
      FloatVector w0 = FloatVector.fromArray(S, wt, wo);
      FloatVector w1 = FloatVector.fromArray(S, wt, wo + W);
      FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * W);
      FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * W);
      int xk = (base + k) * STEP_GROUP;
      FloatVector x = FloatVector.broadcast(S, xs[xk]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      a02 = w2.fma(x, a02);
      a03 = w3.fma(x, a03);
      x = FloatVector.broadcast(S, xs[xk + 1]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      a12 = w2.fma(x, a12);
      a13 = w3.fma(x, a13);
      x = FloatVector.broadcast(S, xs[xk + 2]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      a22 = w2.fma(x, a22);
      a23 = w3.fma(x, a23);
      x = FloatVector.broadcast(S, xs[xk + 3]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      a32 = w2.fma(x, a32);
      a33 = w3.fma(x, a33);
      x = FloatVector.broadcast(S, xs[xk + 4]);
      a40 = w0.fma(x, a40);
      a41 = w1.fma(x, a41);
      a42 = w2.fma(x, a42);
      a43 = w3.fma(x, a43);
    }
    store4(ys[t], yy, a00, a01, a02, a03);
    store4(ys[t + 1], yy, a10, a11, a12, a13);
    store4(ys[t + 2], yy, a20, a21, a22, a23);
    store4(ys[t + 3], yy, a30, a31, a32, a33);
    store4(ys[t + 4], yy, a40, a41, a42, a43);
  }

  private static void store4(float[] y, int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
    v0.intoArray(y, at);
    v1.intoArray(y, at + W);
    v2.intoArray(y, at + 2 * W);
    v3.intoArray(y, at + 3 * W);
  }

  /** As {@link #stepGroup4} for 16 outputs. */
  private static void stepGroup2(float[] xs, int[] idx, int c, int base, float[] wt, float[] bias, float[][] ys, int t,
      int yy, int o, int nOut) {
    FloatVector b0 = bias != null ? FloatVector.fromArray(S, bias, o) : FloatVector.zero(S);
    FloatVector b1 = bias != null ? FloatVector.fromArray(S, bias, o + W) : FloatVector.zero(S);
    FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1, a40 = b0, a41 = b1;
    for (int k = 0; k < c; k++) {
      int wo = idx[base + k] * nOut + o;
      FloatVector w0 = FloatVector.fromArray(S, wt, wo);
      FloatVector w1 = FloatVector.fromArray(S, wt, wo + W);
      int xk = (base + k) * STEP_GROUP;
      FloatVector x = FloatVector.broadcast(S, xs[xk]);
      a00 = w0.fma(x, a00);
      a01 = w1.fma(x, a01);
      x = FloatVector.broadcast(S, xs[xk + 1]);
      a10 = w0.fma(x, a10);
      a11 = w1.fma(x, a11);
      x = FloatVector.broadcast(S, xs[xk + 2]);
      a20 = w0.fma(x, a20);
      a21 = w1.fma(x, a21);
      x = FloatVector.broadcast(S, xs[xk + 3]);
      a30 = w0.fma(x, a30);
      a31 = w1.fma(x, a31);
      x = FloatVector.broadcast(S, xs[xk + 4]);
      a40 = w0.fma(x, a40);
      a41 = w1.fma(x, a41);
    }
    a00.intoArray(ys[t], yy);
    a01.intoArray(ys[t], yy + W);
    a10.intoArray(ys[t + 1], yy);
    a11.intoArray(ys[t + 1], yy + W);
    a20.intoArray(ys[t + 2], yy);
    a21.intoArray(ys[t + 2], yy + W);
    a30.intoArray(ys[t + 3], yy);
    a31.intoArray(ys[t + 3], yy + W);
    a40.intoArray(ys[t + 4], yy);
    a41.intoArray(ys[t + 4], yy + W);
  }

  private static void scalar(float[] gy, float[] wt, float[] gx, int b, int nIn, int nOut, int i0, int i1) {
    if (i0 >= i1) return;
    int xo = b * nIn;
    Arrays.fill(gx, xo + i0, xo + i1, 0f);
    for (int o = 0; o < nOut; o++) {
      float a = gy[b * nOut + o];
      int wo = o * nIn;
      for (int i = i0; i < i1; i++) gx[xo + i] = Math.fma(a, wt[wo + i], gx[xo + i]);
    }
  }
}
