package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.NONFINITE;

import java.io.IOException;
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
 * The front end's contracts under hostile models: every value the docs constrain is checked
 * where it is written (declared ranges, also on the values overrides give; time constants,
 * delays, intervals, distributions, sizes, HTM settings), constant division by zero and
 * non-finite constants are reported at their source, cycles of slices and of imports are
 * diagnosed, and what cannot be imported says why. Each case asserts the exact code and range.
 *
 * <p>Expected ranges are marked in the model text with {@code «} and {@code »}; the markers are
 * removed before the file is written, and their line and columns are what the carets must cover.
 */
public final class ContractCases {
  /** A small neuron of our own, without declared ranges, for values the stdlib's LIF would refuse by its range. */
  private static final String CELL = """
      neuron Cell {
        param tau = 10 ms
        param v_rest = -65 mV
        state v = v_rest
        state s = 0
        input I: mV
        v' = (v_rest - v + I) / tau
        spike when v > -50 mV { v = v_rest }
      }
      """;

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.addAll(ranges());
    all.addAll(values());
    all.addAll(crashes());
    all.addAll(nonFinite());
    all.addAll(messages());
    return all;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  // ------------------------------------------------------------------------------------------
  // Declared ranges (`param x = d in lo .. hi`) and the catalog's bounds
  // ------------------------------------------------------------------------------------------

