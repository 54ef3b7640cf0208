package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Target legality: `brainc check --target NAME` with each engine and the `java` target on models
 * that need what it lacks (E11xx, or W1020/W1021 as errors where no engine of the kind runs it),
 * unknown target names, and `compile --target java` / `verify` on a model the java target
 * cannot emit: exit 1 with the diagnostic at the construct, never an internal error.
 */
public final class TargetCases {
  private TargetCases() {}

  /** A synapse whose equation reads a trace: `run` does not integrate it, so the java target refuses it (line 8). */
  static final String NONLINEAR = """
      synapse Leaky {
        param tau = 20 ms
        param tau_e = 200 ms
        var w = 0.5
        var e = 0
        trace x_pre decays tau on pre += 1

        e' = -e / tau_e + x_pre / 1 s

        on pre {
          deliver w
        }
        property quiet: no spikes => w unchanged
      }
      """;

  /** A property that reads a `let` (line 9). */
  static final String LET_IN_PROPERTY = """
      synapse Capped {
        param w_max = 1.0
        var w = 0.5
        let cap = w_max * 2
        on pre {
          deliver w
          w = clip(w + 0.1, 0, w_max)
        }
        property under_cap: always w <= cap
      }
      """;

  /** A `given` third factor that reads a parameter (line 10). */
  static final String GIVEN_A_NAME = """
      synapse Gated {
        param eta = 0.01
        param w_max = 1.0
        var w = 0.5
        on pre {
          deliver w
        }
        modulated by dopamine {
          w = clip(w + eta * dopamine, 0, w_max)
        }
        property gated: any spikes given dopamine = eta * 0 => w unchanged
      }
      """;

  /** A weight no kernel engine can draw yet (W1021 at line 5): `run` warns in check, refuses in run. */
  static final String CANNOT_RUN_YET = """
      use brain.neurons.LIF

      network N {
        population p = LIF[2]
        connect p -> p  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)
      }

      run N for 10 ms dt 0.1 ms
      """;

  /** A delayed connection no tensor engine trains yet (W1020 at line 6). */
  static final String CANNOT_TRAIN_YET = """
      use brain.neurons.Leaky

      network Classifier {
        input pixels[784] encode bernoulli(steps = 25)
        layer out = Leaky[10] { beta = 0.9, threshold = 1.0 }
        connect pixels -> out  dense  delay 1 ms
        output logits = spike_count(out)
      }

      train Classifier on dataset fashion_mnist {
        loss cross_entropy(logits)
      }
      """;

  public static List<Case> cases() {
    return List.of(
        // ---- the java target ----
        Case.of(SILENT, "check-plain-passes-a-synapse-only-verify-refuses").file("m.brain", NONLINEAR)
            .args("check", "$D/m.brain").exit(0).stderrLacks("E1101"),
        Case.of(SILENT, "check-target-java-nonlinear-synapse-equation").file("m.brain", NONLINEAR)
            .args("check", "--target", "java", "$D/m.brain").error("E1101", 8, 3).stderrHas("`java` (model IR)"),
        Case.of(SILENT, "check-target-java-property-reads-a-let").file("m.brain", LET_IN_PROPERTY)
            .args("check", "--target", "java", "$D/m.brain").error("E1102", 9, 3).stderrHas("`cap`"),
        Case.of(SILENT, "check-target-java-given-reads-a-name").file("m.brain", GIVEN_A_NAME)
            .args("check", "--target", "java", "$D/m.brain").error("E1103", 11, 3).stderrHas("`dopamine`"),
        Case.of(SILENT, "check-target-java-json").file("m.brain", NONLINEAR)
            .args("check", "--json", "--target", "java", "$D/m.brain").exit(1).jsonCode("E1101"),
        Case.of(CONTRACTS, "check-target-java-on-the-stdlib-synapses").file("m.brain", "use brain.synapses\n")
            .args("check", "--target", "java", "$D/m.brain").exit(0).stderrLacks("error").stderrLacks("warning"),
        Case.of(CRASHES, "compile-target-java-on-a-synapse-it-cannot-integrate").file("m.brain", NONLINEAR)
            .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/gen").error("E1101", 8, 3).absent("gen")
            .stderrLacks("internal error"),
        Case.of(CRASHES, "compile-target-java-on-a-property-it-cannot-read").file("m.brain", LET_IN_PROPERTY)
            .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/gen").error("E1102", 9, 3).absent("gen"),
        Case.of(SILENT, "verify-refuses-what-run-does-not-integrate").file("m.brain", NONLINEAR)
            .args("verify", "$D/m.brain", "--tries", "5").error("E1101", 8, 3).stdoutLacks("passed"),
        Case.of(MESSAGES, "verify-names-the-given-that-reads-a-name").file("m.brain", GIVEN_A_NAME)
            .args("verify", "$D/m.brain", "--tries", "5").error("E1103", 11, 3),

        // ---- the engines: what no engine of the kind runs yet is refused as the verb refuses it ----
        Case.of(SILENT, "check-plain-warns-cannot-run-yet").file("m.brain", CANNOT_RUN_YET)
            .args("check", "$D/m.brain").warning("W1021", 5, 3).exit(0),
        Case.of(SILENT, "check-target-jvm-refuses-cannot-run-yet").file("m.brain", CANNOT_RUN_YET)
            .args("check", "--target", "jvm", "$D/m.brain").error("W1021", 5, 3),
        Case.of(SILENT, "check-target-interp-refuses-cannot-run-yet").file("m.brain", CANNOT_RUN_YET)
            .args("check", "--target", "interp", "$D/m.brain").error("W1021", 5, 3),
        Case.of(SILENT, "check-target-interp-refuses-cannot-train-yet").file("m.brain", CANNOT_TRAIN_YET)
            .args("check", "--target", "interp", "$D/m.brain").error("W1020", 6, 3),
        Case.of(CONTRACTS, "check-target-java-ignores-the-statements").file("m.brain", CANNOT_RUN_YET)
            .args("check", "--target", "java", "$D/m.brain").exit(0).stderrLacks("W1021"),
        Case.of(CONTRACTS, "check-target-jvm-ignores-synapse-equations").file("m.brain", NONLINEAR)
            .args("check", "--target", "jvm", "$D/m.brain").exit(0).stderrLacks("error").stderrLacks("warning"),

        // ---- names ----
        Case.of(CONTRACTS, "check-unknown-target").file("m.brain", NONLINEAR)
            .args("check", "--target", "loihi", "$D/m.brain").usage("jvm, interp, java, cuda, nir"),
        Case.of(CONTRACTS, "check-empty-target").file("m.brain", NONLINEAR)
            .args("check", "--target", "", "$D/m.brain").usage("brainc targets"),
        Case.of(CONTRACTS, "check-target-without-a-name").file("m.brain", NONLINEAR)
            .args("check", "$D/m.brain", "--target").usage("--target"),
        Case.of(CONTRACTS, "targets-lists-every-engine-and-capability")
            .args("targets").exit(0).stdoutHas("java    model IR").stdoutHas("property-tests: ").stdoutHas("`interp` (tensor IR)"),
        Case.of(CONTRACTS, "targets-takes-no-file").file("m.brain", NONLINEAR)
            .args("targets", "$D/m.brain").usage("m.brain"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
