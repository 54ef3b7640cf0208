package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.TrainSpec;
import brainc.ir.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What `train` and `detect` would refuse is found from the model alone, with its code, level
 * and place: a warning (W1020) for what is valid but not trained yet, an error otherwise; and
 * `train` gets the same diagnostics as errors.
 */
class TrainCheckTest {
  private static Analysis analyse(String text) {
    Analysis a = new Frontend().analyze(SourceFile.of("m.brain", text));
    assertEquals(List.of(), a.diagnostics(), "the model should check clean");
    return a;
  }

  /** CODE@line:col, and `!` for an error. */
  private static List<String> check(String text) {
    Analysis a = analyse(text);
    return RunCheck.check(a).stream()
        .map(d -> d.code().name() + (d.isError() ? "!" : "") + "@" + a.main().source().lines().position(d.span().start()))
        .toList();
  }

  private static String dataset(String members, String output) {
    return "use brain.neurons.Leaky\nuse brain.neurons.LIF\nnetwork N {\n  input x[4] encode bernoulli(steps = 5)\n"
        + "  layer h = Leaky[3] { beta = 0.9, threshold = 1.0 }\n  " + members + "\n  " + output + "\n}\n"
        + "train N on dataset fashion_mnist { loss cross_entropy(y) }\n";
  }

  private static String environment(int inputSize, String body) {
    return "use brain.neurons.LIF\nnetwork B {\n  input o[" + inputSize + "] encode rate(max = 400 Hz)\n"
        + "  population motor = LIF[4] { v_rest = -55 mV }\n  connect o -> motor  weight 20 mV  all\n"
        + "  output action = argmax(pools(motor, 3))\n}\ntrain B in environment car_track {\n" + body + "}\n";
  }

  @Test
  void aTrainableNetworkHasNoProblems() {
    assertEquals(List.of(), check(dataset("connect x -> h dense", "output y = spike_count(h)")));
    assertEquals(List.of(), check(environment(3, "  curriculum {\n    straight until mean(20) > 50\n    complex\n  }\n")));
  }

  @Test
  void whatTheDatasetTrainerDoesNotImplementIsAWarningAtItsConstruct() {
    assertEquals(List.of("W1020@6:3"), check(dataset("connect x -> h dense delay 1 ms", "output y = spike_count(h)")));
    assertEquals(List.of("W1020@6:3"), check(dataset("connect x -> h dense weight 2", "output y = spike_count(h)")));
    assertEquals(List.of("W1020@7:3"), check(dataset("connect x -> h dense", "output y = rate(h)")));
    assertEquals(List.of("W1020@6:3"), check(dataset("population q = LIF[3]\n  connect x -> q dense\n  connect q -> h dense",
        "output y = spike_count(h)")));
  }

  @Test
  void aMasteryConditionOtherThanMeanAboveIsAWarningAtItsPhase() {
    assertEquals(List.of("W1020@10:5"), check(environment(3, "  curriculum {\n    straight until mean(20) < 50\n    complex\n  }\n")));
  }

  @Test
  void whatCannotTrainAsWrittenIsAnError() {
    assertEquals(List.of("E1020!@3:3"), check(environment(4, "")));
    assertEquals(List.of("E1020!@11:5"), check(environment(3, "  curriculum {\n    straight until mean(20) > 50\n    motorway\n  }\n")));
  }

  @Test
  void trainRefusesWhatCheckOnlyWarnsOf() {
    Analysis a = analyse(dataset("connect x -> h all", "output y = spike_count(h)"));
    var module = Lowering.lower(a);
    TrainSpec t = (TrainSpec) module.decls().stream().filter(d -> d instanceof TrainSpec).findFirst().orElseThrow();
    List<Diagnostic> warned = TrainCheck.check(module, t);
    List<Diagnostic> refused = TrainCheck.refusals(module, t);
    assertEquals(1, warned.size());
    assertTrue(!warned.get(0).isError() && refused.get(0).isError());
    assertEquals(warned.get(0).span(), refused.get(0).span());
    assertEquals(warned.get(0).code(), refused.get(0).code());
  }

  @Test
  void regionSettingsThatDoNotGoTogetherAreReportedAtTheEncoder() {
    assertEquals(List.of("E0802!@2:3"), check("region R : htm {\n  encode value with scalar(min = 5, max = 1, size = 40, active_bits = 5)\n"
        + "  spatial_pooler { columns = 64 }\n}\n"));
    assertEquals(List.of(), check("region R : htm {\n  encode value with scalar(min = 1, max = 5, size = 40, active_bits = 5)\n"
        + "  spatial_pooler { columns = 64 }\n}\n"));
  }
}
