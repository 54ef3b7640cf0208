package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The signal functions of spike events ({@code coincidence}, {@code delayed}, {@code leaky}) as a
 * careless user writes them: a number where a population goes, times without units or not
 * positive, a minimum delay above the maximum, a capacity that is no whole number or out of
 * range, a misspelt or missing parameter, each refused by {@code check} at its place; the
 * coincidence of a population that cannot spike, refused by {@code run} before it starts; and a
 * model using all three, which runs.
 */
public final class SpikeSignalCases {
  /** The signal's expression starts at line 7, column 21. */
  private static String model(String signal, String q) {
    return "use brain.neurons.LIF\n"
        + "use brain.synapses.RSTDP\n"
        + "network N {\n"
        + "  population p = LIF[2] { v_rest = -45 mV }\n"
        + "  population q = " + q + "\n"
        + "  connect p -> q  weight 30 mV  all  via RSTDP, exp(tau = 5 ms)\n"
        + "  signal dopamine = " + signal + "\n"
        + "}\n"
        + "run N for 100 ms dt 1 ms\n";
  }

  private static final String SPIKING = "LIF[2] { v_rest = -52 mV }";

  /** {@code check} refuses {@code signal} with {@code code} at the first occurrence of {@code at} in it. */
  private static Case bad(String name, String signal, String at, String code, String message) {
    return Case.of(MESSAGES, "spike-signal-" + name).file("m.brain", model(signal, SPIKING))
        .args("check", "$D/m.brain").error(code, 7, 21 + signal.indexOf(at)).stderrHas(message);
  }

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(bad("coincidence-of-a-number", "coincidence(p, 3)", "3", "E0303", "reads the spikes of a population"));
    c.add(bad("within-without-unit", "coincidence(p, q, within = 20)", "20", "E0308", "is a time (e.g. `20 ms`)"));
    c.add(bad("within-in-volts", "coincidence(p, q, within = 20 mV)", "20 mV", "E0301", "is a time"));
    c.add(bad("within-zero", "coincidence(p, q, within = 0 ms)", "0 ms", "E0307", "must be a positive time"));
    c.add(bad("misspelt-parameter", "coincidence(p, q, witin = 20 ms)", "witin", "E0205", "did you mean `within`?"));
    c.add(bad("delayed-min-above-max", "delayed(reward, min = 3 s, max = 1 s)", "3 s", "E0307", "needs min <= max"));
    c.add(bad("delayed-without-max", "delayed(reward, min = 1 s)", "delayed", "E0209", "`delayed` needs `max`"));
    c.add(bad("delayed-capacity-zero", "delayed(reward, min = 1 s, max = 2 s, capacity = 0)", "0", "E0307",
        "must lie in 1 .. 4096"));
    c.add(bad("delayed-capacity-fraction", "delayed(reward, min = 1 s, max = 2 s, capacity = 2.5)", "2.5", "E0305",
        "must be a whole constant"));
    c.add(bad("delayed-positional-after-named", "delayed(reward, min = 1 s, 2 s)", "2 s", "E0206",
        "a positional argument after a named one"));
    c.add(bad("leaky-twice", "leaky(reward, tau = 1 s, tau = 2 s)", "tau = 2 s", "E0210", "`tau` of `leaky` is given twice"));
    c.add(bad("leaky-negative-tau", "leaky(reward, tau = -5 ms)", "-5 ms", "E0307", "must be a positive time"));
    // A population whose model cannot spike passes check and is refused by run, before anything is written.
    c.add(Case.of(SILENT, "spike-signal-coincidence-of-a-silent-population")
        .file("m.brain", model("coincidence(p, r)", SPIKING).replace("  connect", "  population r = Passive[1]\n  connect")
            .replace("network N {", "neuron Passive {\n  state x = 0\n  x' = -x / (10 ms)\n}\nnetwork N {"))
        .args("run", "$D/m.brain", "--out", "$D/o").exit(1).stderrHas("`coincidence` of `r`").stderrHas("no `spike when` rule")
        .absent("o"));
    c.add(Case.of(CONTRACTS, "spike-signal-all-three-run")
        .file("m.brain", model("0.01 + leaky(0.5 * delayed(coincidence(p, q, within = 20 ms), min = 10 ms, max = 30 ms), "
            + "tau = 200 ms)", SPIKING))
        .args("run", "$D/m.brain", "--out", "$D/o").exit(0).output("o/manifest.json").stdoutHas("100 steps"));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
