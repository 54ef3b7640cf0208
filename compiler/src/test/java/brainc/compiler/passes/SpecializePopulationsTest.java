package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.model.*;
import brainc.ir.source.SourceFile;
import brainc.ir.verify.IrVerifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The specialiser records on each population's model what later passes used to recompute or
 * parse out of the name: the model it came from and the drive states of its input ports.
 */
class SpecializePopulationsTest {
  private static final String SRC = """
      neuron N {
        state v = -65 mV
        input I: mV
        v' = (-65 mV - v + I) / 20 ms
        spike when v > -50 mV { v = -65 mV }
      }
      network Net {
        population p = N[10]
        population head = p[0 .. 5]
        connect p -> p weight 1 mV probability 0.1 via exp(tau = 5 ms)
        connect p -> head weight 2 mV probability 0.1 via exp(tau = 5 ms)
        connect p -> p weight -1 mV probability 0.1 via alpha(tau = 10 ms)
        connect p -> p weight 1 mV probability 0.1 via delta()
      }
      run Net for 10 ms dt 0.1 ms
      """;

  private static IrModule specialise() {
    Analysis a = new Frontend().analyze(SourceFile.of("t.brain", SRC));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    PassContext cx = new PassContext();
    cx.target(run.target());
    return new SpecializePopulations().run(m, cx);
  }

  @Test
  void recordsTheOriginalModelAndOneDriveStatePerPortAndKernel() {
    IrModule m = specialise();
    Network net = (Network) m.find("Net").orElseThrow();
    NeuronModel n = (NeuronModel) m.find(net.populations().get(0).model()).orElseThrow();
    assertEquals(Optional.of("N"), n.specializedFrom());
    assertEquals("N", n.userName());
    assertEquals(List.of(
        new DriveState("I", DriveState.Kind.EXP, 0.005, "I__exp0", "I__exp0"),
        new DriveState("I", DriveState.Kind.ALPHA, 0.01, "I__alpha1_rise", "I__alpha1"),
        new DriveState("I", DriveState.Kind.DELTA, 0, "I__delta2", "I__delta2")), n.drives());
    assertEquals(List.of(), IrVerifier.verify(m));
  }

  @Test
  void specialisingTwiceChangesNothing() {
    IrModule once = specialise();
    PassContext cx = new PassContext();
    cx.target("Net");
    assertEquals(once, new SpecializePopulations().run(once, cx));
  }
}
