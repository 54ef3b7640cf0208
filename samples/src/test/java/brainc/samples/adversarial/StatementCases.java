package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * `check` reports what `train` and `detect` would refuse (class 2: check accepts constructs
 * that a verb then refuses). Every model is tried twice: `check` reports the diagnostic (an
 * error, or the W1020 warning with exit 0 for what is valid but not implemented yet) with its
 * exact code and range, and the verb refuses it with the same code and range, exit 1, before
 * any data is read and without writing anything.
 */
public final class StatementCases {
  /** A dataset-trained network: LIF/Leaky models, `members` from line 6, a training from line 9 or later. */
  private static String dataset(String members, String output, String settings) {
    return "use brain.neurons.Leaky\nuse brain.neurons.LIF\nnetwork N {\n"
        + "  input x[4] encode bernoulli(steps = 5)\n"                  // line 4
        + "  layer h = Leaky[3] { beta = 0.9, threshold = 1.0 }\n"     // line 5
        + "  " + members + "\n"                                          // line 6
        + "  " + output + "\n"                                           // line 7
        + "}\n"                                                          // line 8
        + "train N on dataset fashion_mnist { loss cross_entropy(y) " + settings + " }\n"; // line 9
  }

  private static final String DENSE_OUT = "output y = spike_count(h)";

  /** An environment-trained network: `input` on line 4, motor on 5, connect on 6, output on 7, train on 9. */
  private static String environment(String input, String output, String env, String body) {
    return "use brain.neurons.LIF\nuse brain.synapses.RSTDP\nnetwork B {\n"
        + "  " + input + "\n"                                                     // line 4
        + "  population motor = LIF[4] { v_rest = -55 mV }\n"                   // line 5
        + "  connect o -> motor  weight 20 mV  all\n"                             // line 6
        + "  " + output + "\n"                                                    // line 7
        + "}\n"                                                                   // line 8
        + "train B in environment " + env + " {\n  episodes 2\n  steps 5\n" + body + "}\n"; // line 9
  }

  private static final String CARTPOLE_IN = "input o[4] encode rate(max = 400 Hz)";
  private static final String ACTION = "output action = argmax(pools(motor, 2))";

