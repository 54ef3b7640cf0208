package brainc.codegen.train;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense-layer kernels on the JDK's incubating Vector API, with accumulators in registers: the
 * input gradient (four samples × two vectors, fused multiply-adds over every output in
 * ascending order), and the gather and scatter of layers with binary input (plain adds in the
 * sequential order, so those agree with the interpreter bit for bit). Loaded only when {@code brainc train --vector} asks for it, in a JVM started
 * with {@code --add-modules jdk.incubator.vector}. Fused multiply-adds round once where the
 * scalar loop rounds twice, so input gradients differ from the interpreter's in the last bits.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int W = 8;

  private VectorKernels() {}

  /** {@code gx[b, i0:i1] = sum_o gy[b, o] * wt[o, i0:i1]}, with {@code wt} as {@code [out, in]}. */
  static void inputGrad(float[] gy, float[] wt, float[] gx, int batch, int nIn, int nOut, int i0, int i1) {
    int b = 0;
    for (; b + 4 <= batch; b += 4) {
      int i = i0;
      for (; i + 2 * W <= i1; i += 2 * W) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
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
      for (int r = b; r < b + 4; r++) scalar(gy, wt, gx, r, nIn, nOut, i, i1);
    }
    for (; b < batch; b++) scalar(gy, wt, gx, b, nIn, nOut, i0, i1);
  }

  /**
   * The gather of a dense layer with binary input, for outputs {@code [o0, o1)}: each sample's
   * accumulators stay in registers (four vectors at a time) while the weight rows of its active
   * inputs are added in ascending order, so the sums are the sequential ones bit for bit.
   */
  static void gather(float[] wt, float[] y, float[] bias, int[] active, int[] count, int batch, int nIn, int nOut,
      int o0, int o1) {
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
   * The weight gradient of a dense layer with binary input, for outputs {@code [o0, o1)}: each
   * gradient row's block stays in registers while the samples in which its input is active are
   * added in ascending order (the sequential sums, bit for bit).
   */
  static void scatter(float[] gy, float[] gw, int[] samples, int[] count, int nIn, int nOut, int o0, int o1) {
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
