package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Analyses live in the IR: the synapse traces and equations of each projection are solved by
 * solve-odes with that projection's parameters, explained and dumped there; a specialised neuron
 * model shows the model it came from and its drive states; what solve-odes cannot solve is still
 * refused as something that cannot run yet, at the projection.
 */
public final class AnalysisCases {
  private AnalysisCases() {}

  /** One synapse model on two projections, the second with its own trace time constant. */
  static final String TWO_PROJECTIONS = """
      use brain.neurons.LIF
      synapse Decaying {
        param tau = 20 ms
        var w = 0.5
        var e = 0.0
        trace x decays tau on pre += 1
        e' = -e / 200 ms
        on pre { deliver w }
      }
      network N {
        population p = LIF[2]
        connect p -> p  weight 1 mV  all  via Decaying, exp(tau = 5 ms)
        connect p -> p  weight 1 mV  all  via Decaying { tau = 10 ms }, exp(tau = 5 ms)
      }
      run N for 10 ms dt 0.1 ms
      """;

  public static List<Case> cases() {
    return List.of(
        Case.of(MESSAGES, "explain-shows-each-projections-synapse-integration").file("m.brain", TWO_PROJECTIONS)
            .args("compile", "--explain", "$D/m.brain").exit(0)
            .stdoutHas("solve-odes: p->p#0 (synapse Decaying).x: exact decay (trace, tau = 0.02000 s)")
            .stdoutHas("solve-odes: p->p#1 (synapse Decaying).x: exact decay (trace, tau = 0.01000 s)")
            .stdoutHas("solve-odes: p->p#1 (synapse Decaying).e: exact step (linear in itself, a = -5.000 /s)"),
        Case.of(MESSAGES, "dump-after-solve-odes-shows-solved-steps-and-specialisations").file("m.brain", TWO_PROJECTIONS)
            .args("compile", "--dump-ir=after:solve-odes", "$D/m.brain").exit(0)
            .stdoutHas("steps [x * 0.9950124791926823 + 0.0, e * ")
            .stdoutHas("steps [x * 0.9900498337491681 + 0.0, e * ")
            .stdoutHas("  from brain.neurons.LIF\n  drive I exp tau 0.005 jump I__exp0 read I__exp0\n"),
        Case.of(CRASHES, "run-refuses-an-unsolved-synapse-equation-at-its-projection")
            .file("m.brain", TWO_PROJECTIONS.replace("e' = -e / 200 ms", "e' = e * e / 1 s"))
            .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("W1021", 12, 3).absent("o")
            .stderrHas("the synapse equation `e' = ...` (only x' = a x + b runs)").stderrLacks("internal error"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
