package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.NONFINITE;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import brainc.compiler.cli.Brainc;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * `brainc run` (and `compile --explain`, and what `check` says of runs) under hostile models,
 * flags and files: slices record exactly their neurons, what cannot run is a diagnostic at its
 * construct in `run` and `check` alike, senseless flags are usage errors, outputs are checked
 * before the simulation and published whole, and the first non-finite step is exact.
 */
public final class RunCases {
  /** Line 3: twenty self-driven LIF neurons (rest above threshold). Members start on line 4. */
  private static final String HEAD = "use brain.neurons.LIF\nnetwork N {\n"
      + "  population p = LIF[20] { v_rest = -49 mV, v_th = -50 mV, v_reset = -60 mV, t_ref = 2 ms,"
      + " v = uniform(-60 mV, -50 mV) }\n";

  /** A network of HEAD plus {@code members} (one per line from line 4) and a 100 ms run (1000 steps). */
  private static String net(String... members) {
    return HEAD + String.join("", Stream.of(members).map(m -> "  " + m + "\n").toList()) + "}\nrun N for 100 ms dt 0.1 ms seed 3\n";
  }

  /** Fires in a step iff something arrived on its delta port in that step: a relay of spikes, one step late. */
  private static final String RELAY = "neuron Relay {\n  state v = 0\n  input I\n  step v = I\n  spike when v > 0.5 { v = 0 }\n}\n";

  /** A neuron without `spike when`: v decays from 1. */
  private static final String LEAK = "neuron Leak {\n  state v = 1\n  v' = -v / 10 ms\n}\n";

