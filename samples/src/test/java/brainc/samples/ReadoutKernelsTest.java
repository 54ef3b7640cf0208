package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.codegen.Backend;
import brainc.codegen.Simulation;
import brainc.codegen.StepListener;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.jvm.JvmBackend;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.ir.kernel.text.KernelParser;
import brainc.ir.kernel.text.KernelPrinter;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the readout kernels compute, on both engines, from spike counts written into the count
 * port of a silent population (nothing spikes, so a one-step run leaves the counts as written and
 * then runs the readouts): pools, rates, sums and argmax with its tie-breaking draw, each the
 * value the episode loop computed on the host before readouts became kernels.
 */
class ReadoutKernelsTest {
  static List<Backend> engines() {
    return List.of(new Interpreter(), new JvmBackend());
  }

  private static final String NET = """
      use brain.neurons.LIF
      network N {
        population net = LIF[10]
        population three = LIF[3]
        population head = net[0 .. 4]
        output pooled = pools(net, 3)
        output rates = rate(net)
        output total = sum(rate(net))
        output tied = argmax(pools(three, 3))
        output first = argmax(spike_count(head))
        output seven = 7
        output unread = membrane(net)
      }
      run N for 1 ms dt 0.1 ms
      """;

  private static Simulation prepare(Backend engine) {
    Analysis a = new Frontend().analyze(SourceFile.of("readouts.brain", NET));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    IrModule m = Lowering.lower(a);
    RunSpec run = (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
    KernelProgram p = Pipeline.compile(m, run, Pipeline.settings(run), new PassContext(), (x, ir) -> {}).kernel();
    assertEquals(p, KernelParser.parse(KernelPrinter.print(p)), "the readout block round-trips");
    return engine.prepare(p);
  }

  private static double[] port(Simulation sim, PortRole role, String output) {
    return sim.memory().f64(sim.program().port(role, output).orElseThrow(() -> new AssertionError(role + " of " + output))
        .buffer());
  }

  private static int[] counts(Simulation sim, String population) {
    return sim.memory().i32(sim.program().port(PortRole.SPIKE_COUNTS, population).orElseThrow().buffer());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void vectorsPoolContiguouslyWithTheRemainderFirstAndRatesDivideByTheWindow(Backend engine) {
    try (Simulation sim = prepare(engine)) {
      int[] c = counts(sim, "net");
      for (int i = 0; i < c.length; i++) c[i] = i;
      sim.run(1, StepListener.NONE);
      assertEquals(0, sim.memory().spikeSet("net").count, "the population is silent");
      assertArrayEquals(new double[] {0 + 1 + 2 + 3, 4 + 5 + 6, 7 + 8 + 9}, port(sim, PortRole.READOUT, "pooled"));
      double window = 10 * 1e-4;
      double[] rates = new double[10];
      for (int i = 0; i < 10; i++) rates[i] = i / window;
      assertArrayEquals(rates, port(sim, PortRole.READOUT, "rates"));
      assertEquals(Arrays.stream(rates).sum(), port(sim, PortRole.READOUT, "total")[0], 0.0, "the compensated sum, to the bit");
      assertArrayEquals(rates, port(sim, PortRole.READOUT_ARGUMENT, "total"));
      assertEquals(7, port(sim, PortRole.READOUT, "seven")[0]);
      // A slice reads its own range of the population's counts: net[0 .. 4] peaks at its last.
      assertEquals(3, port(sim, PortRole.READOUT, "first")[0]);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aClearWinnerIgnoresTheDrawAndTiesShareItEvenly(Backend engine) {
    try (Simulation sim = prepare(engine)) {
      int[] c = counts(sim, "three");
      double[] tie = port(sim, PortRole.TIE_BREAK, "tied");
      double[] action = port(sim, PortRole.READOUT, "tied");
      c[1] = 5;
      for (double u : new double[] {0, 0.5, 0.999}) {
        tie[0] = u;
        sim.run(1, StepListener.NONE);
        assertEquals(1, action[0]);
      }
      c[1] = 0;
      int[] picks = new int[3];
      for (int k = 0; k < 300; k++) {
        tie[0] = (k + 0.5) / 300;
        sim.run(1, StepListener.NONE);
        picks[(int) action[0]]++;
      }
      assertArrayEquals(new int[] {100, 100, 100}, picks);
      // Only the tied maxima can be picked.
      c[0] = 4;
      c[1] = 1;
      c[2] = 4;
      tie[0] = 0.49;
      sim.run(1, StepListener.NONE);
      assertEquals(0, action[0]);
      tie[0] = 0.51;
      sim.run(1, StepListener.NONE);
      assertEquals(2, action[0]);
      assertArrayEquals(new double[] {4, 1, 4}, port(sim, PortRole.READOUT_ARGUMENT, "tied"));
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anOutputNoKernelComputesYetHasNoPort(Backend engine) {
    try (Simulation sim = prepare(engine)) {
      assertEquals(List.of(), sim.program().port(PortRole.READOUT, "unread").stream().toList());
      assertTrue(sim.program().readouts().stream().noneMatch(k -> k.name().startsWith("unread")));
      // Only argmax(pools(p, k)) has an efference copy to arm.
      assertTrue(sim.program().port(PortRole.EFFERENCE, "tied").isPresent());
      assertEquals(List.of(), sim.program().port(PortRole.EFFERENCE, "first").stream().toList());
    }
  }
}
