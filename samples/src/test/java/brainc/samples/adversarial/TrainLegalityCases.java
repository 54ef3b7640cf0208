package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What training on a dataset cannot do yet (W1020) is found by a check over the model IR,
 * before any lowering: for each kind of construct in a neuron model that the training lowering
 * cannot lower (the ones {@link StatementCases} and {@link RecurrentTrainCases} do not already
 * cover), `check` warns at the population, `train` refuses it there with the same message, and
 * nothing is written or reported as an internal error. {@link TrainLegalityCorpusTest} then
 * lowers each of these models to prove the lowering refuses exactly what the check reported.
 */
public final class TrainLegalityCases {
  private TrainLegalityCases() {}

  private static final String D = "  state v = 0\n  input I\n  step v = 0.9 * v + I\n  spike when v > 1 { v = 0 }\n";

  /** A network trained on a dataset with a population `p` (line 6) of the model `D`, {@link #D} with {@code from} replaced by {@code to}. */
  private static String withD(String from, String to) {
    if (!D.contains(from)) throw new IllegalArgumentException(from);
    return "use brain.neurons.Leaky\nnetwork N {\n  input x[4] encode bernoulli(steps = 5)\n  layer h = Leaky[3]\n"
        + "  connect x -> h dense\n  population p = D[3]\n  connect x -> p dense\n  output y = spike_count(p)\n}\n"
        + "train N on dataset fashion_mnist { loss cross_entropy(y) }\nneuron D {\n" + D.replace(from, to) + "}\n";
  }

  /** name, model, and what the message says (at the population `p`, line 6, column 3). */
  private static final String[][] MODELS = {
      {"a-refractory-period", withD("  input I\n", "  input I\n  refractory 1 ms\n"), "has a refractory period"},
      {"a-let-value", withD("  step v = 0.9 * v + I\n", "  let u = 0.9 * v\n  step v = u + I\n"), "has `let` values"},
      {"a-model-that-never-spikes", withD("  spike when v > 1 { v = 0 }\n", ""), "never spikes"},
      {"an-initial-value-drawn", withD("state v = 0", "state v = uniform(0, 1)"), "initial value of v is not a constant"},
      {"an-open-port-with-a-kernel", withD("  input I\n", "  input I\n  input J kernel exp(tau = 5 ms)\n")
          .replace("connect x -> p dense", "connect x -> p.I dense"), "input `J` is not a delta port"},
      {"the-time-in-an-update", withD("0.9 * v + I", "0.9 * v + I + t / 1 ms"), "`t` in a trained equation"},
      {"a-function-in-an-update", withD("0.9 * v + I", "0.9 * v + exp(I)"), "cannot differentiate yet"},
      {"a-spike-condition-below", withD("v > 1", "v < -1"), "a spike condition other than `a > b` or `a >= b`"},
      {"a-conditional-reset", withD("{ v = 0 }", "{ if v > 2 { v = 0 } }"), "a reset other than assignments to states"},
  };

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (String[] m : MODELS) {
      c.add(Case.of(SILENT, "check-warns-of-training-" + m[0]).file("m.brain", m[1])
          .args("check", "$D/m.brain").exit(0).warning("W1020", 6, 3).stderrHas(m[2]));
      c.add(Case.of(CRASHES, "train-refuses-" + m[0]).file("m.brain", m[1])
          .args("train", "$D/m.brain", "--out", "$D/o", "-q").error("W1020", 6, 3).stderrHas(m[2]).absent("o")
          .absent("o.checkpoint").stderrLacks("internal error"));
    }
    // An encoder without a number of steps cannot be trained as written: an error in check too.
    String rate = withD("state v = 0", "state v = 0").replace("bernoulli(steps = 5)", "rate(max = 100 Hz)");
    c.add(Case.of(SILENT, "check-rejects-training-an-encoder-without-steps").file("m.brain", rate)
        .args("check", "$D/m.brain").error("E1020", 3, 3).stderrHas("has no number of steps (give it `steps = N`)"));
    c.add(Case.of(CRASHES, "train-rejects-an-encoder-without-steps").file("m.brain", rate)
        .args("train", "$D/m.brain", "--out", "$D/o", "-q").error("E1020", 3, 3).stderrHas("has no number of steps")
        .absent("o").stderrLacks("internal error"));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
