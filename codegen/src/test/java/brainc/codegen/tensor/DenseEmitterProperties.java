package brainc.codegen.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Generated dense-layer kernels against the definition of each sum, written as plainly as
 * possible (one element at a time, terms in the interpreter's order), on random shapes: across
 * block and unrolling boundaries, binary and real inputs, with and without bias. Equal bit for
 * bit, and every generated class passes ASM's verifier.
 */
class DenseEmitterProperties {
  @Property(tries = 60)
  void generatedKernelsComputeTheSequentialSums(
      @ForAll @IntRange(min = 1, max = 300) int nIn,
      @ForAll @IntRange(min = 1, max = 300) int nOut,
      @ForAll @IntRange(min = 1, max = 9) int batch,
      @ForAll boolean binary,
      @ForAll boolean hasBias,
      @ForAll long seed) {
    Random r = new Random(seed);
    DenseEmitter.Shape shape = new DenseEmitter.Shape(nIn, nOut, batch, binary, hasBias);
    DenseEmitter.verify(DenseEmitter.generate(shape, "brainc/codegen/train/DenseCheck"));
    DenseEmitter.DenseKernel k = DenseEmitter.compile(shape);

    float density = r.nextFloat();
    float[] x = new float[batch * nIn];
    for (int i = 0; i < x.length; i++) {
      if (r.nextFloat() < density) x[i] = binary ? 1f : (float) r.nextGaussian();
    }
    float[] w = gaussian(r, nIn * nOut);
    float[] bias = hasBias ? gaussian(r, nOut) : null;

    // Forward: bias, then the active inputs in ascending order.
    int[] active = new int[batch * nIn];
    int[] count = new int[batch];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < nIn; i++) if (x[b * nIn + i] != 0f) active[b * nIn + count[b]++] = i;
    }
    float[] y = gaussian(r, batch * nOut); // overwritten
    k.forward(x, w, bias, y, active, count, batch);
    float[] expected = new float[batch * nOut];
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < nOut; o++) {
        float acc = hasBias ? bias[o] : 0f;
        for (int i = 0; i < nIn; i++) {
          float v = x[b * nIn + i];
          if (v != 0f) acc += binary ? w[i * nOut + o] : v * w[i * nOut + o];
        }
        expected[b * nOut + o] = acc;
      }
    }
    assertArrayEquals(expected, y, "forward");

    // Input gradient: the sum over outputs in ascending order, over the transposed weights.
    float[] gy = gaussian(r, batch * nOut);
    float[] wt = new float[nOut * nIn];
    for (int i = 0; i < nIn; i++) for (int o = 0; o < nOut; o++) wt[o * nIn + i] = w[i * nOut + o];
    float[] gx = gaussian(r, batch * nIn); // overwritten
    k.inputGrad(gy, wt, gx, batch);
    expected = new float[batch * nIn];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < nIn; i++) {
        float acc = 0f;
        for (int o = 0; o < nOut; o++) acc += gy[b * nOut + o] * wt[o * nIn + i];
        expected[b * nIn + i] = acc;
      }
    }
    assertArrayEquals(expected, gx, "input gradient");

    // Parameter gradients, added to what is there: samples in ascending order.
    int[] samples = new int[batch * nIn];
    int[] perInput = new int[nIn];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < nIn; i++) if (x[b * nIn + i] != 0f) samples[i * batch + perInput[i]++] = b;
    }
    float[] gw = gaussian(r, nIn * nOut);
    float[] gb = hasBias ? gaussian(r, nOut) : null;
    float[] expectedW = gw.clone();
    float[] expectedB = hasBias ? gb.clone() : null;
    k.paramGrad(x, gy, gw, gb, samples, perInput, batch);
    for (int i = 0; i < nIn; i++) {
      for (int o = 0; o < nOut; o++) {
        float acc = expectedW[i * nOut + o];
        for (int b = 0; b < batch; b++) {
          float v = x[b * nIn + i];
          if (v != 0f) acc += binary ? gy[b * nOut + o] : v * gy[b * nOut + o];
        }
        expectedW[i * nOut + o] = acc;
      }
    }
    assertArrayEquals(expectedW, gw, "weight gradient");
    if (hasBias) {
      for (int b = 0; b < batch; b++) for (int o = 0; o < nOut; o++) expectedB[o] += gy[b * nOut + o];
      assertArrayEquals(expectedB, gb, "bias gradient");
    }
  }

  private static float[] gaussian(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
    return a;
  }
}
