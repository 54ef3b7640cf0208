package brainc.codegen.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vector API's dense kernels ({@code brainc train}'s default) against the generated ones, on
 * random shapes across block boundaries, binary and real-valued inputs, with and without bias:
 * the forward pass and the weight gradient are the same sums bit for bit (real-valued inputs
 * too: a product, then a sum, each rounded); the input gradient, whose fused multiply-adds round
 * once, agrees to float precision. Here and not in codegen's tests: this module's tests run with
 * the incubating vector module. The input gradient is also exactly the chain of fused
 * multiply-adds in ascending output order, whatever strip of the register blocking an element
 * falls in; and the gather of all steps of an encoded input at once is each step's gather.
 */
class VectorKernelProperties {
  @Property(tries = 60)
  void vectorKernelsComputeTheGeneratedKernelsSums(
      @ForAll @IntRange(min = 1, max = 300) int nIn,
      @ForAll @IntRange(min = 1, max = 300) int nOut,
      @ForAll @IntRange(min = 1, max = 9) int batch,
      @ForAll boolean binary,
      @ForAll boolean hasBias,
      @ForAll long seed) {
    Random r = new Random(seed);
    DenseEmitter.Shape shape = new DenseEmitter.Shape(nIn, nOut, batch, binary, hasBias);
    DenseEmitter.DenseKernel generated = DenseEmitter.compile(shape);
    DenseEmitter.DenseKernel vector = VectorKernels.dense(shape);
    float density = r.nextFloat();
    float[] x = new float[batch * nIn];
    for (int i = 0; i < x.length; i++) {
      if (r.nextFloat() < density) x[i] = binary ? 1f : (float) r.nextGaussian();
    }
    float[] w = gaussian(r, nIn * nOut);
    float[] bias = hasBias ? gaussian(r, nOut) : null;
    int[] active = new int[batch * nIn];
    int[] count = new int[batch];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < nIn; i++) if (x[b * nIn + i] != 0f) active[b * nIn + count[b]++] = i;
    }
    float[] want = gaussian(r, batch * nOut);
    float[] got = gaussian(r, batch * nOut);
    generated.forward(x, w, bias, want, active, count, batch);
    vector.forward(x, w, bias, got, active, count, batch);
    assertArrayEquals(want, got, "forward");

    float[] gy = gaussian(r, batch * nOut);
    float[] wt = new float[nOut * nIn];
    for (int i = 0; i < nIn; i++) for (int o = 0; o < nOut; o++) wt[o * nIn + i] = w[i * nOut + o];
    float[] gxWant = new float[batch * nIn];
    float[] gxGot = new float[batch * nIn];
    generated.inputGrad(gy, wt, gxWant, batch);
    vector.inputGrad(gy, wt, gxGot, batch);
    for (int i = 0; i < gxWant.length; i++) {
      assertTrue(Math.abs(gxWant[i] - gxGot[i]) <= 1e-4f * (1 + Math.abs(gxWant[i])) * Math.sqrt(nOut),
          "input gradient [" + i + "]: " + gxWant[i] + " vs " + gxGot[i]);
    }

    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < nIn; i++) {
        float acc = 0f;
        for (int o = 0; o < nOut; o++) acc = Math.fma(gy[b * nOut + o], wt[o * nIn + i], acc);
        assertEquals(acc, gxGot[b * nIn + i], "input gradient [" + b + ", " + i + "] as a chain of fused multiply-adds");
      }
    }

    int[] samples = new int[batch * nIn];
    int[] perInput = new int[nIn];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < nIn; i++) if (x[b * nIn + i] != 0f) samples[i * batch + perInput[i]++] = b;
    }
    float[] gwWant = gaussian(r, nIn * nOut);
    float[] gwGot = gwWant.clone();
    float[] gbWant = hasBias ? gaussian(r, nOut) : null;
    float[] gbGot = hasBias ? gbWant.clone() : null;
    generated.paramGrad(x, gy, gwWant, gbWant, samples, perInput, batch);
    vector.paramGrad(x, gy, gwGot, gbGot, samples, perInput, batch);
    assertArrayEquals(gwWant, gwGot, "weight gradient");
    if (hasBias) assertArrayEquals(gbWant, gbGot, "bias gradient");
  }

  @Property(tries = 40)
  void allStepsGatherIsEachStepsGather(
      @ForAll @IntRange(min = 1, max = 120) int nIn,
      @ForAll @IntRange(min = 1, max = 300) int nOut,
      @ForAll @IntRange(min = 1, max = 5) int batch,
      @ForAll @IntRange(min = 1, max = 17) int steps,
      @ForAll boolean hasBias,
      @ForAll long seed) {
    Random r = new Random(seed);
    float[] rate = new float[batch * nIn];
    for (int i = 0; i < rate.length; i++) rate[i] = r.nextFloat() < 0.3f ? 0f : r.nextFloat();
    float[][] xs = new float[steps][batch * nIn];
    for (float[] x : xs) for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < rate[i] ? 1f : 0f;
    float[] w = gaussian(r, nIn * nOut);
    float[] bias = hasBias ? gaussian(r, nOut) : null;
    int g = VectorKernels.STEP_GROUP;
    int groups = (steps + g - 1) / g;
    float[] xg = new float[batch * groups * nIn * g];
    int[] idx = new int[batch * groups * nIn];
    int[] cnt = new int[batch * groups];
    float[][] ys = new float[groups * g][batch * nOut];
    JvmTensorExecutor.spikingInputs(xs, steps, groups, nIn, batch, idx, cnt, xg);
    VectorKernels.gatherSteps(xg, idx, cnt, groups, w, bias, ys, batch, nIn, nOut);
    DenseEmitter.DenseKernel step = DenseEmitter.compile(new DenseEmitter.Shape(nIn, nOut, batch, true, hasBias));
    for (int t = 0; t < steps; t++) {
      int[] active = new int[batch * nIn];
      int[] count = new int[batch];
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < nIn; i++) if (xs[t][b * nIn + i] != 0f) active[b * nIn + count[b]++] = i;
      }
      float[] want = new float[batch * nOut];
      step.forward(xs[t], w, bias, want, active, count, batch);
      for (int i = 0; i < want.length; i++) {
        // Equal up to the sign of a zero (a multiply-add by 0 may turn -0 into +0).
        assertEquals(want[i] + 0f, ys[t][i] + 0f, "step " + t + " [" + i + "]");
      }
    }
  }

  private static float[] gaussian(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
    return a;
  }
}
