package brainc.compiler.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.passes.Differentiate;
import brainc.compiler.passes.DotGradientWithDirection;
import brainc.compiler.passes.FlattenGradient;
import brainc.compiler.passes.UnrollSteps;
import brainc.ir.tensor.TOp;
import brainc.ir.tensor.Tensor;
import brainc.ir.tensor.TensorPrinter;
import brainc.ir.tensor.TensorProgram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names and the refusals of the flattened gradient. */
class FlattenGradientTest {
  private static TensorProgram spiking(int steps) {
    return TensorModels.compile(TensorModels.source(new int[] {3, 2}, "direct(steps = " + steps + ")", "atan(alpha = 2)",
        "spike_count", 0.9), true);
  }

  @Test
  void theFlattenedGradientIsSeededAndRenamedAndItsAdjointsTakeNoNameInUse() {
    TensorProgram q = new DotGradientWithDirection().run(spiking(1));
    String text = TensorPrinter.print(q);
    assertTrue(text.contains("d1.l1.count = 1"), text); // the output's state: the loss is the sum of the outputs
    assertTrue(text.contains("d1.l1.mem = 0"), text);
    // The spike's adjoint is the count's (an alias), the membrane's takes it through the surrogate.
    assertTrue(text.contains("d1.l1.mem' = (d1.l1.mem + (d1.l1.count * surrogate_grad[atan 2]((l1.mem' - 1))))"), text);
    // d.l1.weight += dense_param_grad(x, d.l1.mem') is kept per sample, dotted with the direction.
    assertTrue(text.contains("gv.t1 = dense(x, v.l1.weight, v.l1.bias)"), text);
    assertTrue(text.contains("gv.t2 = (d1.l1.mem' * gv.t1)"), text);
    assertTrue(text.contains("gv.t3 = reduce sum(gv.t2, unit)"), text);
    assertTrue(!text.contains("backward"), text);
    String second = TensorPrinter.print(new Differentiate().run(q));
    // The surrogate's derivative, differentiated: atan's second derivative.
    assertTrue(second.contains("d.d1.l1.mem' = "), second);
    assertTrue(second.contains("d.l1.weight, d.l1.bias += dense_param_grad(x, d.l1.mem')"), second);
    assertTrue(second.contains("d.v.l1.weight, d.v.l1.bias += dense_param_grad(x, d.gv.t1)"), second);
  }

  @Test
  void onlyADifferentiatedSingleStepProgramIsFlattened() {
    var many = assertThrows(IllegalArgumentException.class, () -> FlattenGradient.of(spiking(3)));
    assertTrue(many.getMessage().contains("a gradient of 3 steps is not flattened: only a single-step program's (unroll the steps into one with UnrollSteps"), many.getMessage());
    TensorProgram plain = MamlStepProperties.inner(2, 2);
    var not = assertThrows(IllegalArgumentException.class, () -> FlattenGradient.of(plain));
    assertTrue(not.getMessage().contains("not differentiated"), not.getMessage());
  }

  @Test
  void onlyStepsOfDirectInputsAreUnrolledAndOnlyBeforeDifferentiate() {
    TensorProgram drawn = SecondOrderProperties.forwardOnly(TensorModels.compile(TensorModels.source(new int[] {3, 2},
        "bernoulli(steps = 4)", "atan(alpha = 2)", "spike_count", 0.9), true));
    var e = assertThrows(IllegalArgumentException.class, () -> new UnrollSteps().run(drawn));
    assertTrue(e.getMessage().contains("input x is encoded by bernoulli, which differs from step to step"), e.getMessage());
    var late = assertThrows(IllegalArgumentException.class, () -> new UnrollSteps().run(spiking(3)));
    assertTrue(late.getMessage().contains("before differentiate"), late.getMessage());
    TensorProgram one = SecondOrderProperties.forwardOnly(spiking(1));
    assertTrue(new UnrollSteps().run(one) == one);
  }

  @Test
  void aParameterGradientInAForwardStepIsRefusedWithTheWayOut() {
    TensorProgram p = new Differentiate().run(MamlStepProperties.inner(2, 2));
    List<TOp> forward = new ArrayList<>(p.forward());
    forward.addAll(p.backward());
    List<Tensor> tensors = p.tensors().stream().map(t -> t.role() == Tensor.Role.GRAD
        ? new Tensor(t.name(), Tensor.Role.VALUE, t.shape()) : t).toList();
    TensorProgram q = new TensorProgram(p.network(), 1, tensors, p.states(), forward, p.outputs(), List.of(), List.of());
    var e = assertThrows(IllegalArgumentException.class, () -> new Differentiate().run(q));
    assertTrue(e.getMessage().contains("flatten the gradient with FlattenGradient"), e.getMessage());
  }

  @Test
  void aNameThatAnAdjointWouldTakeIsRefused() {
    TensorProgram p = new Differentiate().run(MamlStepProperties.inner(2, 2));
    FlattenGradient f = FlattenGradient.of(p);
    f.add(new Tensor("d.z", Tensor.Role.VALUE, 2, 0)).add(new TOp.Map("d.z", new brainc.ir.tensor.TExpr.Ref("z")));
    var e = assertThrows(IllegalArgumentException.class, () -> f.program(List.of(), List.of()));
    assertTrue(e.getMessage().contains("tensor d.z would be the adjoint of z"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.add(new Tensor("l.I", Tensor.Role.VALUE, 2, 0)));
  }
}
