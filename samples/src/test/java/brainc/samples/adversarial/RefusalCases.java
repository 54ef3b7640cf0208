package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * "Cannot run this" is found before lowering, as diagnostics at the construct: a model with
 * several refusals shows each (the scheduler used to stop at its first), an input without values
 * does not hide what the scheduler cannot lower from `compile --explain`, and a training's
 * shape is refused with the code `check` gives it. Never an internal error.
 */
public final class RefusalCases {
  private RefusalCases() {}

  /** A neuron without a `spike when` rule. */
  private static final String QUIET = """
      neuron Quiet {
        param tau = 10 ms
        state v = 0 mV
        input I: mV
        v' = (I - v) / tau
      }
      """;

  /**
   * A weight no engine draws yet (W1021, line 11) beside a variable monitored twice into one
   * file (E1006, line 13): both are reported.
   */
  static final String TWO_REFUSALS = "use brain.neurons.LIF\n" + QUIET + """
      network N {
        population p = LIF[2]
        population q = Quiet[2]
        connect p -> q  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)
        monitor v of q
        monitor v of q every 1 ms
      }
      run N for 10 ms dt 0.1 ms
      """;

  /** An input without values (E1007, which compile tolerates, line 3) and a draw no engine runs yet (W1021, line 5). */
  static final String INPUT_AND_CANNOT_RUN_YET = """
      use brain.neurons.LIF
      network N {
        input x[2] encode poisson(max = 15 Hz)
        population p = LIF[2]
        connect p -> p  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)
        connect x -> p  weight 1 mV  one_to_one  via exp(tau = 5 ms)
      }
      run N for 10 ms dt 0.1 ms
      """;

  /** A network trained on a dataset with two inputs (W1020 at the second, line 4) and no output. */
  static final String TWO_INPUTS = """
      use brain.neurons.Leaky
      network N {
        input x[4] encode bernoulli(steps = 5)
        input z[4] encode bernoulli(steps = 5)
        layer h = Leaky[3] { beta = 0.9, threshold = 1.0 }
        connect x -> h  dense
        output y = spike_count(h)
      }
      train N on dataset fashion_mnist { loss cross_entropy(y) }
      """;

  /** A network trained on a dataset without any input (E1020 at the network, line 2). */
  static final String NO_INPUT = """
      use brain.neurons.Leaky
      network N {
        layer h = Leaky[3] { beta = 0.9, threshold = 1.0 }
        output y = spike_count(h)
      }
      train N on dataset fashion_mnist { loss cross_entropy(y) }
      """;

  public static List<Case> cases() {
    return List.of(
        Case.of(SILENT, "check-reports-a-wrong-model-beside-a-cannot-run-yet").file("m.brain", TWO_REFUSALS)
            .args("check", "$D/m.brain").error("E1006", 13, 3).warning("W1021", 11, 3),
        Case.of(CRASHES, "run-refuses-each-refusal-before-lowering").file("m.brain", TWO_REFUSALS)
            .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1006", 13, 3).error("W1021", 11, 3).absent("o")
            .stderrLacks("internal error"),
        Case.of(CRASHES, "explain-with-an-input-still-refuses-cannot-run-yet").file("m.brain", INPUT_AND_CANNOT_RUN_YET)
            .args("compile", "--explain", "$D/m.brain").error("W1021", 5, 3).stderrLacks("internal error"),
        Case.of(SILENT, "check-warns-of-a-second-input-on-a-dataset").file("m.brain", TWO_INPUTS)
            .args("check", "$D/m.brain").exit(0).warning("W1020", 4, 3),
        Case.of(CRASHES, "train-refuses-a-second-input-on-a-dataset").file("m.brain", TWO_INPUTS)
            .args("train", "$D/m.brain", "--out", "$D/o", "-q").error("W1020", 4, 3).absent("o").absent("o.checkpoint"),
        Case.of(CRASHES, "train-refuses-a-network-without-input").file("m.brain", NO_INPUT)
            .args("train", "$D/m.brain", "--out", "$D/o", "-q").error("E1020", 2, 1).absent("o"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
