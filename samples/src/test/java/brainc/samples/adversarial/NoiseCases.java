package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Randomness in neuron updates, white noise `xi(T)` and the refractory variants, misused where a
 * new user would try them: each misuse is a coded error at its place (E0421 for noise or a draw
 * where it cannot be integrated, E0301 for a noise time scale that is not a time, E0402 for
 * `unless refractory` without a refractory period, E0303 for a refractory condition that is not
 * one), never an internal error; what is right runs and writes its monitors.
 */
public final class NoiseCases {
  private NoiseCases() {}

  private static String neuron(String body) {
    return "neuron G {\n  param tau = 10 ms\n  state v = 0 mV\n" + body + "\n}\n"
        + "network N {\n  population a = G[4]\n  monitor v of a\n}\nrun N for 5 ms\n";
  }

  public static List<Case> cases() {
    return List.of(
        Case.of(SILENT, "noise-in-a-step-is-refused-at-the-call")
            .file("m.brain", neuron("  step v = v + 1 mV * xi(tau)"))
            .args("check", "$D/m.brain").error("E0421", 4, 23),
        Case.of(SILENT, "noise-inside-a-function-is-refused")
            .file("m.brain", neuron("  v' = -v / tau + exp(xi(tau)) * 1 mV / tau"))
            .args("check", "$D/m.brain").error("E0421", 4, 23),
        Case.of(SILENT, "noise-as-a-divisor-is-refused")
            .file("m.brain", neuron("  v' = -v / tau + 1 mV / tau / xi(tau)"))
            .args("check", "$D/m.brain").error("E0421", 4, 32),
        Case.of(SILENT, "a-product-of-two-noises-is-refused")
            .file("m.brain", neuron("  v' = -v / tau + 1 mV * xi(tau) * xi(tau) / tau"))
            .args("check", "$D/m.brain").error("E0421", 4, 36),
        Case.of(SILENT, "a-draw-in-an-equation-is-refused")
            .file("m.brain", neuron("  v' = -v / tau + normal(0 mV, 1 mV) / tau"))
            .args("check", "$D/m.brain").error("E0421", 4, 19),
        Case.of(SILENT, "a-noise-time-scale-that-is-not-a-time-is-a-unit-mismatch")
            .file("m.brain", neuron("  v' = (-v + 1 mV * xi(5 mV)) / tau"))
            .args("check", "$D/m.brain").error("E0301", 4, 24),
        Case.of(SILENT, "a-noise-term-without-its-time-constant-is-a-unit-mismatch")
            .file("m.brain", neuron("  v' = -v / tau + 1 mV * xi(tau)"))
            .args("check", "$D/m.brain").error("E0301", 4, 8).stderrHas("the two sides of `+` are in V/s and in V"),
        Case.of(SILENT, "noise-in-a-weight-is-refused")
            .file("m.brain", "use brain.neurons.LIF\nnetwork N {\n  population p = LIF[2]\n"
                + "  connect p -> p weight 1 mV * xi(1 ms)\n}\nrun N for 5 ms\n")
            .args("check", "$D/m.brain").error("E0421", 4, 32),
        Case.of(SILENT, "noise-in-a-synapse-equation-is-refused")
            .file("m.brain", "synapse S {\n  var w = 0.5\n  w' = -w / 10 ms + xi(1 ms) / 10 ms\n  on pre { deliver w }\n}\n")
            .args("check", "$D/m.brain").error("E0421", 3, 21),
        Case.of(SILENT, "unless-refractory-without-a-refractory-period-is-refused")
            .file("m.brain", neuron("  v' = -v / tau unless refractory"))
            .args("check", "$D/m.brain").error("E0402", 4, 3),
        Case.of(SILENT, "a-refractory-condition-that-is-a-time-is-refused")
            .file("m.brain", neuron("  v' = -v / tau\n  spike when v > 1 mV { v = 0 mV }\n  refractory while 2 ms"))
            .args("check", "$D/m.brain").error("E0303", 6, 20),
        Case.of(SILENT, "a-bernoulli-spike-rule-outside-its-range-is-refused")
            .file("m.brain", neuron("  v' = -v / tau\n  spike when bernoulli(2)"))
            .args("check", "$D/m.brain").error("E0307", 5, 24),
        Case.of(FILES, "a-noisy-neuron-with-a-refractory-condition-runs")
            .file("m.brain", neuron("  state c = 0 mV\n  v' = (2 mV - v + c + 1 mV * xi(tau)) / tau\n"
                + "  c' = -c / tau unless refractory\n  spike when v > 1 mV { v = 1.2 mV\n    c = 1 mV }\n"
                + "  refractory while v > 1.1 mV"))
            .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_a.npy"),
        Case.of(SILENT, "explain-reports-noise-and-the-refractory-rule")
            .file("m.brain", neuron("  state c = 0 mV\n  v' = (2 mV - v + c + 1 mV * xi(tau)) / tau\n"
                + "  c' = -c / tau unless refractory\n  spike when v > 1 mV { v = 1.2 mV\n    c = 1 mV }\n"
                + "  refractory while v > 1.1 mV"))
            .args("compile", "--explain", "$D/m.brain").exit(0).stdoutHas("white noise by Euler-Maruyama")
            .stdoutHas("a: refractory while its condition holds at the start of a step; held meanwhile: c"),
        Case.of(CRASHES, "a-poisson-neuron-runs-on-the-interpreter-with-threads")
            .file("m.brain", "neuron P {\n  param rate = 50 Hz\n  state n = 0\n  step n = n + bernoulli(0.5)\n"
                + "  spike when bernoulli(rate * dt)\n}\nnetwork N {\n  population p = P[100]\n  monitor spikes of p\n}\n"
                + "run N for 20 ms\n")
            .args("run", "$D/m.brain", "-q", "--backend", "interp", "--threads", "2", "--out", "$D/o").exit(0)
            .exists("o/spikes_p.npy"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
