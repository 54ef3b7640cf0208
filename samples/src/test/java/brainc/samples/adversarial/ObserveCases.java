package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpyReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeing a run: monitors of synapse variables (`monitor w of a -> b`), initial values of input
 * ports, `same_step` in a synapse model and `run --plot`, used as a careless user would: what
 * no connection has, two connections at once, words that are not modes, ports given values of
 * another unit, pictures of runs that record nothing.
 */
public final class ObserveCases {
  /** Lines 1-5; members start on line 6. */
  private static final String HEAD = "use brain.neurons.LIF\nuse brain.synapses.STDP\nnetwork N {\n"
      + "  population p = LIF[20] { v_rest = -45 mV, v = uniform(-65 mV, -50 mV) }\n"
      + "  population q = LIF[5] { v_rest = -52 mV }\n";

  /** A network of HEAD plus {@code members} (one per line from line 6) and a 100 ms run. */
  private static String net(String... members) {
    return HEAD + String.join("", Stream.of(members).map(m -> "  " + m + "\n").toList()) + "}\nrun N for 100 ms dt 0.1 ms seed 3\n";
  }

  private static final String STDP = "connect p -> q weight 6 mV probability 0.5 via STDP, exp(tau = 5 ms)";

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    synapseMonitors(c);
    ports(c);
    sameStep(c);
    plots(c);
    return c;
  }

  private static void synapseMonitors(List<Case> c) {
    c.add(Case.of(SILENT, "synapse-monitor-records-the-same-bits-on-both-engines")
        .file("m.brain", net(STDP, "monitor w of p -> q every 10 ms"))
        .setup(d -> brainc("run", d.resolve("m.brain").toString(), "-q", "--backend", "interp", "--out", d.resolve("i").toString()))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> {
          for (String f : List.of("w_p_q", "w_p_q_steps", "w_p_q_synapses")) {
            if (!Arrays.equals(o.bytes("o/" + f + ".npy"), o.bytes("i/" + f + ".npy"))) {
              throw new AssertionError(f + ".npy differs between jvm and interp");
            }
          }
          NpyArray w = read(o, "o/w_p_q.npy");
          if (w.shape()[0] != 10) throw new AssertionError("10 samples, not " + w.shape()[0]);
        }));
    c.add(Case.of(SILENT, "synapse-monitor-of-slices-keeps-only-their-synapses")
        .file("m.brain", net(STDP, "monitor w of p -> q at end", "monitor w of p[3 .. 9] -> q[2 .. 4] at end"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0)
        .then(o -> {
          int[] all = read(o, "o/w_p_q_synapses.npy").ints();
          int[] part = read(o, "o/w_p_3_9_q_2_4_synapses.npy").ints();
          List<String> expected = new ArrayList<>();
          for (int k = 0; k < all.length; k += 2) {
            if (all[k] >= 3 && all[k] < 9 && all[k + 1] >= 2 && all[k + 1] < 4) expected.add((all[k] - 3) + "/" + (all[k + 1] - 2));
          }
          List<String> actual = new ArrayList<>();
          for (int k = 0; k < part.length; k += 2) actual.add(part[k] + "/" + part[k + 1]);
          if (expected.isEmpty() || !expected.equals(actual)) throw new AssertionError(expected + " != " + actual);
        }));
    c.add(Case.of(CRASHES, "synapse-monitor-of-a-variable-no-connection-has")
        .file("m.brain", net(STDP, "monitor x_pre of p -> q"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1003", 7, 3)
        .stderrHas("no connection from `p` to `q` has a per-synapse variable `x_pre`; theirs: w").absent("o"));
    c.add(Case.of(CRASHES, "synapse-monitor-without-any-connection")
        .file("m.brain", net("monitor w of q -> p"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1003", 6, 3).absent("o"));
    c.add(Case.of(CRASHES, "synapse-monitor-reached-by-two-connections")
        .file("m.brain", net(STDP, "connect p -> q weight 1 mV via STDP", "monitor w of p -> q"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1003", 8, 3)
        .stderrHas("2 connections with `w` reach").absent("o"));
    c.add(Case.of(CRASHES, "synapse-monitor-of-slices-the-connection-does-not-reach")
        .file("m.brain", net("connect p[0 .. 10] -> q weight 1 mV via STDP", "monitor w of p[10 .. 20] -> q"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1003", 7, 3).stderrHas("do not overlap").absent("o"));
    c.add(Case.of(CRASHES, "synapse-monitor-of-spikes")
        .file("m.brain", net(STDP, "monitor spikes of p -> q"))
        .args("check", "$D/m.brain").error("E1003", 7, 11, 17));
    c.add(Case.of(CRASHES, "synapse-monitor-with-two-presynaptic-ends")
        .file("m.brain", net(STDP, "monitor w of p, q -> q"))
        .args("check", "$D/m.brain").error("E1003", 7, 19, 20));
    c.add(Case.of(CRASHES, "synapse-monitor-at-a-word-other-than-end")
        .file("m.brain", net(STDP, "monitor w of p -> q at ned"))
        .args("check", "$D/m.brain").error("E0205", 7, 26, 29).stderrHas("did you mean `end`"));
    c.add(Case.of(CRASHES, "synapse-monitor-twice")
        .file("m.brain", net(STDP, "monitor w of p -> q", "monitor w of p -> q at end"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E1006", 8, 3).absent("o"));
    c.add(Case.of(CRASHES, "a-synapse-monitor-larger-than-memory-is-refused-before-the-run")
        .file("m.brain", net(STDP, "monitor w of p -> q"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o", "--duration", "20000s").exit(1)
        .stderrHas("the monitor w_p_q would record about 1.00e+10 values (50.0 synapses x 200000000 samples)")
        .stdoutIs("").absent("o"));
    c.add(Case.of(CRASHES, "synapse-monitor-sampling-faster-than-dt")
        .file("m.brain", net(STDP, "monitor w of p -> q every 0.01 ms"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E0307", 7, 3).absent("o"));
  }

  private static void ports(List<Case> c) {
    c.add(Case.of(CRASHES, "port-initial-value-of-another-unit")
        .file("m.brain", net("population r = LIF[3] { I = 2 nA }"))
        .args("check", "$D/m.brain").error("E0301", 6, 31, 35));
    c.add(Case.of(SILENT, "port-initial-value-drives-an-unconnected-population")
        .file("m.brain", net("population r = LIF[3] { I = 20 mV }", "monitor spikes of r"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).stdoutHas("r                   3 neurons"));
    c.add(Case.of(CRASHES, "initial-value-of-a-named-value-is-still-refused")
        .file("m.brain", "neuron K {\n  state v = 0\n  let d = v * 2\n  step v = d\n}\n"
            + "network N { population r = K[3] { d = 1 } }\n")
        .args("check", "$D/m.brain").error("E0412", 6, 35));
  }

  private static void sameStep(List<Case> c) {
    String trained = "use brain.neurons.Leaky\nnetwork N {\n  input x[4] encode bernoulli(steps = 5)\n"
        + "  layer h = Leaky[3] { I = 0.5 }\n  connect x -> h dense\n  output y = spike_count(h)\n}\n"
        + "train N on dataset fashion_mnist { loss cross_entropy(y) }\n";
    c.add(Case.of(SILENT, "check-warns-that-training-keeps-no-port-initial-value").file("m.brain", trained)
        .args("check", "$D/m.brain").exit(0).warning("W1020", 4, 3).stderrHas("gives input port `I` an initial value"));
    c.add(Case.of(CRASHES, "train-refuses-a-port-initial-value").file("m.brain", trained)
        .args("train", "$D/m.brain", "--out", "$D/o", "-q").error("W1020", 4, 3).absent("o").stderrLacks("internal error"));
    String pair = "use brain.neurons.LIF\nuse brain.synapses.STDP\nsynapse T extends STDP {\n  MODE\n}\n";
    c.add(Case.of(CRASHES, "same-step-with-an-unknown-mode")
        .file("m.brain", pair.replace("MODE", "same_step pre_first"))
        .args("check", "$D/m.brain").error("E0205", 4, 13, 22));
    c.add(Case.of(CRASHES, "same-step-twice")
        .file("m.brain", pair.replace("MODE", "same_step pre_then_post\n  same_step unpaired"))
        .args("check", "$D/m.brain").error("E0413", 5, 3));
    c.add(Case.of(MESSAGES, "same-step-is-printed-in-the-ir")
        .file("m.brain", pair.replace("MODE", "same_step post_then_pre"))
        .args("compile", "$D/m.brain", "--emit-ir").exit(0).stdoutHas("same_step post_then_pre"));
  }

  private static void plots(List<Case> c) {
    c.add(Case.of(FILES, "plot-writes-an-svg-beside-each-monitor")
        .file("m.brain", net(STDP, "monitor spikes of p", "monitor rate of q", "monitor v of q every 1 ms",
            "monitor w of p -> q every 50 ms"))
        .args("run", "$D/m.brain", "-q", "--plot", "--out", "$D/o").exit(0).stdoutHas("monitors: 11 file(s)")
        .exists("o/spikes_p.svg").exists("o/rate_q.svg").exists("o/v_q.svg").exists("o/w_p_q.svg")
        .exists("o/manifest.json"));
    c.add(Case.of(FILES, "plot-gives-the-same-bytes-twice")
        .file("m.brain", net("monitor spikes of p"))
        .setup(d -> brainc("run", d.resolve("m.brain").toString(), "-q", "--plot", "--out", d.resolve("a").toString()))
        .args("run", "$D/m.brain", "-q", "--plot", "--out", "$D/o").exit(0)
        .then(o -> {
          if (!Arrays.equals(o.bytes("o/spikes_p.svg"), o.bytes("a/spikes_p.svg"))) throw new AssertionError("differs");
        }));
    c.add(Case.of(FILES, "plot-without-monitors-writes-nothing")
        .file("m.brain", net())
        .args("run", "$D/m.brain", "-q", "--plot", "--out", "$D/o").exit(0).absent("o"));
  }

  /** Runs brainc in process for a case's setup (an earlier run to compare with); it must succeed. */
  private static void brainc(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = brainc.compiler.cli.Brainc.execute(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
    if (code != 0) throw new AssertionError("setup `brainc " + String.join(" ", args) + "` failed: " + err);
  }

  private static NpyArray read(Outcome o, String path) {
    try {
      return NpyReader.read(o.path(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
