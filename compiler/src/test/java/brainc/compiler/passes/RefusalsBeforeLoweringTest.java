package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Cannot run this" is found by the check, before lowering, as diagnostics at the construct;
 * the public lowering takes only what the check passed, and a refusal reaching it is a bug.
 */
class RefusalsBeforeLoweringTest {
  private static final String LEAK = "neuron Leak {\n  state v = 1\n  v' = -v / 10 ms\n}\n";

  private static IrModule lowered(String text) {
    Analysis a = new Frontend().analyze(SourceFile.of("m.brain", text));
    assertEquals(List.of(), a.diagnostics(), "the model should check clean");
    return Lowering.lower(a);
  }

  private static RunSpec run(IrModule m) {
    return m.decls().stream().filter(d -> d instanceof RunSpec).map(d -> (RunSpec) d).findFirst().orElseThrow();
  }

  @Test
  void aWrongModelIsFoundWithoutLoweringAndTheLoweringRefusesItAsABug() {
    IrModule m = lowered(LEAK + "network N {\n  population p = Leak[2]\n  monitor v of p\n  monitor v of p\n}\nrun N for 1 ms\n");
    assertEquals(List.of("E1006"), RunCheck.wrongModels(m, run(m)).stream().map(d -> d.code().name()).toList());
    assertThrows(IllegalStateException.class,
        () -> Pipeline.compile(m, run(m), Pipeline.settings(run(m)), new PassContext(), (p, ir) -> {}));
  }

  @Test
  void whatCannotRunYetIsAWarningOfTheCheckAndABugInTheLowering() {
    IrModule m = lowered("use brain.neurons.LIF\nnetwork N {\n  population p = LIF[2]\n"
        + "  connect p -> p  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)\n}\nrun N for 10 ms dt 0.1 ms\n");
    var found = RunCheck.loweringProblems(m, run(m), Pipeline.settings(run(m)));
    assertEquals(List.of("W1021"), found.stream().map(d -> d.code().name()).toList());
    assertEquals(false, found.get(0).isError());
    assertThrows(IllegalStateException.class,
        () -> Pipeline.compile(m, run(m), Pipeline.settings(run(m)), new PassContext(), (p, ir) -> {}));
  }

  @Test
  void aCleanRunHasNoLoweringProblems() {
    IrModule m = lowered(LEAK + "network N {\n  population p = Leak[2]\n  monitor v of p\n}\nrun N for 1 ms\n");
    assertEquals(List.of(), RunCheck.loweringProblems(m, run(m), Pipeline.settings(run(m))));
  }
}
