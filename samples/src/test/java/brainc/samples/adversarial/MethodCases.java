package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.NONFINITE;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Integration methods under hostile models: misspelt or misplaced methods, methods that cannot
 * apply, a second method, an unstable explicit method (warned of, still run), a Hodgkin-Huxley
 * neuron whose explicit method ends in NaN (the first bad step, no stack trace), and `--explain`
 * naming each equation's method.
 */
public final class MethodCases {
  /** A one-state neuron (its equation on line 3, {@code clause} on line 4) in a two-neuron network run for 10 ms. */
  private static String cell(String equation, String clause, String run) {
    return "neuron C {\n  state v = -60 mV\n  " + equation + "\n  " + clause + "\n}\nnetwork N {\n  population p = C[2]\n"
        + "  monitor v of p\n}\n" + run + "\n";
  }

  private static final String LINEAR = "v' = (-65 mV - v) / (10 ms)";
  private static final String RUN = "run N for 10 ms dt 0.1 ms";

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(Case.of(MESSAGES, "a-misspelt-method-suggests-the-nearest")
        .file("m.brain", cell(LINEAR, "method expontial_euler", RUN)).args("check", "$D/m.brain")
        .error("E0420", 4, 10).stderrHas("did you mean `exponential_euler`?"));
    c.add(Case.of(MESSAGES, "a-misspelt-method-after-an-equation-is-found-there")
        .file("m.brain", cell(LINEAR + " method rk5", "", RUN)).args("check", "$D/m.brain")
        .error("E0420", 3, 38).stderrHas("unknown integration method `rk5`"));
    c.add(Case.of(MESSAGES, "exact-on-a-quadratic-equation-is-refused-at-the-clause")
        .file("m.brain", cell("v' = -(v + 60 mV) * (v + 60 mV) / (1 mV * ms)", "method exact", RUN))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").error("E0420", 4, 3).stdoutIs(""));
    c.add(Case.of(MESSAGES, "exponential-euler-on-an-exponential-of-its-variable-is-refused")
        .file("m.brain", cell("v' = (exp(v / (1 mV)) * 1 mV) / ms", "method exponential_euler", RUN))
        .args("check", "$D/m.brain").error("E0420", 4, 3).stderrHas("not linear in `v`"));
    c.add(Case.of(MESSAGES, "a-second-method-is-a-duplicate-rule")
        .file("m.brain", cell(LINEAR, "method rk4\n  method euler", RUN)).args("check", "$D/m.brain")
        .error("E0413", 5, 3).stderrHas("a second integration `method`"));
    c.add(Case.of(MESSAGES, "a-method-in-a-synapse-equation-is-misplaced")
        .file("m.brain", "synapse S {\n  var e = 0\n  e' = -e / (5 ms) method euler\n  on pre { deliver e }\n}\n")
        .args("check", "$D/m.brain").error("E0402", 3, 27).stderrHas("synapse equations take no `method`"));
    c.add(Case.of(MESSAGES, "a-method-member-in-a-synapse-is-misplaced")
        .file("m.brain", "synapse S {\n  var e = 0\n  e' = -e / (5 ms)\n  method rk4\n  on pre { deliver e }\n}\n")
        .args("check", "$D/m.brain").error("E0402", 4, 10).stderrHas("an integration `method` belongs in a neuron"));
    c.add(Case.of(MESSAGES, "an-unstable-euler-step-is-warned-of-and-runs")
        .file("m.brain", cell("v' = (-65 mV - v) / (1 ms)", "method euler", "run N for 50 ms dt 2.5 ms"))
        .args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0).stderrHas("warning[W0420]")
        .stderrHas("dt·|λ| = 2.50 > 2.0"));
    c.add(Case.of(SILENT, "a-stable-euler-step-is-not-warned-of")
        .file("m.brain", cell("v' = (-65 mV - v) / (1 ms)", "method euler", "run N for 50 ms dt 1.5 ms"))
        .args("check", "$D/m.brain").exit(0).stderrLacks("W0420"));
    c.add(Case.of(SILENT, "explain-names-each-equations-method")
        .file("m.brain", cell(LINEAR, "method rk2", RUN)).args("compile", "--explain", "$D/m.brain").exit(0)
        .stdoutHas("C@p.v: midpoint RK2 (method rk2)"));
    // v' = -50 w v / ms with w = 1: dt·|λ| = 5 at dt 0.1 ms, far outside RK4's region (it multiplies v
    // by 13.7 a step); exponential Euler takes the exact decay.
    String stiff = "neuron C {\n  state v = 1 mV\n  state w = 1\n  v' = -50 * w * v / ms\n  w' = 0 / ms\n  %s\n}\n"
        + "network N {\n  population p = C[1]\n  monitor v of p\n}\nrun N for 10 ms dt 0.1 ms\n";
    for (String backend : List.of("jvm", "interp")) {
      c.add(Case.of(NONFINITE, "a-stiff-equation-with-rk4-stops-at-its-first-infinite-step-on-" + backend)
          .file("m.brain", stiff.formatted("method rk4"))
          .args("run", "$D/m.brain", "-q", "--backend", backend, "--out", "$D/o").exit(1)
          .stderrHas("warning[W0420]").stderrHas("p.v[0] is NaN at step 32 ").stdoutIs(""));
      c.add(Case.of(SILENT, "the-same-equation-with-exponential-euler-runs-on-" + backend)
          .file("m.brain", stiff.formatted("method exponential_euler"))
          .args("run", "$D/m.brain", "-q", "--backend", backend, "--out", "$D/o").exit(0));
    }
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