  /** An HTM region whose first encoder (line 2) is {@code encode}, and a detect statement of a CSV in the case's folder. */
  private static String region(String encode, Path dir) {
    return "region R : htm {\n  " + encode + "\n  spatial_pooler { columns = 64 }\n  temporal_memory { cells_per_column = 4 }\n}\n"
        + "detect anomalies with R in csv \"" + dir.resolve("d.csv") + "\" to \"" + dir.resolve("s.csv") + "\"\n";
  }

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // ---- train: what no network/version can train yet, a warning in check ----
    both(c, "train-agent", text(readSample("gridworld_agent.brain")), true, "W1020", 20, 1, 54);
    both(c, "train-workspace", text(readSample("workspace.brain") + "train Order in environment cartpole { episodes 2 }\n"),
        true, "W1020", 21, 1, 51);
    both(c, "dataset-delay", text(dataset("connect x -> h dense delay 1 ms", DENSE_OUT, "")), true, "W1020", 6, 3, 34);
    both(c, "dataset-all-to-all", text(dataset("connect x -> h all", DENSE_OUT, "")), true, "W1020", 6, 3, 21);
    both(c, "dataset-weight-on-dense", text(dataset("connect x -> h dense weight 2", DENSE_OUT, "")), true, "W1020", 6, 3, 32);
    both(c, "dataset-exp-kernel", text(dataset("connect x -> h dense via exp(tau = 5 ms)", DENSE_OUT, "")), true, "W1020", 6, 3, 43);
    // (a layer's own recurrent projection trains; a cycle through another layer: RecurrentTrainCases)
    both(c, "dataset-neuron-with-equation", text(dataset("population q = LIF[3]\n  connect x -> q dense", "output y = spike_count(q)", "")),
        true, "W1020", 6, 3, 24);
    both(c, "dataset-rate-readout", text(dataset("connect x -> h dense", "output y = rate(h)", "")), true, "W1020", 7, 3, 21);
    both(c, "dataset-schedule-phase-reset", text(dataset("connect x -> h dense", DENSE_OUT, "schedule phase_reset(0.5)")),
        true, "W1020", 9, 1, 85);
    both(c, "dataset-two-inputs", text(dataset("input z[4] encode bernoulli(steps = 5)\n  connect x -> h dense", DENSE_OUT, "")),
        true, "W1020", 6, 3, 41);
    both(c, "environment-two-inputs", text(environment(CARTPOLE_IN + "\n  input z[4] encode rate(max = 400 Hz)", ACTION,
        "cartpole", "")), true, "W1020", 5, 3, 39);
    both(c, "environment-mastery-below", text(environment("input o[3] encode rate(max = 400 Hz)",
        "output action = argmax(pools(motor, 3))", "car_track",
        "  curriculum {\n    straight until mean(20) < 50\n    complex\n  }\n")), true, "W1020", 13, 5, 33);
    // ---- train: models that cannot train as written, an error in check ----
    both(c, "environment-input-size", text(environment("input o[3] encode rate(max = 400 Hz)", ACTION, "cartpole", "")),
        false, "E1020", 4, 3, 39);
    both(c, "environment-no-output", text(environment(CARTPOLE_IN, "", "cartpole", "")), false, "E1020", 3, 1, 12);
    both(c, "environment-unknown-phase", text(environment("input o[3] encode rate(max = 400 Hz)",
        "output action = argmax(pools(motor, 3))", "car_track",
        "  curriculum {\n    straight until mean(20) > 50\n    motorway\n  }\n")), false, "E1020", 14, 5, 13);
    both(c, "dataset-loss-reads-a-layer", text(dataset("connect x -> h dense", DENSE_OUT, "").replace("cross_entropy(y)",
        "cross_entropy(h)")), false, "E1020", 9, 1, 60);
    // ---- detect: region settings that do not go together, whatever the data ----
    both(c, "detect-scalar-min-above-max", d -> region("encode value with scalar(min = 5, max = 1, size = 40, active_bits = 5)", d),
        false, "E0802", 2, 3, 73);
    both(c, "detect-date-without-features", d -> region("encode timestamp with date(time_of_day = 0)", d), false, "E0802", 2, 3, 46);
    // `check --json` carries the same code for tools.
    c.add(Case.of(SILENT, "check-json-reports-train-refusal")
        .file("m.brain", dataset("connect x -> h dense delay 1 ms", DENSE_OUT, ""))
        .args("check", "--json", "$D/m.brain").exit(0).jsonCode("W1020"));
    // The models the verbs do run are not flagged.
    c.add(Case.of(SILENT, "check-clean-dataset-network")
        .file("m.brain", dataset("connect x -> h dense", DENSE_OUT, ""))
        .args("check", "$D/m.brain").exit(0).stderrLacks("W1020").stderrLacks("E1020"));
    c.add(Case.of(SILENT, "check-clean-environment-network")
        .file("m.brain", environment(CARTPOLE_IN, ACTION, "cartpole", ""))
        .args("check", "$D/m.brain").exit(0).stderrLacks("W1020").stderrLacks("E1020"));
    return c;
  }

  /** A model text that does not depend on the case's folder. */
  private static java.util.function.Function<Path, String> text(String model) {
    return d -> model;
  }

  private static String readSample(String name) {
    try {
      return Files.readString(Path.of(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Two cases of one model: `check` (a warning and exit 0 when {@code notYet}, else an error) and
   * the verb (`train`, or `detect` for E0802), both at {@code line:col .. endCol}.
   */
  private static void both(List<Case> c, String name, java.util.function.Function<Path, String> model, boolean notYet,
      String code, int line, int col, int endCol) {
    Case check = Case.of(SILENT, name + "-check").setup(d -> write(d, model.apply(d))).args("check", "$D/m.brain");
    if (notYet) {
      check.exit(0).warning(code, line, col).then(o -> o.assertDiagnostic("warning", code, line, col, endCol));
    } else {
      check.error(code, line, col, endCol);
    }
    c.add(check);
    boolean detect = code.equals("E0802");
    Case verb = Case.of(SILENT, name + (detect ? "-detect" : "-train")).setup(d -> write(d, model.apply(d)))
        .error(code, line, col, endCol).absent("o").absent("o.checkpoint").absent("s.csv");
    verb.args(detect ? new String[] {"detect", "$D/m.brain"} : new String[] {"train", "$D/m.brain", "--out", "$D/o", "-q"});
    c.add(verb);
  }

  private static void write(Path dir, String model) {
    try {
      Files.writeString(dir.resolve("m.brain"), model, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("d.csv"), "timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:05:00,2\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
