package brainc.codegen.train;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The input gradient of a dense layer with the JDK's incubating Vector API: a register-blocked
 * kernel (four samples × two vectors of accumulators, fused multiply-adds over every output in
 * ascending order). Loaded only when {@code brainc train --vector} asks for it, in a JVM started
 * with {@code --add-modules jdk.incubator.vector}. Fused multiply-adds round once where the
 * scalar loop rounds twice, so gradients differ from the interpreter's in the last bits.
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
