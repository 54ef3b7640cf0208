package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.tensor.ParamStore;
import brainc.codegen.tensor.TensorInterpreter;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import brainc.ir.tensor.TensorVerifier;
import org.junit.jupiter.api.Test;

class DifferentiateTest {
  @Test
  void leakyLayersLowerToDenseStepSelectAndBackIntoParameterGradients() {
    TensorProgram p = TensorModels.compile(TensorModels.source(new int[] {4, 3, 2}, "bernoulli(steps = 5)", "",
        "spike_count", 0.9), true);
    String text = TensorPrinter.print(p);
    assertTrue(text.contains("l1.I = dense(x, l1.weight, l1.bias) binary-input"), text);
    // snnTorch's Leaky: the threshold of the step before's spike is subtracted now, undecayed.
    assertTrue(text.contains("l1.mem' = (((0.9 * l1.mem) + l1.I) - (l1.reset * 1))"), text);
    assertTrue(text.contains("l1.spike = step[atan 2]((l1.mem' - 1))"), text);
    assertTrue(text.contains("l1.reset'' = select(detach(l1.spike), 1, l1.reset')"), text);
    // Reset detached: the membrane's adjoint decays by beta and takes the surrogate term only through the spike.
    assertTrue(text.contains("dprev.l1.mem = (d.l1.mem' * 0.9)"), text);
    assertTrue(text.contains("d.l1.mem' = (d.l1.mem + (d.l1.spike@l2.I * surrogate_grad[atan 2]((l1.mem' - 1))))")
        || text.contains("d.l1.mem' = (d.l1.mem + (d.x@l2.I"), text);
    assertTrue(text.contains("d.l1.weight, d.l1.bias += dense_param_grad(x, d.l1.mem') binary-input"), text);
    assertTrue(text.contains("d.l1.spike@l2.I = dense_input_grad(d.l2.mem', l2.weight)"), text);
    assertEquals(5, p.steps());
    assertTrue(TensorVerifier.verify(p).isEmpty());
  }

  @Test
  void whatCannotBeTrainedIsRefusedWithAReason() {
    String weighted = TensorModels.source(new int[] {4, 3}, "bernoulli(steps = 5)", "", "spike_count", 0.9)
        .replace("dense", "dense weight 0.5");
    var refused = TensorModels.refusals(weighted);
    assertTrue(refused.size() == 1 && refused.get(0).code() == brainc.ir.diag.Code.W1020
        && refused.get(0).message().contains("weight"), refused.toString());
    String rate = TensorModels.source(new int[] {4, 3}, "bernoulli(steps = 5)", "", "rate", 0.9);
    refused = TensorModels.refusals(rate);
    assertTrue(refused.size() == 1 && refused.get(0).message().contains("spike_count"), refused.toString());
    // The lowering takes only what the check passed: what it refuses reaching it is a compiler bug.
    assertThrows(IllegalStateException.class, () -> TensorModels.compile(rate, true));
  }

  @Test
  void anAttachedResetSendsTheResetTermsGradientThroughTheSpike() {
    // A neuron that resets at once (mem = mem - threshold in the spike's own step).
    TensorProgram p = TensorModels.compile(TensorModels.source(new int[] {4, 3}, "bernoulli(steps = 5)", "atan(alpha = 2)",
        "spike_count", 0.9), false);
    String text = TensorPrinter.print(p);
    assertTrue(text.contains("select(l1.spike, (l1.mem' - 1), l1.mem')"), text);
    // d/d spike of select(spike, mem - 1, mem) is (mem - 1) - mem: the reset's gradient reaches the spike.
    assertTrue(text.contains("(d.l1.mem * ((l1.mem' - 1) - l1.mem'))"), text);
  }

  @Test
  void leakyFollowsSnnTorchsRecurrence() {
    // One neuron driven by a constant input through a unit weight. snnTorch's Leaky (reset by
    // subtraction, its default delay): U = beta U + I - R threshold, S = U > threshold, R = S.
    TensorProgram p = TensorModels.compile(TensorModels.source(new int[] {1, 1}, "direct(steps = 40)", "", "spike_count", 0.9),
        true);
    for (float input : new float[] {0.15f, 0.35f, 0.6f, 0.95f, 1.7f}) {
      ParamStore params = ParamStore.initialise(p, 1);
      params.value("l1.weight")[0] = 1f;
      params.value("l1.bias")[0] = 0f;
      TensorInterpreter exec = new TensorInterpreter(p, params, 1, 1);
      exec.forward(new float[] {input}, 1, new long[] {0});
      float u = 0f;
      float r = 0f;
      int count = 0;
      for (int t = 0; t < 40; t++) {
        u = 0.9f * u + input - r * 1f;
        r = u > 1f ? 1f : 0f;
        count += (int) r;
      }
      assertEquals(count, exec.output("y")[0], 0f, "input " + input);
    }
  }
}