  /** x doubles every step from {@code x0}; 2^(k + 1 + n) overflows float when k + 1 + n = 128. */
  private static String doubling(String x0, String run) {
    return "neuron Grow {\n  state x = " + x0 + "\n  step x = x * 2\n}\nnetwork N { population p = Grow[3] }\n" + run + "\n";
  }

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    silent(c);
    crashes(c);
    nonFinite(c);
    files(c);
    messages(c);
    return c;
  }

  // ------------------------------------------------------------------------------------------
  // Silent wrong results: slices, inputs, check versus run
  // ------------------------------------------------------------------------------------------

  private static void silent(List<Case> c) {
    c.add(Case.of(SILENT, "inline-slice-state-monitor-records-only-its-columns")
        .file("m.brain", net("monitor v of p", "monitor v of p[2 .. 5]"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameColumns(o, "o/v_p.npy", 20, "o/v_p_2_5.npy", 2, 5)));
    c.add(Case.of(SILENT, "inline-slice-state-monitor-on-interp")
        .file("m.brain", net("monitor v of p", "monitor v of p[17 .. 20]"))
        .args("run", "$D/m.brain", "-q", "--backend", "interp", "--out", "$D/o").exit(0)
        .then(o -> sameColumns(o, "o/v_p.npy", 20, "o/v_p_17_20.npy", 17, 20)));
    c.add(Case.of(SILENT, "inline-slice-spike-monitor-has-slice-indices")
        .file("m.brain", net("monitor spikes of p", "monitor spikes of p[5 .. 7]"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameSpikes(o, "o/spikes_p.npy", "o/spikes_p_5_7.npy", 5, 7)));
    c.add(Case.of(SILENT, "inline-slice-spike-monitor-on-interp")
        .file("m.brain", net("monitor spikes of p", "monitor spikes of p[0 .. 10]"))
        .args("run", "$D/m.brain", "-q", "--backend", "interp", "--out", "$D/o").exit(0)
        .then(o -> sameSpikes(o, "o/spikes_p.npy", "o/spikes_p_0_10.npy", 0, 10)));
    c.add(Case.of(SILENT, "inline-slice-rate-monitor-counts-only-the-slice")
        .file("m.brain", net("monitor spikes of p", "monitor rate of p[10 .. 20]"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameRate(o, "o/spikes_p.npy", "o/rate_p_10_20.npy", 10, 20, 1000, 1e-4)));
    c.add(Case.of(SILENT, "slice-of-a-named-slice-resolves-through-both")
        .file("m.brain", net("population a = p[4 .. 16]", "population b = a[6 .. 12]", "monitor spikes of p, b"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameSpikes(o, "o/spikes_p.npy", "o/spikes_b.npy", 10, 16)));
    c.add(Case.of(SILENT, "inline-slice-of-a-named-slice")
        .file("m.brain", net("population a = p[4 .. 16]", "monitor v of p", "monitor v of a[2 .. 4]"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameColumns(o, "o/v_p.npy", 20, "o/v_a_2_4.npy", 6, 8)));
    c.add(Case.of(SILENT, "connect-from-an-inline-slice-sends-only-its-spikes")
        .file("m.brain", RELAY + net("population q = Relay[3]", "connect p[3 .. 6] -> q weight 1 one_to_one",
            "monitor spikes of p, q"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> relayed(o, 3, 6, 0)));
    c.add(Case.of(SILENT, "connect-into-an-inline-slice-reaches-only-its-neurons")
        .file("m.brain", RELAY + net("population q = Relay[6]", "connect p[0 .. 3] -> q[2 .. 5] weight 1 one_to_one",
            "monitor spikes of p, q"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> relayed(o, 0, 3, 2)));
    c.add(Case.of(SILENT, "connect-between-inline-slices-on-interp")
        .file("m.brain", RELAY + net("population q = Relay[4]", "connect p[16 .. 20] -> q[0 .. 4] weight 1 one_to_one",
            "monitor spikes of p, q"))
        .args("run", "$D/m.brain", "-q", "--backend", "interp", "--out", "$D/o").exit(0)
        .then(o -> relayed(o, 16, 20, 0)));
    c.add(Case.of(SILENT, "poisson-input-in-a-run-is-refused-at-the-input")
        .file("m.brain", net("input x[10] encode poisson(max = 15 Hz)", "connect x -> p weight 20 mV"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1007", 4, 3, 42).absent("o"));
    c.add(Case.of(SILENT, "rate-input-in-a-run-is-refused")
        .file("m.brain", net("input x[2] encode rate()", "connect x -> p"))
        .args("run", "$D/m.brain", "-q").error("E1007", 4, 3));
    c.add(Case.of(SILENT, "fields-input-in-a-run-is-refused")
        .file("m.brain", net("input x[2] encode fields(count = 4)", "connect x[0 .. 4] -> p"))
        .args("run", "$D/m.brain", "-q").error("E1007", 4, 3));
    c.add(Case.of(SILENT, "bernoulli-input-in-a-run-is-refused")
        .file("m.brain", net("input x[3] encode bernoulli()", "connect x -> p"))
        .args("run", "$D/m.brain", "-q").error("E1007", 4, 3));
    c.add(Case.of(SILENT, "check-reports-the-input-a-run-would-refuse")
        .file("m.brain", net("input x[10] encode poisson(max = 15 Hz)", "connect x -> p weight 20 mV"))
        .args("check", "$D/m.brain").error("E1007", 4, 3, 42));
    c.add(Case.of(SILENT, "check-passes-an-input-network-that-no-run-names")
        .file("m.brain", "use brain.neurons.LIF\nnetwork N {\n  input x[10] encode poisson()\n  population p = LIF[2]\n"
            + "  connect x -> p\n}\n")
        .args("check", "$D/m.brain").exit(0));
    c.add(Case.of(SILENT, "check-reports-an-initial-value-run-cannot-lower")
        .file("m.brain", "neuron G {\n  state x = 1\n  step x = x + 1\n}\nnetwork N {\n  population a = G[3] { x = exp(uniform(0, 1)) }"
            + "\n}\nrun N for 1 ms\n")
        .args("check", "$D/m.brain").exit(0).warning("W1021", 6, 3));
    c.add(Case.of(SILENT, "run-reports-the-same-at-the-population")
        .file("m.brain", "neuron G {\n  state x = 1\n  step x = x + 1\n}\nnetwork N {\n  population a = G[3] { x = exp(uniform(0, 1)) }"
            + "\n}\nrun N for 1 ms\n")
        .args("run", "$D/m.brain", "-q").error("W1021", 6, 3).stderrHas("a value drawn per neuron or synapse"));
    c.add(Case.of(SILENT, "check-reports-a-time-step-longer-than-the-run")
        .file("m.brain", net("monitor v of p").replace("for 100 ms dt 0.1 ms", "for 1 ms dt 2 ms"))
        .args("check", "$D/m.brain").error("E0307", 6, 1));
    c.add(Case.of(SILENT, "a-delay-longer-than-the-run-is-refused")
        .file("m.brain", net("connect p -> p weight 1 mV delay 1000 s"))
        .args("run", "$D/m.brain", "-q").error("E0307", 4, 3).stderrHas("no spike would arrive"));
    c.add(Case.of(SILENT, "a-delay-flag-shortened-run-is-refused-too")
        .file("m.brain", net("connect p -> p weight 1 mV delay 5 ms"))
        .args("run", "$D/m.brain", "-q", "--duration", "2ms").exit(1).stderrHas("no spike would arrive"));
    c.add(Case.of(SILENT, "a-negative-delay-is-refused")
        .file("m.brain", net("connect p -> p weight 1 mV delay -5 ms"))
        .args("check", "$D/m.brain").error("E0307", 4, 36, 41).stderrHas("a delay must not be negative"));
    c.add(Case.of(NONFINITE, "a-kernel-time-constant-of-zero-is-refused-before-the-run")
        .file("m.brain", net("connect p -> p weight 1 mV via alpha(tau = 0 ms)"))
        .args("run", "$D/m.brain", "-q").error("E0307", 4, 46, 50).stderrHas("must be greater than 0 s").stdoutIs(""));
    c.add(Case.of(MESSAGES, "a-weight-that-cannot-be-drawn-is-named-as-a-weight")
        .file("m.brain", net("connect p -> p weight normal(1 mV, 0.1 mV) * t / 1 ms"))
        .args("run", "$D/m.brain", "-q").error("W1021", 4, 3).stderrHas("(an initial value, a weight or a delay)"));
    c.add(Case.of(SILENT, "t-in-a-step-update-is-the-time-at-the-start-of-the-step")
        .file("m.brain", "neuron C {\n  state v = 0\n  step v = v + t / 1 ms\n}\nnetwork N {\n  population p = C[1]\n"
            + "  monitor v of p\n}\nrun N for 1 ms dt 0.25 ms\n")
        .args("run", "$D/m.brain", "-q", "--float64", "--out", "$D/o").exit(0)
        .then(o -> values(o, "o/v_p.npy", 0, 0.25, 0.75, 1.5)));
    c.add(Case.of(SILENT, "dt-in-a-step-update-is-the-run-step")
        .file("m.brain", "neuron C {\n  state v = 0\n  step v = v + dt / 1 ms\n}\nnetwork N {\n  population p = C[1]\n"
            + "  monitor v of p\n}\nrun N for 1 ms dt 0.25 ms\n")
        .args("run", "$D/m.brain", "-q", "--float64", "--dt", "0.5ms", "--out", "$D/o").exit(0)
        .then(o -> values(o, "o/v_p.npy", 0.5, 1.0)));
    c.add(Case.of(SILENT, "t-in-a-spike-condition")
        .file("m.brain", "neuron C {\n  state v = 0\n  step v = v\n  spike when t >= 0.5 ms { v = 1 }\n}\nnetwork N {\n"
            + "  population p = C[1]\n  monitor spikes of p\n}\nrun N for 1 ms dt 0.25 ms\n")
        .args("run", "$D/m.brain", "-q", "--float64", "--out", "$D/o").exit(0)
        .then(o -> spikeSteps(o, "o/spikes_p.npy", 2, 3)));
    c.add(Case.of(SILENT, "t-in-a-differential-equation-is-refused-at-the-equation")
        .file("m.brain", "neuron C {\n  state v = 0\n  v' = t / 1 ms / 1 ms\n}\nnetwork N {\n  population p = C[1]\n}\n"
            + "run N for 1 ms\n")
        .args("run", "$D/m.brain", "-q").error("E1008", 3, 3));
    c.add(Case.of(SILENT, "compile-explain-refuses-t-in-a-differential-equation-too")
        .file("m.brain", "neuron C {\n  state v = 0\n  v' = t / 1 ms / 1 ms\n}\nnetwork N {\n  population p = C[1]\n}\n"
            + "run N for 1 ms\n")
        .args("compile", "--explain", "$D/m.brain").error("E1008", 3, 3).stdoutIs(""));
    c.add(Case.of(SILENT, "t-through-a-let-in-a-differential-equation-is-refused")
        .file("m.brain", "neuron C {\n  state v = 0\n  let k = t / 1 ms\n  v' = k / 1 ms\n}\nnetwork N {\n"
            + "  population p = C[1]\n}\nrun N for 1 ms\n")
        .args("check", "$D/m.brain").error("E1008", 4, 3));
  }

  // ------------------------------------------------------------------------------------------
  // Internal errors: models without spikes, duplicate monitors, inputs monitored, flags
  // ------------------------------------------------------------------------------------------

  private static void crashes(List<Case> c) {
    String leakNet = LEAK + "network N {\n  population p = Leak[3]\n  MON\n}\nrun N for 2 ms dt 0.1 ms\n";
    c.add(Case.of(CRASHES, "a-neuron-without-spike-rule-runs")
        .file("m.brain", leakNet.replace("MON", "monitor v of p"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).stdoutHas("0 spikes")
        .then(o -> shape(o, "o/v_p.npy", 20, 3)));
    c.add(Case.of(CRASHES, "a-neuron-without-spike-rule-runs-on-interp")
        .file("m.brain", leakNet.replace("MON", "monitor v of p[1 .. 3]"))
        .args("run", "$D/m.brain", "-q", "--backend", "interp", "--out", "$D/o").exit(0)
        .then(o -> shape(o, "o/v_p_1_3.npy", 20, 2)));
    c.add(Case.of(CRASHES, "compile-explain-of-a-neuron-without-spike-rule")
        .file("m.brain", leakNet.replace("MON", "monitor v of p"))
        .args("compile", "--explain", "$D/m.brain").exit(0).stdoutHas("Leak"));
    c.add(Case.of(CRASHES, "spikes-of-a-neuron-without-spike-rule-is-an-error")
        .file("m.brain", leakNet.replace("MON", "monitor spikes of p"))
        .args("run", "$D/m.brain", "-q").error("E0406", 7, 11, 17));
    c.add(Case.of(CRASHES, "rate-of-a-neuron-without-spike-rule-is-an-error")
        .file("m.brain", leakNet.replace("MON", "monitor rate of p"))
        .args("run", "$D/m.brain", "-q").error("E0406", 7, 11, 15));
    c.add(Case.of(CRASHES, "connect-from-a-neuron-without-spike-rule-is-an-error")
        .file("m.brain", RELAY + leakNet.replace("MON", "population q = Relay[3]\n  connect p -> q"))
        .args("run", "$D/m.brain", "-q").error("E0406", 14, 3));
    c.add(Case.of(CRASHES, "two-monitors-of-one-variable-is-an-error-at-the-second")
        .file("m.brain", net("monitor v of p", "monitor v of p every 1 ms"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1006", 5, 3, 28).absent("o"));
    c.add(Case.of(CRASHES, "two-spike-monitors-of-one-population-is-an-error")
        .file("m.brain", net("population q = p[0 .. 5]", "monitor spikes of p, q", "monitor spikes of q"))
        .args("run", "$D/m.brain", "-q").error("E1006", 6, 3));
    c.add(Case.of(CRASHES, "spikes-twice-in-one-monitor-is-an-error")
        .file("m.brain", net("monitor spikes, spikes of p"))
        .args("check", "$D/m.brain").error("E1006", 4, 3));
    c.add(Case.of(CRASHES, "check-reports-two-monitors-of-one-variable")
        .file("m.brain", net("monitor v of p", "monitor v of p"))
        .args("check", "$D/m.brain").error("E1006", 5, 3));
    c.add(Case.of(CRASHES, "one-target-named-twice-in-a-monitor-records-once")
        .file("m.brain", net("monitor v of p, p"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_p.npy"));
    c.add(Case.of(CRASHES, "a-variable-of-a-population-and-of-its-slice-are-two-recordings")
        .file("m.brain", net("monitor v of p", "monitor v of p[0 .. 5]"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).exists("o/v_p.npy").exists("o/v_p_0_5.npy"));
    c.add(Case.of(CRASHES, "a-population-named-like-a-slice-file-keeps-both-files")
        .file("m.brain", net("population p_0_5 = p[10 .. 15]", "monitor v of p_0_5", "monitor v of p[0 .. 5]"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameColumns(o, "o/v_p_0_5.npy", 5, "o/v_p_0_5.npy", 0, 5))
        .exists("o/v_p_0_5_2.npy"));
    c.add(Case.of(CRASHES, "spikes-of-an-input-compile-explain")
        .file("m.brain", net("input x[3] encode poisson()", "connect x -> p", "monitor spikes of x"))
        .args("compile", "--explain", "$D/m.brain").exit(0));
    c.add(Case.of(CRASHES, "a-state-of-an-input-is-an-error-at-the-monitor")
        .file("m.brain", net("input x[3] encode poisson()", "connect x -> p", "monitor v of x"))
        .args("compile", "--explain", "$D/m.brain").error("E1003", 6, 3));
    // Monitor kind x population kind x slice.
    c.add(Case.of(CRASHES, "rate-of-a-named-slice")
        .file("m.brain", net("population a = p[0 .. 10]", "monitor spikes of p", "monitor rate of a"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameRate(o, "o/spikes_p.npy", "o/rate_a.npy", 0, 10, 1000, 1e-4)));
    c.add(Case.of(CRASHES, "state-of-a-slice-of-a-neuron-without-spike-rule")
        .file("m.brain", leakNet.replace("MON", "population a = p[1 .. 3]\n  monitor v of p, a"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> sameColumns(o, "o/v_p.npy", 3, "o/v_a.npy", 1, 3)));
    c.add(Case.of(CRASHES, "spikes-of-an-inline-slice-of-a-neuron-without-spike-rule")
        .file("m.brain", leakNet.replace("MON", "monitor spikes of p[0 .. 2]"))
        .args("check", "$D/m.brain").error("E0406", 7, 11, 17));
    c.add(Case.of(CRASHES, "spikes-of-an-inline-slice-of-an-input-compile-explain")
        .file("m.brain", net("input x[3] encode poisson()", "connect x -> p", "monitor spikes, rate of x[1 .. 3]"))
        .args("compile", "--explain", "$D/m.brain").exit(0));
    c.add(Case.of(CRASHES, "a-state-of-an-inline-slice-of-an-input")
        .file("m.brain", net("input x[3] encode poisson()", "connect x -> p", "monitor v of x[0 .. 2]"))
        .args("compile", "--explain", "$D/m.brain").error("E1003", 6, 3));
    c.add(Case.of(CRASHES, "an-input-port-is-not-recorded")
        .file("m.brain", net("monitor I of p"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1003", 4, 3).stderrHas("a run records only states")
        .absent("o"));
    c.add(Case.of(CRASHES, "an-inline-slice-outside-the-population")
        .file("m.brain", net("monitor v of p[10 .. 30]"))
        .args("run", "$D/m.brain", "-q").error("E0408", 4, 18, 26));
    c.add(Case.of(CRASHES, "an-empty-inline-slice")
        .file("m.brain", net("monitor v of p[5 .. 5]"))
        .args("check", "$D/m.brain").error("E0408", 4, 18));
    c.add(Case.of(CRASHES, "an-inline-slice-outside-in-a-connect")
        .file("m.brain", RELAY + net("population q = Relay[3]", "connect p[18 .. 21] -> q one_to_one"))
        .args("run", "$D/m.brain", "-q").error("E0408", 11, 13));
    c.add(Case.of(CRASHES, "threads-in-the-run-statement-beyond-the-machine-are-lowered-with-a-word")
        .file("m.brain", net("monitor spikes of p").replace("seed 3", "seed 3 threads 1000"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).stderrHas("asks for 1000 threads; using"));
    c.add(Case.of(CRASHES, "threads-in-the-run-statement-beyond-any-machine-are-an-error")
        .file("m.brain", net("monitor spikes of p").replace("seed 3", "seed 3 threads 100000"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E0307", 6, 43, 49).absent("o"));
    c.add(Case.of(CRASHES, "the-run-statements-backend-is-used")
        .file("m.brain", net("monitor spikes of p").replace("seed 3", "seed 3 backend interp"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).stdoutHas("N on interp"));
    c.add(Case.of(CRASHES, "threads-far-beyond-the-machine-is-a-usage-error")
        .file("m.brain", net("monitor v of p")).args("run", "$D/m.brain", "-q", "--threads", "100000")
        .usage("--threads must be between 1 and"));
    c.add(Case.of(CRASHES, "zero-threads-is-a-usage-error")
        .file("m.brain", net("monitor v of p")).args("run", "$D/m.brain", "-q", "--threads", "0")
        .usage("--threads must be between 1 and"));
    c.add(Case.of(CRASHES, "negative-threads-is-a-usage-error")
        .file("m.brain", net("monitor v of p")).args("run", "$D/m.brain", "-q", "--threads=-3")
        .usage("--threads must be between 1 and"));
    c.add(Case.of(CRASHES, "threads-not-a-number-is-a-usage-error")
        .file("m.brain", net("monitor v of p")).args("run", "$D/m.brain", "-q", "--threads", "many")
        .usage("--threads"));
    c.add(Case.of(CRASHES, "two-threads-give-the-same-spikes")
        .file("m.brain", net("monitor spikes of p"))
        .args("run", "$D/m.brain", "-q", "--threads", "2", "--out", "$D/o").exit(0).exists("o/spikes_p.npy"));
    c.add(Case.of(CRASHES, "a-monitor-larger-than-memory-is-refused-before-the-run")
        .file("m.brain", net("monitor v of p"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o", "--duration", "20000s").exit(1)
        .stderrHas("the monitor v_p would record 4.00e+09 values").stdoutIs("").absent("o"));
    c.add(Case.of(CRASHES, "an-initial-value-that-overflows-float")
        .file("m.brain", "neuron B {\n  state x = 1e39\n  step x = x\n}\nnetwork N {\n  population p = B[2]\n}\n"
            + "run N for 1 ms\n")
        .args("run", "$D/m.brain", "-q").error("E0309", 2, 13, 17).stderrHas("beyond the range of the float32"));
  }

  // ------------------------------------------------------------------------------------------
  // Non-finite values: the first bad step, exactly, on both backends
  // ------------------------------------------------------------------------------------------

  private static void nonFinite(List<Case> c) {
    // 2^28 doubled n + 1 times is 2^(29 + n): infinite in float from n = 99, the last step before a check.
    int[][] at = {{28, 99}, {27, 100}, {127, 0}, {-72, 199}, {0, 127}};
    for (int[] a : at) {
      String x0 = "2^(" + a[0] + ")";
      for (String backend : List.of("jvm", "interp")) {
        c.add(Case.of(NONFINITE, "overflow-at-step-" + a[1] + "-on-" + backend)
            .file("m.brain", doubling(x0, "run N for 30 ms dt 0.1 ms"))
            .args("run", "$D/m.brain", "-q", "--backend", backend).exit(1)
            .stderrHas("p.x[0] is Infinity at step " + a[1] + " ")
            .stdoutIs(""));
      }
    }
    c.add(Case.of(NONFINITE, "overflow-step-is-the-same-with-threads")
        .file("m.brain", doubling("2^28", "run N for 30 ms dt 0.1 ms"))
        .args("run", "$D/m.brain", "-q", "--threads", "2").exit(1).stderrHas("p.x[0] is Infinity at step 99 "));
    c.add(Case.of(NONFINITE, "overflow-in-float64-at-its-own-step")
        .file("m.brain", doubling("1", "run N for 120 ms dt 0.1 ms"))
        .args("run", "$D/m.brain", "-q", "--float64").exit(1).stderrHas("p.x[0] is Infinity at step 1023 "));
    c.add(Case.of(NONFINITE, "nan-at-step-0")
        .file("m.brain", "neuron Z {\n  state x = 0\n  step x = x / x\n}\nnetwork N { population p = Z[1] }\n"
            + "run N for 1 ms\n")
        .args("run", "$D/m.brain", "-q").exit(1).stderrHas("p.x[0] is NaN at step 0 "));
    c.add(Case.of(NONFINITE, "overflow-is-reported-before-any-monitor-is-written")
        .file("m.brain", doubling("2^28", "run N for 30 ms dt 0.1 ms").replace("Grow[3] }", "Grow[3]\n  monitor x of p }"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).absent("o"));
  }

  // ------------------------------------------------------------------------------------------
  // Files: outputs checked first, published whole, never over an input
  // ------------------------------------------------------------------------------------------

  private static void files(List<Case> c) {
    String m = net("monitor spikes of p", "monitor v of p[0 .. 2]");
    c.add(Case.of(FILES, "out-is-an-existing-file")
        .file("m.brain", m).file("notes.txt", "mine")
        .args("run", "$D/m.brain", "-q", "--out", "$D/notes.txt").exit(1)
        .stderrHas("exists and is not a folder").stdoutIs(""));
    c.add(Case.of(FILES, "out-is-the-model")
        .file("m.brain", m).args("run", "$D/m.brain", "-q", "--out", "$D/m.brain").exit(1)
        .stderrHas("is the input").stdoutIs(""));
    c.add(Case.of(FILES, "out-holds-the-model")
        .file("m.brain", m).args("run", "$D/m.brain", "-q", "--out", "$D").exit(1)
        .stderrHas("holds the input").stdoutIs(""));
    c.add(Case.of(FILES, "out-holds-a-package-the-model-uses")
        .file("lib/cells.brain", "package cells\nneuron Q {\n  state v = 0\n  step v = v + 1\n}\n")
        .file("lib/m.brain", "use cells.Q\nnetwork N {\n  population p = Q[2]\n  monitor v of p\n}\nrun N for 1 ms\n")
        .args("run", "$D/lib/m.brain", "-q", "--out", "$D/lib").exit(1).stderrHas("holds the input"));
    c.add(Case.of(FILES, "out-is-a-folder-of-the-users")
        .file("m.brain", m).file("results/thesis.tex", "mine")
        .args("run", "$D/m.brain", "-q", "--out", "$D/results").exit(1)
        .stderrHas("did not write").stdoutIs(""));
    c.add(Case.of(FILES, "out-under-a-file")
        .file("m.brain", m).file("f.txt", "mine")
        .args("run", "$D/m.brain", "-q", "--out", "$D/f.txt/o").exit(1)
        .stderrHas("is a file, not a folder").stdoutIs(""));
    c.add(Case.of(FILES, "out-in-a-read-only-folder-is-refused-before-the-run")
        .file("m.brain", m).setup(Adversarial.directory("ro")).setup(Adversarial.readOnly("ro"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/ro/o").exit(Adversarial.root() ? 0 : 1)
        .then(o -> {
          // Root writes anywhere; everyone else is told before the simulation.
          if (!Adversarial.root() && (!o.err.contains("is not writable") || !o.out.isEmpty())) {
            throw new AssertionError("expected a refusal before the run\n" + o);
          }
        }));
    c.add(Case.of(FILES, "out-dot-holds-the-model-in-the-working-folder").process()
        .file("m.brain", m).args("run", "m.brain", "-q", "--out", ".").exit(1).stderrHas("holds the input"));
    c.add(Case.of(FILES, "the-default-folder-under-a-file-named-out").process()
        .file("m.brain", m).file("out", "mine").args("run", "m.brain", "-q").exit(1)
        .stderrHas("is a file, not a folder").stdoutIs(""));
    c.add(Case.of(FILES, "out-an-empty-folder-is-used")
        .file("m.brain", m).setup(Adversarial.directory("o"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .exists("o/manifest.json").exists("o/spikes_p.npy").exists("o/v_p_0_2.npy"));
    c.add(Case.of(FILES, "a-new-run-replaces-the-stale-monitors-of-an-earlier-one")
        .file("m.brain", net("monitor spikes of p"))
        .setup(dir -> brainc(dir, "run", dir.resolve("m.brain").toString(), "-q", "--out", dir.resolve("o").toString()))
        .setup(dir -> rewrite(dir.resolve("m.brain"), net("monitor v of p[0 .. 2]")))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .absent("o/spikes_p.npy").exists("o/v_p_0_2.npy").exists("o/manifest.json"));
    c.add(Case.of(FILES, "the-manifest-names-the-run")
        .file("m.brain", m).args("run", "$D/m.brain", "-q", "--out", "$D/o", "--backend", "interp", "--seed", "11").exit(0)
        .then(o -> {
          String text = o.text("o/manifest.json");
          for (String s : List.of("\"target\": \"N\"", "\"seed\": \"11\"", "\"backend\": \"interp\"", "\"dt_s\": \"1.0E-4\"",
              "\"duration_s\": \"0.1\"", "\"model_sha256\": \"" + sha256(o.bytes("m.brain")) + "\"")) {
            if (!text.contains(s)) throw new AssertionError("manifest lacks " + s + ":\n" + text);
          }
        }));
    c.add(Case.of(FILES, "the-default-folder-is-out-slash-the-model-name").process()
        .file("m.brain", m).args("run", "m.brain", "-q").exit(0)
        .exists("out/m/manifest.json").exists("out/m/spikes_p.npy"));
    c.add(Case.of(FILES, "two-runs-get-a-folder-each")
        .file("m.brain", net("monitor spikes of p") + "run N for 5 ms dt 0.1 ms seed 4\n")
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .exists("o/manifest.json").exists("o/run1/spikes_p.npy").exists("o/run2/spikes_p.npy")
        .then(o -> {
          String text = o.text("o/manifest.json");
          if (!text.contains("\"run1.seed\": \"3\"") || !text.contains("\"run2.seed\": \"4\"")) {
            throw new AssertionError("the manifest does not name both runs:\n" + text);
          }
        }));
    c.add(Case.of(FILES, "a-file-with-fewer-runs-leaves-no-stale-run-folder")
        .file("m.brain", net("monitor spikes of p") + "run N for 5 ms dt 0.1 ms seed 4\n")
        .setup(dir -> brainc(dir, "run", dir.resolve("m.brain").toString(), "-q", "--out", dir.resolve("o").toString()))
        .setup(dir -> rewrite(dir.resolve("m.brain"), net("monitor spikes of p")))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .absent("o/run1").absent("o/run2").exists("o/spikes_p.npy"));
    c.add(Case.of(FILES, "a-failing-second-run-publishes-nothing")
        .file("m.brain", net("monitor spikes of p") + "run N for 5 ms dt 0.1 ms seed 4\n"
            .replace("run N for 5 ms", "run M for 5 ms") + "network M {\n  population q = G[2]\n  monitor x of q\n}\n"
            + "neuron G {\n  state x = 2^126\n  step x = x * 4\n}\n")
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stderrHas("q.x[0] is Infinity at step 0").absent("o"));
    c.add(Case.of(FILES, "a-second-run-whose-folder-is-taken-is-refused-before-the-first-runs")
        .file("m.brain", net("monitor spikes of p") + "run N for 5 ms dt 0.1 ms seed 4\n").file("o/run2", "mine")
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).stdoutIs("").absent("o/run1"));
    c.add(Case.of(FILES, "a-link-to-results-stays-a-link")
        .file("m.brain", m)
        .setup(dir -> brainc(dir, "run", dir.resolve("m.brain").toString(), "-q", "--out", dir.resolve("real").toString()))
        .setup(Adversarial.symlink("o", "real"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o", "--seed", "9").exit(0)
        .then(o -> {
          if (!Files.isSymbolicLink(o.path("o"))) throw new AssertionError("the link was replaced");
          if (!o.text("real/manifest.json").contains("\"seed\": \"9\"")) throw new AssertionError("not the new run");
        }));
    c.add(Case.of(FILES, "a-network-without-monitors-writes-nothing")
        .file("m.brain", net()).file("o", "mine")
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0));
    c.add(Case.of(FILES, "a-refused-model-writes-nothing")
        .file("m.brain", net("monitor v of p", "monitor v of p"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(1).absent("o"));
    c.add(Case.of(FILES, "a-usage-error-writes-nothing")
        .file("m.brain", m).args("run", "$D/m.brain", "-q", "--out", "$D/o", "--dt", "0ms").exit(2).absent("o"));
    String longRun = "use brain.neurons.LIF\nnetwork N {\n  population p = LIF[3000] { v_rest = -49 mV, v_th = -50 mV,"
        + " v_reset = -60 mV, v = uniform(-60 mV, -50 mV) }\n  connect p -> p weight 0.1 mV probability 0.02\n"
        + "  monitor spikes of p\n}\nrun N for 1000 s dt 0.1 ms\n";
    c.add(Case.of(FILES, "kill-9-mid-run-leaves-the-previous-results")
        .file("m.brain", m).file("long.brain", longRun)
        .setup(dir -> brainc(dir, "run", dir.resolve("m.brain").toString(), "-q", "--out", dir.resolve("o").toString()))
        .setup(dir -> copy(dir.resolve("o/manifest.json"), dir.resolve("before.json")))
        .args("run", "long.brain", "-q", "--out", "o").killAfter(Duration.ofSeconds(5))
        .then(o -> {
          if (!o.text("o/manifest.json").equals(o.text("before.json"))) throw new AssertionError("the results changed");
        }).exists("o/spikes_p.npy").exists("o/v_p_0_2.npy"));
    c.add(Case.of(FILES, "sigint-mid-run-leaves-the-previous-results")
        .file("m.brain", m).file("long.brain", longRun)
        .setup(dir -> brainc(dir, "run", dir.resolve("m.brain").toString(), "-q", "--out", dir.resolve("o").toString()))
        .setup(dir -> copy(dir.resolve("o/manifest.json"), dir.resolve("before.json")))
        .args("run", "long.brain", "-q", "--out", "o").interruptAfter(Duration.ofSeconds(8))
        .then(o -> {
          if (!o.text("o/manifest.json").equals(o.text("before.json"))) throw new AssertionError("the results changed");
        }).exists("o/spikes_p.npy").stderrHas("interrupted; nothing was written"));
    c.add(Case.of(FILES, "kill-9-mid-first-run-leaves-no-folder")
        .file("long.brain", longRun)
        .args("run", "long.brain", "-q", "--out", "o").killAfter(Duration.ofSeconds(5))
        .absent("o"));
  }

  // ------------------------------------------------------------------------------------------
  // Messages: flags, help, the construct named
  // ------------------------------------------------------------------------------------------

  private static void messages(List<Case> c) {
    String m = net("monitor spikes of p");
    String[][] flags = {
        {"--duration", "0ms", "--duration must be a positive time"},
        {"--duration", "-1s", "--duration must be a positive time"},
        {"--duration", "NaN", "--duration needs a time with a unit"},
        {"--duration", "1e400s", "--duration must be a positive time"},
        {"--duration", "1e9s", "steps, more than the"},
        {"--duration", "50", "--duration needs a time with a unit"},
        {"--dt", "0ms", "--dt must be a positive time"},
        {"--dt", "-0.1ms", "--dt must be a positive time"},
        {"--dt", "1s", "--dt (1000 ms) is longer than the run's duration (100 ms)"},
        {"--dt", "1e-15s", "steps, more than the"},
        {"--dt", "5 mV", "`mV` is not a unit of time"},
        {"--seed", "abc", "--seed"},
        {"--backend", "opencl", "unknown backend `opencl` (known: jvm, interp, cuda)"},
        {"--dump-ir", "after:nope", "unknown pass `nope` (passes: specialize-params, fold-constants"},
    };
    for (String[] f : flags) {
      c.add(Case.of(MESSAGES, "flag-" + f[0].substring(2) + "-" + f[1].replace(' ', '_'))
          .file("m.brain", m).args("run", "$D/m.brain", "-q", "--out", "$D/o", f[0], f[1]).usage(f[2]).absent("o"));
    }
    c.add(Case.of(MESSAGES, "a-duration-flag-shorter-than-the-files-dt")
        .file("m.brain", m).args("run", "$D/m.brain", "-q", "--duration", "0.05ms")
        .usage("the run's dt (0.1000 ms) is longer than --duration (0.05000 ms)"));
    c.add(Case.of(MESSAGES, "a-run-statement-of-too-many-steps")
        .file("m.brain", m.replace("for 100 ms dt 0.1 ms", "for 1000000 s dt 0.1 ms"))
        .args("run", "$D/m.brain", "-q").error("E0307", 6, 1).stderrHas("steps, more than the"));
    c.add(Case.of(MESSAGES, "run-help-lists-the-passes")
        .args("run", "--help").exit(0).stdoutHas("one of:").stdoutHas("specialize-params, fold-constants, solve-odes,")
        .then(o -> {
          if (o.out.contains("null")) throw new AssertionError("help says null:\n" + o.out);
        }));
    c.add(Case.of(MESSAGES, "a-dt-longer-than-the-run-in-the-file")
        .file("m.brain", m.replace("for 100 ms dt 0.1 ms", "for 1 ms dt 2 ms"))
        .args("run", "$D/m.brain", "-q").error("E0307", 6, 1));
    c.add(Case.of(MESSAGES, "a-synapse-handler-is-named-as-such")
        .file("m.brain", "use brain.neurons.LIF\nsynapse S {\n  var w = 0.5\n  on pre {\n    deliver w\n"
            + "    w = w + uniform(0, 1)\n  }\n}\n" + net("population q = LIF[2]", "connect p -> q weight 1 mV via S"))
        .args("run", "$D/m.brain", "-q").error("W1021", 13, 3)
        .stderrHas("a handler of synapse model S").stderrLacks("neuron's update"));
    c.add(Case.of(MESSAGES, "a-file-without-run-says-how-to-add-one")
        .file("m.brain", "use brain.neurons.LIF\nnetwork N { population a = LIF[3] }\n")
        .args("run", "$D/m.brain").exit(1).stderrHas("has no `run` statement"));
    c.add(Case.of(MESSAGES, "dump-ir-after-schedule-prints-the-kernel")
        .file("m.brain", m).args("run", "$D/m.brain", "-q", "--out", "$D/o", "--dump-ir", "after:schedule")
        .exit(0).stdoutHas("spikes_p"));
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  // ------------------------------------------------------------------------------------------
  // Checks of results
  // ------------------------------------------------------------------------------------------

  private static NpyArray npy(Outcome o, String path) {
    try {
      return NpyReader.read(o.path(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double[] numbers(NpyArray a) {
    int n = a.size();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = switch (a.dtype()) {
        case FLOAT32 -> a.floats()[i];
        case FLOAT64 -> a.doubles()[i];
        case INT32 -> a.ints()[i];
        default -> a.longs()[i];
      };
    }
    return out;
  }

  private static void shape(Outcome o, String path, int... shape) {
    int[] s = npy(o, path).shape();
    if (!java.util.Arrays.equals(s, shape)) {
      throw new AssertionError(path + " has shape " + java.util.Arrays.toString(s) + ", not " + java.util.Arrays.toString(shape));
    }
  }

  /** The slice's recording is columns [lo, hi) of the whole population's, bit for bit. */
  private static void sameColumns(Outcome o, String all, int width, String part, int lo, int hi) {
    double[] a = numbers(npy(o, all));
    NpyArray p = npy(o, part);
    double[] b = numbers(p);
    int n = hi - lo;
    if (p.shape()[1] != n) throw new AssertionError(part + " has " + p.shape()[1] + " columns, not " + n);
    int rows = a.length / width;
    if (p.shape()[0] != rows) throw new AssertionError(part + " has " + p.shape()[0] + " rows, not " + rows);
    for (int t = 0; t < rows; t++) {
      for (int k = 0; k < n; k++) {
        if (a[t * width + lo + k] != b[t * n + k]) throw new AssertionError(part + " differs at row " + t + ", column " + k);
      }
    }
  }

  /** (step, index) pairs of a spike file. */
  private static List<long[]> spikes(Outcome o, String path) {
    double[] a = numbers(npy(o, path));
    List<long[]> out = new ArrayList<>();
    for (int k = 0; k + 1 < a.length; k += 2) out.add(new long[] {(long) a[k], (long) a[k + 1]});
    return out;
  }

  /** The slice's spikes are the population's in [lo, hi), numbered from lo; and there are some. */
  private static void sameSpikes(Outcome o, String all, String part, int lo, int hi) {
    List<String> expected = new ArrayList<>();
    for (long[] s : spikes(o, all)) if (s[1] >= lo && s[1] < hi) expected.add(s[0] + "/" + (s[1] - lo));
    List<String> actual = new ArrayList<>();
    for (long[] s : spikes(o, part)) actual.add(s[0] + "/" + s[1]);
    if (expected.isEmpty()) throw new AssertionError("no spikes in [" + lo + ", " + hi + ") to compare");
    if (!expected.equals(actual)) throw new AssertionError(part + ": " + actual + "\nexpected " + expected);
  }

  /** The slice's rate per step is its spike count / size / dt. */
  private static void sameRate(Outcome o, String all, String rate, int lo, int hi, int steps, double dt) {
    double[] r = numbers(npy(o, rate));
    if (r.length != steps) throw new AssertionError(rate + " has " + r.length + " values, not " + steps);
    double[] expected = new double[steps];
    for (long[] s : spikes(o, all)) if (s[1] >= lo && s[1] < hi) expected[(int) s[0]] += 1.0 / (hi - lo) / dt;
    for (int t = 0; t < steps; t++) {
      if (Math.abs(expected[t] - r[t]) > 1e-6 * Math.max(1, expected[t])) {
        throw new AssertionError(rate + " at step " + t + " is " + r[t] + ", not " + expected[t]);
      }
    }
  }

  /** q[offset + k] spikes at n + 1 exactly when p[lo + k] spikes at n (a delta port, one step of delay). */
  private static void relayed(Outcome o, int lo, int hi, int offset) {
    List<String> expected = new ArrayList<>();
    for (long[] s : spikes(o, "o/spikes_p.npy")) {
      if (s[1] >= lo && s[1] < hi && s[0] + 1 < 1000) expected.add((s[0] + 1) + "/" + (s[1] - lo + offset));
    }
    List<String> actual = new ArrayList<>();
    for (long[] s : spikes(o, "o/spikes_q.npy")) actual.add(s[0] + "/" + s[1]);
    java.util.Collections.sort(expected);
    java.util.Collections.sort(actual);
    if (expected.isEmpty()) throw new AssertionError("the slice never spiked");
    if (!expected.equals(actual)) throw new AssertionError("q spiked " + actual + "\nexpected " + expected);
  }

  private static void values(Outcome o, String path, double... expected) {
    double[] v = numbers(npy(o, path));
    if (v.length != expected.length) throw new AssertionError(path + ": " + java.util.Arrays.toString(v));
    for (int i = 0; i < v.length; i++) {
      if (Math.abs(v[i] - expected[i]) > 1e-9) throw new AssertionError(path + ": " + java.util.Arrays.toString(v));
    }
  }

  private static void spikeSteps(Outcome o, String path, long... steps) {
    List<long[]> s = spikes(o, path);
    long[] got = s.stream().mapToLong(x -> x[0]).toArray();
    if (!java.util.Arrays.equals(got, steps)) throw new AssertionError(path + " spikes at " + java.util.Arrays.toString(got));
  }

  // ------------------------------------------------------------------------------------------
  // Setup helpers
  // ------------------------------------------------------------------------------------------

  /** Runs brainc in process for a case's setup (e.g. an earlier run's results); it must succeed. */
  private static void brainc(Path dir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Brainc.execute(args, new PrintWriter(out), new PrintWriter(err));
    if (code != 0) throw new AssertionError("setup `brainc " + String.join(" ", args) + "` failed: " + err);
  }

  private static void rewrite(Path p, String text) {
    try {
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
