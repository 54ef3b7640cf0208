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
 * The `nir` target: one fixture per refusal (E1110-E1114) at its construct, from `check --target
 * nir` and from `compile --target nir` (exit 1, no folder written), every refusal of a model in
 * one run, the warnings an export goes on with (W1110, W1111), and the options' usage errors.
 */
public final class NirCases {
  private NirCases() {}

  private static String net(String uses, String body) {
    return uses + "\nnetwork N {\n" + body + "}\n\nrun N for 5 ms dt 0.1 ms\n";
  }

  private static final String DRIVER = "  population a = LIF[2] { v_rest = -45 mV, t_ref = 0 ms }\n";

  /** The stdlib LIF keeps its 2 ms refractory period (line 4). */
  static final String REFRACTORY = net("use brain.neurons.LIF\n",
      "  population a = LIF[2] { v_rest = -45 mV }\n  population b = LIF[2] { t_ref = 0 ms }\n"
          + "  connect a -> b  weight 1 mV  all\n");

  /** 5 ms and 10 ms kernels on one port, as CUBA has (population at line 5). */
  static final String TWO_KERNELS = net("use brain.neurons.LIF\n", DRIVER + "  population b = LIF[2] { t_ref = 0 ms }\n"
      + "  connect a -> b  weight 1 mV  all  via exp(tau = 5 ms)\n"
      + "  connect a -> b  weight -1 mV  all  via exp(tau = 10 ms)\n");

  /** LIFSyn's two kernelled ports (line 6). */
  static final String TWO_PORTS = net("use brain.neurons.LIF\nuse brain.neurons.LIFSyn\n", DRIVER
      + "  population b = LIFSyn[2] { t_ref = 0 ms }\n  connect a -> b.exc  weight 1 mV  all\n"
      + "  connect a -> b.inh  weight -1 mV  all\n");

  static final String ALPHA = net("use brain.neurons.LIF\n", DRIVER + "  population b = LIF[2] { t_ref = 0 ms }\n"
      + "  connect a -> b  weight 1 mV  all  via alpha(tau = 5 ms)\n");

  /** snnTorch's Leaky: reset by subtraction (lines 4 and 5). */
  static final String SUBTRACTIVE = net("use brain.neurons.Leaky\n",
      "  population a = Leaky[2]\n  population b = Leaky[3]\n  connect a -> b  weight 0.5  all\n");

  /** Delays drawn per synapse (connection at line 6). */
  static final String DRAWN_DELAYS = net("use brain.neurons.LIF\n", DRIVER + "  population b = LIF[2] { t_ref = 0 ms }\n"
      + "  connect a -> b  weight 1 mV  all  delay uniform(1 ms, 3 ms)\n");

  /** A plastic connection (line 7). */
  static final String PLASTIC = net("use brain.neurons.LIF\nuse brain.synapses.STDP\n", DRIVER
      + "  population b = LIF[2] { t_ref = 0 ms }\n  connect a -> b  weight 1 mV  all  via STDP\n");

  /** Izhikevich and AdEx (lines 5 and 6). */
  static final String OTHER_DYNAMICS = net("use brain.neurons.Izhikevich\nuse brain.neurons.AdEx\n",
      "  population a = Izhikevich[2]\n  population b = AdEx[2]\n  connect a -> b  weight 1 nA  all\n");

  /** No connections (network at line 3). */
  static final String EDGELESS = net("use brain.neurons.LIF\n", DRIVER);

  /** Three refusals in one model: refractory (6), Izhikevich (7), plasticity (8). */
  static final String MANY = net("use brain.neurons.LIF\nuse brain.neurons.Izhikevich\nuse brain.synapses.STDP\n",
      "  population a = LIF[2] { v_rest = -45 mV }\n  population b = Izhikevich[2]\n"
          + "  connect a -> b  weight 1 mV  all  via STDP\n");

  /** Exports: a 2 x 2 matrix of 16 bytes (connection at line 6). */
  static final String EXPORTS = net("use brain.neurons.LIF\n", DRIVER + "  population b = LIF[2] { t_ref = 0 ms }\n"
      + "  connect a -> b  weight 1 mV  all\n");

  /** An input group: its encoder stays on the host (line 5). */
  static final String INPUT = net("use brain.neurons.LIF\nuse brain.neurons.LI\n",
      "  input x[4] encode poisson(max = 100 Hz)\n  population h = LIF[3] { t_ref = 0 ms }\n  population r = LI[2]\n"
          + "  connect x -> h  weight 100 mV  all\n  connect h -> r  weight 50 mV  all\n  output m = membrane(r)\n");

  /** A training on a dataset (statement at line 10). */
  static final String TRAIN = """
      use brain.neurons.Leaky

      network Classifier {
        input pixels[784] encode bernoulli(steps = 25)
        layer out = Leaky[10] { beta = 0.9, threshold = 1.0 }
        connect pixels -> out  dense
        output logits = spike_count(out)
      }

      train Classifier on dataset fashion_mnist {
        loss cross_entropy(logits)
      }
      """;

  private static Case check(Case.Kind kind, String name, String text) {
    return Case.of(kind, name).file("m.brain", text).args("check", "--target", "nir", "$D/m.brain");
  }

