package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What a run cannot do yet (W1021) is found by a check over the model IR, before any lowering:
 * for each kind of construct the scheduler cannot lower, `check` warns at the construct, `check
 * --target interp` and `run` refuse it there with the same message, and nothing is written or
 * reported as an internal error. {@link RunLegalityCorpusTest} then lowers each of these models
 * to prove the lowering refuses exactly what the check reported.
 */
public final class LegalityCases {
  private LegalityCases() {}

  /** Two LIF populations around {@code body} (from line 5), and a run of them. */
  private static String net(String uses, String body) {
    return uses + "network N {\n  population p = LIF[4]\n  population q = LIF[4]\n" + body + "\n}\nrun N for 10 ms dt 0.1 ms\n";
  }

  private static final String LIF = "use brain.neurons.LIF\n";

  /** name, model, line and column of the construct, and what the message says. */
  private static final Object[][] MODELS = {
      {"a-delay-without-an-upper-bound", net(LIF, "  connect p -> q  weight 1 mV delay normal(2 ms, 0.1 ms)"), 5, 3,
          "a per-synapse delay without an upper bound (use uniform(a, b))"},
      {"a-refractory-period-that-changes-with-time", LIF
          + "neuron R {\n  state v = 0\n  v' = -v / 10 ms\n  spike when v > 1 { v = 0 }\n  refractory 1 ms * t / 1 ms\n}\n"
          + net("", "  population r = R[2]"), 11, 3, "a refractory period that is not constant"},
      {"a-nonlinear-synapse-equation", net(LIF + "synapse S {\n  var w = 0.5\n  w' = w * w / 10 ms\n  on pre { deliver w }\n}\n",
          "  connect p -> q weight 1 mV via S"), 10, 3, "the synapse equation `w' = ...` (only x' = a x + b runs)"},
      {"a-draw-in-a-trace-increment", net(LIF + "synapse S {\n  var w = 0.5\n  trace x decays 10 ms on pre += uniform(0, 1)\n"
          + "  on pre { deliver w }\n}\n", "  connect p -> q weight 1 mV via S"), 10, 3, "`uniform` in the trace `x` of synapse model S"},
      {"a-modulation-without-its-signal", net(LIF + "use brain.synapses.RSTDP\n", "  connect p -> q weight 1 mV via RSTDP"), 6, 3,
          "`modulated by dopamine` without a network signal `dopamine`"},
      {"a-signal-of-a-function-signals-lack", net(LIF + "use brain.synapses.RSTDP\n",
          "  connect p -> q weight 1 mV via RSTDP\n  signal dopamine = exp(reward)"), 7, 3, "the signal `dopamine` (only reward"},
  };

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (Object[] m : MODELS) {
      String name = (String) m[0];
      String text = (String) m[1];
      int line = (Integer) m[2];
      int col = (Integer) m[3];
      String says = (String) m[4];
      c.add(Case.of(SILENT, "check-warns-of-" + name).file("m.brain", text)
          .args("check", "$D/m.brain").exit(0).warning("W1021", line, col).stderrHas(says));
      c.add(Case.of(CRASHES, "run-refuses-" + name).file("m.brain", text)
          .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("W1021", line, col).stderrHas(says).absent("o")
          .stderrLacks("internal error"));
    }
    c.add(Case.of(SILENT, "check-for-a-kernel-engine-refuses-what-no-kernel-engine-runs").file("m.brain", (String) MODELS[0][1])
        .args("check", "--target", "interp", "$D/m.brain").error("W1021", 5, 3).stderrHas("without an upper bound"));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
