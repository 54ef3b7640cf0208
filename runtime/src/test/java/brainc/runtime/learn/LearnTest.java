package brainc.runtime.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnTest {
  @Test
  void crossEntropyGradientMatchesFiniteDifferences() {
    float[] y = {1.5f, -0.5f, 3f, 0f, 2f, 2f};
    int[] labels = {2, 0};
    Losses.Result r = Losses.crossEntropy(y, labels, 2, 3);
    // log-sum-exp of the first row minus its label's logit, averaged with the second row's
    double l0 = Math.log(Math.exp(1.5) + Math.exp(-0.5) + Math.exp(3)) - 3;
    double l1 = Math.log(1 + 2 * Math.exp(2)) - 0;
    assertEquals((l0 + l1) / 2, r.loss(), 1e-9);
    for (int i = 0; i < y.length; i++) {
      float[] up = y.clone();
      float[] down = y.clone();
      up[i] += 1e-3f;
      down[i] -= 1e-3f;
      double fd = (Losses.crossEntropy(up, labels, 2, 3).loss() - Losses.crossEntropy(down, labels, 2, 3).loss()) / 2e-3;
      assertEquals(fd, r.grad()[i], 1e-3, "element " + i);
    }
  }

  @Test
  void mseTargetsTheRightClassAtTheGivenValue() {
    Losses.Result r = Losses.mse(new float[] {25, 0, 5, 20}, new int[] {0, 1}, 2, 2, 25);
    assertEquals((0 + 0 + 25 + 25) / 4.0, r.loss(), 1e-9);
    assertEquals(2 * 5 / 4.0, r.grad()[2], 1e-6);
  }

  @Test
  void adamTakesPyTorchsFirstStep() {
    Optimizer adam = Optimizer.adam(0.9, 0.999, 1e-8, 0);
    float[] p = {1f, -2f};
    Map<String, float[]> params = new LinkedHashMap<>(Map.of("w", p));
    adam.step(params, Map.of("w", new float[] {0.5f, -4f}), 0.1);
    // The first bias-corrected step is lr * g / (|g| + eps): lr in the gradient's direction.
    assertEquals(0.9f, p[0], 1e-6);
    assertEquals(-1.9f, p[1], 1e-6);
    assertEquals(1, adam.steps());
  }

  @Test
  void adamFollowsPyTorchOverStepsWithGradientsNearEps() {
    // torch.optim.Adam([p], lr=0.01) on these gradients gives these parameters after each
    // step (torch 1.13, float32). Gradients near eps (1e-8) tell eps added to sqrt(v_hat) (the
    // first one moves by 0.01 * 1e-7 / (1e-7 + 1e-8)) from eps under the root, and the later
    // steps check both bias corrections. Not bit for bit: torch rounds 1 - beta from double
    // (0.001f), this Adam computes it in float32 (1 - 0.999f = 0.00099998713), which moves the
    // third step by 3 ulps here; a float32 model with torch's constants matches torch exactly.
    Optimizer adam = Optimizer.adam(0.9, 0.999, 1e-8, 0);
    float[] p = {1f, -2f, 0.5f};
    Map<String, float[]> params = Map.of("w", p);
    float[][] grads = {{1e-7f, 3f, -2e-9f}, {-3e-8f, 2.5f, 4e-9f}, {2e-7f, -1f, 1e-9f}};
    float[][] torch = {{0x1.fb587p-1f, -0x1.0147aep+1f, 0x1.00da74p-1f}, {0x1.f96a9p-1f, -0x1.028c78p+1f, 0x1.006726p-1f},
        {0x1.f5fee8p-1f, -0x1.034bb4p+1f, 0x1.ffea58p-2f}};
    for (int k = 0; k < 3; k++) {
      adam.step(params, Map.of("w", grads[k]), 0.01);
      for (int i = 0; i < 3; i++) assertEquals(torch[k][i], p[i], 4 * Math.ulp(torch[k][i]), "step " + (k + 1) + ", element " + i);
    }
  }

  @Test
  void argmaxTakesTheFirstOfTiedMaxima() {
    // As torch.argmax: spike-count logits tie often (a quarter of Fashion-MNIST's test samples
    // for the rows RSNN after one epoch), and accuracy must count a tie the way torch does.
    float[] y = {3, 7, 7, 1, /* */ 0, 0, 0, 0, /* */ 2, 1, 5, 5};
    assertEquals(1, Losses.argmax(y, 0, 4));
    assertEquals(0, Losses.argmax(y, 1, 4));
    assertEquals(2, Losses.argmax(y, 2, 4));
  }

  @Test
  void sgdWithMomentumAndWeightDecay() {
    Optimizer sgd = Optimizer.sgd(0.5, 0.1);
    float[] p = {1f};
    Map<String, float[]> params = Map.of("w", p);
    sgd.step(params, Map.of("w", new float[] {1f}), 0.1); // g = 1 + 0.1 * 1 = 1.1; buf = 1.1
    assertEquals(1 - 0.11f, p[0], 1e-6);
    sgd.step(params, Map.of("w", new float[] {1f}), 0.1); // g = 1 + 0.089 = 1.089; buf = 0.55 + 1.089
    assertEquals(0.89f - 0.1f * (0.55f + 1.089f), p[0], 1e-6);
  }

  @Test
  void schedulesScaleTheRatePerEpoch() {
    assertEquals(1, LrSchedule.CONSTANT.factor(7, 10));
    assertEquals(0.01, LrSchedule.stepDecay(2, 0.1).factor(4, 10), 1e-12);
    assertEquals(1, LrSchedule.cosine().factor(0, 10), 1e-12);
    assertEquals(0.5, LrSchedule.cosine().factor(5, 10), 1e-12);
    assertEquals(0.5, LrSchedule.warmupCosine(1).factor(0, 10), 1e-12);
  }
}