  private static Case compile(Case.Kind kind, String name, String text, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("compile", "$D/m.brain", "--target", "nir", "-o", "$D/out"));
    args.addAll(List.of(more));
    return Case.of(kind, name).file("m.brain", text).args(args.toArray(String[]::new));
  }

  /** The file written conforms (layout, fields, dtypes, shapes along edges). */
  private static void conforms(Outcome o) {
    List<String> problems = brainc.codegen.nir.NirConformance.check(o.path("out/N.nir")).problems();
    if (!problems.isEmpty()) throw new AssertionError("out/N.nir: " + problems);
  }

  public static List<Case> cases() {
    return List.of(
        // ---- one fixture per refusal ----
        check(SILENT, "check-nir-refractory-period", REFRACTORY).error("E1110", 4, 3).stderrHas("t_ref = 0 ms"),
        check(SILENT, "check-nir-two-kernels-on-one-port", TWO_KERNELS).error("E1110", 5, 3)
            .stderrHas("two kernels on its input (exp 5 ms, exp 10 ms)"),
        check(SILENT, "check-nir-two-kernelled-ports", TWO_PORTS).error("E1110", 6, 3).stderrHas("two kernelled ports (exc, inh)"),
        check(SILENT, "check-nir-alpha-kernel", ALPHA).error("E1110", 5, 3).stderrHas("alpha kernel"),
        check(SILENT, "check-nir-subtractive-reset", SUBTRACTIVE).error("E1110", 4, 3).error("E1110", 5, 3)
            .stderrHas("--nir-reset=zero"),
        check(SILENT, "check-nir-delays-per-synapse", DRAWN_DELAYS).error("E1111", 6, 3).stderrHas("drawn per synapse"),
        check(SILENT, "check-nir-plasticity", PLASTIC).error("E1111", 7, 3).stderrHas("plastic"),
        check(SILENT, "check-nir-other-dynamics", OTHER_DYNAMICS).error("E1110", 5, 3).error("E1110", 6, 3)
            .stderrHas("the equation of `v` in `Izhikevich` is not linear").stderrHas("`AdEx`"),
        check(SILENT, "check-nir-edgeless-graph", EDGELESS).error("E1113", 3, 1),
        check(SILENT, "check-nir-train-on-dataset", TRAIN).error("E1112", 10, 1).stderrHas("weights.npz"),
        check(MESSAGES, "check-nir-reports-every-refusal-at-once", MANY).error("E1110", 6, 3).error("E1110", 7, 3)
            .error("E1111", 8, 3).stderrHas("3 errors"),
        check(CONTRACTS, "check-nir-passes-what-exports", EXPORTS).exit(0).stderrLacks("error"),
        check(CONTRACTS, "check-plain-knows-nothing-of-nir", REFRACTORY).args("check", "$D/m.brain").exit(0)
            .stderrLacks("E1110"),

        // ---- compile: a refused export writes nothing ----
        compile(CRASHES, "compile-nir-refused-writes-no-folder", MANY).error("E1110", 6, 3).error("E1111", 8, 3)
            .absent("out").stderrLacks("internal error"),
        compile(SILENT, "compile-nir-matrix-above-the-limit", EXPORTS, "--nir-max-dense", "15").error("E1114", 6, 3)
            .stderrHas("2 x 2 float32 matrix of 16 bytes").absent("out"),
        compile(CONTRACTS, "compile-nir-matrix-at-the-limit", EXPORTS, "--nir-max-dense", "16").exit(0)
            .exists("out/N.nir").stdoutHas("1 NIR file(s) written").then(NirCases::conforms),
        compile(CONTRACTS, "compile-nir-compressed", EXPORTS, "--nir-compress").exit(0).exists("out/N.nir")
            .then(NirCases::conforms),
        compile(SILENT, "compile-nir-reset-to-zero-warns", SUBTRACTIVE, "--nir-reset=zero").warning("W1111", 4, 3)
            .warning("W1111", 5, 3).exit(0).exists("out/N.nir").then(NirCases::conforms),
        compile(SILENT, "compile-nir-encoder-stays-on-the-host", INPUT).warning("W1110", 5, 3).exit(0).exists("out/N.nir")
            .then(NirCases::conforms),
        compile(CRASHES, "compile-nir-two-kernels", TWO_KERNELS).error("E1110", 5, 3).absent("out"),

        // ---- options ----
        compile(CONTRACTS, "compile-nir-reset-unknown-mode", EXPORTS, "--nir-reset=subtract").usage("zero"),
        compile(CONTRACTS, "compile-nir-max-dense-not-a-size", EXPORTS, "--nir-max-dense", "lots").usage("256MiB"),
        compile(CONTRACTS, "compile-nir-max-dense-zero", EXPORTS, "--nir-max-dense", "0").usage("positive size"),
        Case.of(CONTRACTS, "compile-nir-options-need-the-nir-target").file("m.brain", EXPORTS)
            .args("compile", "$D/m.brain", "--target", "java", "-o", "$D/out", "--nir-compress").usage("--target nir"),
        compile(CONTRACTS, "compile-nir-needs-an-output", EXPORTS).args("compile", "$D/m.brain", "--target", "nir")
            .usage("-o DIR"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