  private static List<Case> ranges() {
    return List.of(
        check(CONTRACTS, "override-below-declared-range", "E0307", """
            use brain.neurons
            network N { population p = LIF[2] { tau_m = «0 ms» } }
            """),
        check(CONTRACTS, "override-above-declared-range", "E0307", """
            use brain.neurons
            network N { population p = LIF[2] { tau_m = «500 ms» } }
            """),
        check(CONTRACTS, "override-in-range-unit-converted-above", "E0307", """
            use brain.neurons
            network N { population p = LIF[2] { v_th = «0.1 V» } }
            """),
        check(CONTRACTS, "via-override-outside-range", "E0307", """
            use brain.neurons
            use brain.synapses
            network N {
              population a = LIF[2]
              population b = LIF[2]
              connect a -> b weight 1 mV all via STDP { A_plus = «-3» }
            }
            """),
        check(CONTRACTS, "derived-model-range-on-via", "E0307", """
            use brain.neurons
            use brain.synapses
            synapse Capped extends STDP { param w_max = 0.8 in 0.6 .. 1.0 }
            network N {
              population a = LIF[2]
              population b = LIF[2]
              connect a -> b weight 1 mV all via Capped { w_max = «0.5» }
            }
            """),
        check(CONTRACTS, "default-outside-own-range", "E0307", """
            neuron X {
              param a = «5» in 0 .. 1
              state v = 0 mV
            }
            """),
        check(CONTRACTS, "default-outside-range-with-units", "E0307", """
            neuron X {
              param tau = «0.5 ms» in 1 ms .. 100 ms
              state v = 0 mV
            }
            """),
        check(CONTRACTS, "empty-declared-range", "E0307", """
            neuron X {
              param a = 0.5 in «1 .. 0»
              state v = 0 mV
            }
            """),
        check(CONTRACTS, "override-moves-dependent-param-out-of-range", "E0307", """
            neuron X {
              param a = 1 in 0 .. 2
              param b = 2 * a in 0 .. 3
              state v = 0 mV
            }
            network N { population p = X[2] { a = «2» } }
            """),
        check(CONTRACTS, "override-of-network-param-out-of-range", "E0307", """
            use brain.neurons
            network N {
              param slow = 300 ms
              population p = LIF[2] { tau_m = «slow» }
            }
            """),
        check(CONTRACTS, "kernel-tau-zero", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              population b = LIF[2]
              connect a -> b weight 1 mV all via exp(tau = «0 ms»)
            }
            """),
        check(CONTRACTS, "alpha-kernel-negative-tau", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              population b = LIF[2]
              connect a -> b weight 1 mV all via alpha(tau = «-1 ms»)
            }
            """),
        check(CONTRACTS, "poisson-max-zero", "E0307", """
            use brain.neurons
            network N {
              input x[2] encode poisson(max = «0 Hz»)
              population b = LIF[2]
              connect x -> b weight 1 mV all
            }
            """),
        check(CONTRACTS, "fields-width-zero", "E0307", """
            use brain.neurons
            network N {
              input x[2] encode fields(count = 4, width = «0»)
              population b = LIF[2]
              connect x -> b weight 1 mV all
            }
            """),
        check(CONTRACTS, "fields-count-one", "E0307", """
            use brain.neurons
            network N {
              input x[2] encode fields(count = «1»)
              population b = LIF[2]
              connect x -> b weight 1 mV all
            }
            """),
        check(CONTRACTS, "rdse-sparsity-zero", "E0802", region("encode value with rdse(sparsity = «0»)", "")),
        check(CONTRACTS, "rdse-sparsity-above-one", "E0802", region("encode value with rdse(sparsity = «1.5»)", "")),
        check(CONTRACTS, "rdse-size-zero", "E0802", region("encode value with rdse(size = «0»)", "")),
        check(CONTRACTS, "pooler-sparsity-zero", "E0802",
            region("encode value with rdse()", "spatial_pooler { sparsity = «0» }")),
        check(CONTRACTS, "pooler-potential-pct-zero", "E0802",
            region("encode value with rdse()", "spatial_pooler { potential_pct = «0» }")),
        check(CONTRACTS, "permanence-above-one", "E0802",
            region("encode value with rdse()", "temporal_memory { permanence_inc = «1.5» }")),
        check(CONTRACTS, "cells-per-column-zero", "E0802",
            region("encode value with rdse()", "temporal_memory { cells_per_column = «0» }")),
        check(CONTRACTS, "probability-above-one", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              connect a -> a weight 1 mV probability «1.5»
            }
            """));
  }

  /** A region with one encoder line and one section line, for HTM settings. */
  private static String region(String encode, String section) {
    return "region R : htm {\n  " + encode + "\n  " + section + "\n  anomaly raw()\n}\n";
  }

  // ------------------------------------------------------------------------------------------
  // Other values the docs constrain
  // ------------------------------------------------------------------------------------------

  private static List<Case> values() {
    return List.of(
        check(CONTRACTS, "negative-delay", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              connect a -> a weight 1 mV all delay «-5 ms»
            }
            """),
        check(CONTRACTS, "negative-delay-from-network-param", "E0307", """
            use brain.neurons
            network N {
              param d = -2 ms
              population a = LIF[2]
              connect a -> a weight 1 mV all delay «d»
            }
            """),
        check(CONTRACTS, "monitor-every-zero", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              monitor v of a every «0 ms»
            }
            """),
        check(CONTRACTS, "monitor-every-negative", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              monitor v of a every «-1 ms»
            }
            """),
        check(CONTRACTS, "normal-negative-sd", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] { v = normal(-60 mV, «-3 mV») } }
            """),
        check(CONTRACTS, "uniform-low-above-high", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] { v = uniform(«-50 mV, -60 mV») } }
            """),
        check(CONTRACTS, "lognormal-negative-sigma", "E0307", CELL + """
            network N { population a = Cell[2] { s = lognormal(0, «-1») } }
            """),
        check(CONTRACTS, "bernoulli-probability-above-one", "E0307", CELL + """
            network N { population a = Cell[2] { s = bernoulli(«1.5») } }
            """),
        check(CONTRACTS, "normal-sd-negative-in-state-default", "E0307", """
            neuron X {
              state v = normal(0 mV, «-1 mV»)
            }
            """),
        check(CONTRACTS, "refractory-negative", "E0307", """
            neuron X {
              state v = 0 mV
              spike when v > 1 mV { v = 0 mV }
              refractory «-2 ms»
            }
            """),
        check(CONTRACTS, "negative-time-constant", "E0307", """
            neuron X {
              param tau = -5 ms
              state v = 0 mV
              v' = -v / «tau»
            }
            """),
        check(CONTRACTS, "override-makes-time-constant-negative", "E0307", CELL + """
            network N { population a = Cell[2] { tau = «-5 ms» } }
            """),
        check(CONTRACTS, "second-spike-rule", "E0413", """
            neuron X {
              state v = 0 mV
              spike when v > 1 mV { v = 0 mV }
              «spike when v > 2 mV { v = 0 mV }»
            }
            """),
        check(CONTRACTS, "second-spike-rule-in-derived-model", "E0413", """
            use brain.neurons
            neuron Y extends LIF {
              «spike when v > -40 mV { v = v_reset }»
            }
            """),
        check(CONTRACTS, "second-refractory-period", "E0413", """
            neuron X {
              state v = 0 mV
              spike when v > 1 mV { v = 0 mV }
              refractory 1 ms
              «refractory 2 ms»
            }
            """),
        check(CONTRACTS, "population-size-zero", "E0307", """
            use brain.neurons
            network N { population a = LIF[«0»] }
            """),
        check(CONTRACTS, "population-size-negative", "E0307", """
            use brain.neurons
            network N { population a = LIF[«-3»] }
            """),
        check(CONTRACTS, "fanin-zero", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[4]
              connect a -> a weight 1 mV fixed_fanin «0»
            }
            """),
        check(CONTRACTS, "fanin-above-population", "E1001", """
            use brain.neurons
            network N {
              population a = LIF[4]
              connect a -> a weight 1 mV fixed_fanin «9»
            }
            """),
        check(CONTRACTS, "excitatory-above-100-percent", "E0407", """
            use brain.neurons
            network N { population a = LIF[4] { excitatory «120%» } }
            """),
        check(CONTRACTS, "trace-tau-zero", "E0411", """
            synapse S {
              var w = 0.5
              trace x decays «0 ms» on pre += 1
              on pre { deliver w }
            }
            """),
        check(CONTRACTS, "run-threads-too-many", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] }
            run N for 1 ms threads «100000»
            """),
        check(CONTRACTS, "run-threads-zero", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] }
            run N for 1 ms threads «0»
            """),
        check(CONTRACTS, "run-seed-negative", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] }
            run N for 1 ms seed «-1»
            """),
        check(CONTRACTS, "run-seed-fraction", "E0305", """
            use brain.neurons
            network N { population a = LIF[2] }
            run N for 1 ms seed «1.5»
            """),
        check(CONTRACTS, "run-dt-zero", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] }
            run N for 1 ms dt «0 ms»
            """),
        check(CONTRACTS, "run-duration-negative", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] }
            run N for «-1 s»
            """),
        Case.of(CONTRACTS, "range-error-stops-run-before-work").file("m.brain", mark("""
                use brain.neurons
                network N { population p = LIF[2] { tau_m = «0 ms» } }
                run N for 1 ms
                """).text())
            .args("run", "$D/m.brain", "--out", "$D/out").error("E0307", 2, 45, 49).absent("out"),
        Case.of(CONTRACTS, "stdp-out-of-range-refused-by-verify").file("m.brain", mark("""
                use brain.neurons
                use brain.synapses
                network N {
                  population a = LIF[2]
                  population b = LIF[2]
                  connect a -> b weight 1 mV all via STDP { A_plus = «-3» }
                }
                """).text())
            .args("verify", "$D/m.brain").error("E0307", 6, 54, 56));
  }

  // ------------------------------------------------------------------------------------------
  // Inputs that used to crash or hang: cycles, zero divisors, slices
  // ------------------------------------------------------------------------------------------

  private static List<Case> crashes() {
    List<Case> out = new ArrayList<>(List.of(
        check(CRASHES, "slice-cycle-of-two", "E0212", """
            use brain.neurons
            network N {
              population a = «b»[0 .. 2]
              population b = a[0 .. 2]
            }
            """),
        verb(CRASHES, "slice-cycle-compile", "E0212", """
            use brain.neurons
            network N {
              population a = «b»[0 .. 2]
              population b = a[0 .. 2]
              monitor spikes of a
            }
            """, "compile", "--emit-ir"),
        verb(CRASHES, "slice-cycle-run", "E0212", """
            use brain.neurons
            network N {
              population a = «b»[0 .. 2]
              population b = a[0 .. 2]
              monitor spikes of a
            }
            run N for 1 ms
            """, "run"),
        check(CRASHES, "slice-of-itself", "E0212", """
            use brain.neurons
            network N { population a = «a»[0 .. 2] }
            """),
        check(CRASHES, "slice-cycle-of-three", "E0212", """
            use brain.neurons
            network N {
              population x = LIF[4]
              population a = «c»[0 .. 1]
              population b = a[0 .. 1]
              population c = b[0 .. 1]
            }
            """),
        check(CRASHES, "slice-before-its-parent-out-of-bounds", "E0408", """
            use brain.neurons
            network N {
              population c = d[«0 .. 20»]
              population d = LIF[10]
            }
            """),
        check(CRASHES, "monitor-inline-slice-beyond-population", "E0408", """
            use brain.neurons
            network N {
              population d = LIF[10]
              monitor v of d[«5 .. 70»]
            }
            """),
        check(CRASHES, "monitor-inline-slice-negative", "E0408", """
            use brain.neurons
            network N {
              population d = LIF[10]
              monitor spikes of d[«-1 .. 3»]
            }
            """),
        check(CRASHES, "connect-inline-slice-empty", "E0408", """
            use brain.neurons
            network N {
              population d = LIF[10]
              connect d[«3 .. 3»] -> d weight 1 mV all
            }
            """),
        check(CRASHES, "connect-inline-slice-fractional", "E0408", """
            use brain.neurons
            network N {
              population d = LIF[10]
              connect d -> d[«0 .. 2.5»] weight 1 mV all
            }
            """),
        check(CRASHES, "constant-division-by-zero", "E0310", """
            neuron X {
              param q = «-49 mV / 0»
              state v = 0 mV
            }
            """),
        verb(CRASHES, "constant-division-by-zero-compile", "E0310", """
            use brain.neurons
            network N { population p = LIF[2] { v_rest = «-49 mV / 0» } }
            """, "compile", "--emit-ir"),
        check(CRASHES, "mod-by-zero", "E0310", """
            neuron X {
              param q = «mod(5, 0)»
              state v = 0 mV
            }
            """),
        check(CRASHES, "division-by-zero-parameter-in-equation", "E0310", """
            neuron X {
              param tau = 0 ms
              state v = 0 mV
              v' = «-v / tau»
            }
            """),
        check(CRASHES, "division-by-difference-that-is-zero", "E0310", """
            neuron X {
              param a = 3 ms
              state v = 0 mV
              v' = «v / (a - a)»
            }
            """),
        check(CRASHES, "override-makes-divisor-zero", "E0310", CELL + """
            network N { population a = Cell[2] { tau = «0 ms» } }
            """),
        verb(CRASHES, "override-makes-divisor-zero-run", "E0310", CELL + """
            network N { population a = Cell[2] { tau = «0 ms» } }
            run N for 1 ms
            """, "run"),
        check(CRASHES, "division-by-zero-in-reset", "E0310", """
            neuron X {
              param k = 0
              state v = 0 mV
              spike when v > 1 mV { v = «v / k» }
            }
            """),
        check(CRASHES, "division-by-zero-in-synapse-handler", "E0310", """
            synapse S {
              var w = 0.5
              on pre { w += «1 / 0» }
            }
            """),
        check(CRASHES, "division-by-zero-in-conditional-branch", "E0310", """
            neuron X {
              state v = 0 mV
              v' = if v > 0 mV then «v / 0 ms» else v / 1 ms
            }
            """),
        check(CRASHES, "signal-cycle", "E0212", """
            use brain.neurons
            network N {
              population p = LIF[2]
              signal a = b + 1
              signal «b» = a * 2
            }
            """),
        check(CRASHES, "huge-power-of-a-quantity", "E0307", """
            neuron X {
              param a = (2 mV) ^ «1e10»
              state v = 0 mV
            }
            """),
        importCycle("import-cycle-of-two", false),
        importCycle("import-cycle-of-three", true),
        Case.of(CRASHES, "import-of-itself").file("self.brain", mark("""
                use «self»
                neuron X { state v = 0 mV }
                """).text())
            .args("check", "$D/self.brain").error("E0208", 1, 5, 9),
        Case.of(CRASHES, "deep-chain-of-slices-is-fine").file("m.brain", sliceChain(3000))
            .args("check", "$D/m.brain").exit(0)));
    return out;
  }

  /** main uses a; a uses b; b uses a (or a uses main through b when {@code three}). */
  private static Case importCycle(String name, boolean three) {
    Marked a = mark("package a\nuse «b»\nneuron A { state v = 0 mV }\n");
    String b = three ? "package b\nuse c\nneuron B { state v = 0 mV }\n" : "package b\nuse a\nneuron B { state v = 0 mV }\n";
    Case c = Case.of(CRASHES, name).file("m.brain", "use a\nnetwork N {}\n").file("a.brain", a.text()).file("b.brain", b);
    if (three) c = c.file("c.brain", "package c\nuse a\nneuron C { state v = 0 mV }\n");
    return c.args("check", "$D/m.brain").error("E0208", a.line(), a.col(), a.endCol())
        .stderrHas(three ? "`a` → `b` → `c` → `a`" : "`a` → `b` → `a`");
  }

  /** A population and a chain of {@code n} slices, each of the one before: deep, but no cycle. */
  private static String sliceChain(int n) {
    StringBuilder b = new StringBuilder("use brain.neurons\nnetwork N {\n  population p0 = LIF[2]\n");
    for (int i = 1; i <= n; i++) b.append("  population p").append(i).append(" = p").append(i - 1).append("[0 .. 2]\n");
    return b.append("}\n").toString();
  }

  // ------------------------------------------------------------------------------------------
  // Non-finite constants
  // ------------------------------------------------------------------------------------------

  private static List<Case> nonFinite() {
    String overflow = """
        use brain.neurons
        network N { population p = LIF[2] { v_rest = «-1e308 * 1e308» * 1 mV } }
        run N for 1 ms
        """;
    return List.of(
        check(NONFINITE, "overflow-in-override", "E0309", overflow),
        verb(NONFINITE, "overflow-in-override-compile-is-quick", "E0309", overflow, "compile", "--emit-ir")
            .timeout(Duration.ofSeconds(20)),
        verb(NONFINITE, "overflow-in-override-run", "E0309", overflow, "run"),
        check(NONFINITE, "overflow-in-param-default", "E0309", """
            neuron X {
              param v_rest = «-1e308 * 1e308» * 1 mV
              state v = v_rest
            }
            """),
        check(NONFINITE, "exp-overflows", "E0309", """
            neuron X {
              param gx = «exp(1000)»
              state v = 0 mV
            }
            """),
        check(NONFINITE, "sqrt-of-negative", "E0309", """
            neuron X {
              param gx = «sqrt(-1)»
              state v = 0 mV
            }
            """),
        check(NONFINITE, "log-of-zero", "E0309", """
            neuron X {
              param gx = «log(0)»
              state v = 0 mV
            }
            """),
        check(NONFINITE, "power-overflows", "E0309", """
            neuron X {
              param gx = «10 ^ 400»
              state v = 0 mV
            }
            """),
        check(NONFINITE, "overflow-inside-product-with-zero", "E0309", """
            neuron X {
              param gx = 0 * («1e308 * 10»)
              state v = 0 mV
            }
            """),
        check(NONFINITE, "overflow-through-parameters", "E0309", """
            neuron X {
              param a = 1e300
              param b = «a * a»
              state v = 0 mV
            }
            """),
        check(NONFINITE, "overflow-in-network-param", "E0309", """
            network N { param big = «1e200 * 1e200» }
            """),
        check(NONFINITE, "beyond-float32-in-model", "E0309", """
            neuron X {
              param v_rest = «1e300 mV»
              state v = v_rest
            }
            """),
        check(NONFINITE, "beyond-float32-in-override", "E0309", CELL + """
            network N { population a = Cell[2] { v_rest = «1e39 V» } }
            """),
        check(NONFINITE, "overflow-in-equation-constant", "E0309", """
            neuron X {
              state v = 0 mV
              v' = -v / (1 ms) + «1e308 mV * 1e308» / (1 ms)
            }
            """),
        check(NONFINITE, "overflow-in-weight", "E0309", """
            use brain.neurons
            network N {
              population a = LIF[2]
              connect a -> a weight «1e308 * 1e308» * 1 mV all
            }
            """));
  }

  // ------------------------------------------------------------------------------------------
  // Messages that say what is really wrong
  // ------------------------------------------------------------------------------------------

  private static List<Case> messages() {
    return List.of(
        check(MESSAGES, "population-too-large-names-the-limit", "E0307", """
            use brain.neurons
            network N { population p = LIF[«2147483648»] }
            """).stderrHas("too large").stderrHas("2147483647").stderrLacks("E9"),
        check(MESSAGES, "population-size-huge", "E0307", """
            use brain.neurons
            network N { population p = LIF[«1e300»] }
            """).stderrHas("too large"),
        check(MESSAGES, "population-size-fraction", "E0305", """
            use brain.neurons
            network N { population p = LIF[«2.5»] }
            """).stderrHas("whole number, not 2.5"),
        check(MESSAGES, "input-size-too-large", "E0307", """
            network N { input x[«4294967296»] encode rate() }
            """).stderrHas("too large"),
        check(MESSAGES, "catalog-whole-too-large", "E0802", region("encode value with rdse(size = «99999999999»)", ""))
            .stderrHas("not 99999999999 (too large)"),
        check(MESSAGES, "catalog-zero-where-positive-says-greater-than", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              connect a -> a weight 1 mV all via exp(tau = «0 ms»)
            }
            """).stderrHas("greater than 0"),
        check(MESSAGES, "range-message-quotes-the-declared-range", "E0307", """
            use brain.neurons
            network N { population p = LIF[2] { tau_m = «0 ms» } }
            """).stderrHas("1 ms .. 200 ms").stderrHas("not 0 ms"),
        check(MESSAGES, "dependent-range-message-names-the-parameter", "E0307", """
            neuron X {
              param a = 1 in 0 .. 2
              param b = 2 * a in 0 .. 3
              state v = 0 mV
            }
            network N { population p = X[2] { a = «2» } }
            """).stderrHas("`b` of `X` is 4"),
        check(MESSAGES, "uniform-message-says-swap", "E0307", """
            use brain.neurons
            network N { population a = LIF[2] { v = uniform(«-50 mV, -60 mV») } }
            """).stderrHas("swap"),
        check(MESSAGES, "delay-message", "E0307", """
            use brain.neurons
            network N {
              population a = LIF[2]
              connect a -> a weight 1 mV all delay «-5 ms»
            }
            """).stderrHas("must not be negative"),
        check(MESSAGES, "slice-cycle-message-names-the-cycle", "E0212", """
            use brain.neurons
            network N {
              population a = «b»[0 .. 2]
              population b = a[0 .. 2]
            }
            """).stderrHas("`a` → `b` → `a`"),
        check(MESSAGES, "slice-message-names-the-population-size", "E0408", """
            use brain.neurons
            network N {
              population d = LIF[10]
              population c = d[«0 .. 20»]
            }
            """).stderrHas("the 10 neurons of `d`"),
        check(MESSAGES, "override-divisor-message-quotes-override", "E0310", CELL + """
            network N { population a = Cell[2] { tau = «0 ms» } }
            """).stderrHas("with `tau = 0 ms`").stderrHas("division by zero"),
        Case.of(MESSAGES, "import-of-a-directory").file("m.brain", "use dir\nnetwork N {}\n")
            .setup(dir -> mkdirs(dir.resolve("dir.brain")))
            .args("check", "$D/m.brain").error("E0213", 1, 5, 8).stderrHas("is a directory").stderrLacks("cannot find"),
        Case.of(MESSAGES, "import-not-utf8").file("m.brain", "use bad\nnetwork N {}\n")
            .bytes("bad.brain", new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'})
            .args("check", "$D/m.brain").error("E0213", 1, 5, 8).stderrHas("not valid UTF-8").stderrLacks("cannot find"),
        Case.of(MESSAGES, "import-dangling-link").file("m.brain", "use gone\nnetwork N {}\n")
            .setup(dir -> link(dir.resolve("gone.brain"), dir.resolve("nowhere.brain")))
            .args("check", "$D/m.brain").error("E0213", 1, 5, 9).stderrHas("symbolic link"),
        Case.of(MESSAGES, "import-missing-still-says-cannot-find").file("m.brain", "use nothere\nnetwork N {}\n")
            .args("check", "$D/m.brain").error("E0203", 1, 5, 12).stderrHas("cannot find"),
        Case.of(MESSAGES, "import-cycle-message-names-the-files").file("m.brain", "use a\nnetwork N {}\n")
            .file("a.brain", "package a\nuse b\nneuron A { state v = 0 mV }\n")
            .file("b.brain", "package b\nuse a\nneuron B { state v = 0 mV }\n")
            .args("check", "$D/m.brain").error("E0208", 2, 5, 6).stderrHas("import cycle"),
        check(MESSAGES, "did-you-mean-still-suggests", "E0201", """
            neuron X {
              param tau_m = 20 ms
              state v = 0 mV
              v' = -v / «tau_n»
            }
            """).stderrHas("did you mean `tau_m`?"),
        Case.of(MESSAGES, "many-unknown-names-are-quick").file("m.brain", unknownNames(3000))
            .args("check", "$D/m.brain").error("E0201", 4, 12, 14).timeout(Duration.ofSeconds(30)),
        check(MESSAGES, "vector-index-beyond-its-size", "E0307", """
            neuron X {
              param w = [1, 2, 3]
              param a = w[«5»]
              state v = 0 mV
            }
            """).stderrHas("from 0 to 2"),
        check(MESSAGES, "vector-index-negative", "E0307", """
            neuron X {
              param w = [1, 2, 3]
              param a = w[«-1»]
              state v = 0 mV
            }
            """),
        check(MESSAGES, "vector-size-too-large", "E0307", """
            neuron X {
              param w: [«99999999999»] mV = 1 mV
              state v = 0 mV
            }
            """).stderrHas("too large").stderrLacks("must be a whole number"),
        check(MESSAGES, "vector-size-zero", "E0307", """
            neuron X {
              param w: [«0»] mV
              state v = 0 mV
            }
            """),
        check(MESSAGES, "predicate-arity-too-large", "E0307", """
            rules R : fuzzy(product) {
              predicate P/«99999999999»
            }
            """).stderrHas("too large"),
        check(MESSAGES, "pools-more-than-neurons", "E0307", """
            use brain.neurons
            network N {
              population p = LIF[10]
              output o = pools(p, «20»)
            }
            """).stderrHas("at most 10 pools"),
        check(MESSAGES, "linear-output-too-large", "E0307", """
            use brain.neurons
            network N {
              population p = LIF[10]
              output o = linear(spike_count(p), «1e9»)
            }
            """).stderrHas("too large"),
        check(MESSAGES, "hidden-factor-levels-too-many", "E0307", """
            agent A : active_inference {
              hidden location[«4294967297»]
              observe cell[4] likelihood A = identity()
              control move[up, down] transition B = identity()
              plan horizon 1
            }
            """).stderrHas("too large").timeout(Duration.ofSeconds(30)),
        check(MESSAGES, "non-finite-message-says-overflow", "E0309", """
            neuron X {
              param gx = «exp(1000)»
              state v = 0 mV
            }
            """).stderrHas("overflows to +infinity"),
        check(MESSAGES, "nan-message-says-not-a-number", "E0309", """
            neuron X {
              param gx = «sqrt(-1)»
              state v = 0 mV
            }
            """).stderrHas("not a number"));
  }

  /** A neuron whose equations name {@code n} unknown names (about 3 per line). */
  private static String unknownNames(int n) {
    StringBuilder b = new StringBuilder("neuron X {\n  state v = 0 mV\n  param tau = 1 ms\n");
    for (int i = 0; i < n; i += 3) {
      b.append("  let l").append(i).append(" = u").append(i).append(" + q").append(i + 1).append(" * tau_").append(i + 2)
          .append("\n");
    }
    return b.append("}\n").toString();
  }

  // ------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------

  /** `brainc check` of one model whose expected range is marked. */
  private static Case check(Case.Kind kind, String name, String code, String marked) {
    return verb(kind, name, code, marked, "check");
  }

  /** {@code brainc VERB $D/m.brain ARGS...} of one model whose expected range is marked. */
  private static Case verb(Case.Kind kind, String name, String code, String marked, String verb, String... more) {
    Marked m = mark(marked);
    List<String> args = new ArrayList<>(List.of(verb, "$D/m.brain"));
    args.addAll(List.of(more));
    if (verb.equals("run")) args.addAll(List.of("--out", "$D/out"));
    return Case.of(kind, name).file("m.brain", m.text()).args(args.toArray(String[]::new))
        .error(code, m.line(), m.col(), m.endCol());
  }

  /** A text with its expected range marked by « and »: the text without them, and the range. */
  record Marked(String text, int line, int col, int endCol) {}

  static Marked mark(String marked) {
    int open = marked.indexOf('«');
    int close = marked.indexOf('»');
    if (open < 0 || close < open) throw new IllegalArgumentException("no «range» in " + marked);
    String text = marked.substring(0, open) + marked.substring(open + 1, close) + marked.substring(close + 1);
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < open; i++) {
      if (marked.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int col = open - lineStart + 1;
    return new Marked(text, line, col, col + (close - open - 1));
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void link(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
