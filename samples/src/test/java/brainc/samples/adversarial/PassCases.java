package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Built-in functions and the pass pipeline under hostile models and flags: every function the
 * checker accepts runs (one table decides both), a wrong number of arguments is a diagnostic at
 * the call, and the pass manager's flags name passes that exist.
 */
public final class PassCases {
  /** A neuron whose update is {@code body} (line 4), in a one-neuron network run for 1 ms. */
  private static String update(String body) {
    return "neuron G {\n  state x = 1\n  state y = 0\n  step y = " + body + "\n}\nnetwork N {\n  population a = G[3]\n}\n"
        + "run N for 1 ms\n";
  }

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    builtins(c);
    passes(c);
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  // ------------------------------------------------------------------------------------------
  // Built-in functions: what checks, runs
  // ------------------------------------------------------------------------------------------

  private static void builtins(List<Case> c) {
    c.add(Case.of(SILENT, "log10-in-an-update-runs-as-check-promised")
        .file("m.brain", update("log10(x + 1)")).args("run", "$D/m.brain", "-q", "--out", "$D/o").exit(0));
    c.add(Case.of(SILENT, "check-no-longer-warns-of-log10")
        .file("m.brain", update("log10(x + 1)")).args("check", "$D/m.brain").exit(0).stderrLacks("W1021"));
    c.add(Case.of(SILENT, "every-function-of-numbers-runs-on-the-interpreter")
        .file("m.brain", update("sigmoid(x) + heaviside(x) + mod(x, 0.3) + clip(x, 0, 0.5) + round(x) + atan(x)"))
        .args("run", "$D/m.brain", "-q", "--backend", "interp", "--out", "$D/o").exit(0));
    c.add(Case.of(MESSAGES, "too-few-arguments-name-the-function-and-its-arity")
        .file("m.brain", update("clip(x, 0)")).args("check", "$D/m.brain").error("E0206", 4, 12)
        .stderrHas("`clip` takes 3 arguments, not 2"));
    c.add(Case.of(MESSAGES, "a-misspelt-function-suggests-the-table-s-spelling")
        .file("m.brain", update("log1O(x)")).args("check", "$D/m.brain").error("E0201", 4, 12)
        .stderrHas("unknown function `log1O`"));
  }

  // ------------------------------------------------------------------------------------------
  // The pass manager: --explain times every pass, --dump-ir names only passes that exist
  // ------------------------------------------------------------------------------------------

  private static void passes(List<Case> c) {
    c.add(Case.of(MESSAGES, "compile-explain-ends-with-each-pass-s-time")
        .file("m.brain", update("x + 1")).args("compile", "--explain", "$D/m.brain").exit(0)
        .stdoutHas("time: specialize-params ").stdoutHas("time: schedule ").stdoutHas("time: choose-connectivity-format "));
    c.add(Case.of(MESSAGES, "run-explain-times-the-passes-too")
        .file("m.brain", update("x + 1")).args("run", "$D/m.brain", "-q", "--explain", "--out", "$D/o").exit(0)
        .stderrHas("explain: time: fold-constants "));
    c.add(Case.of(MESSAGES, "dump-ir-after-a-pass-that-does-not-exist-lists-the-declared-ones")
        .file("m.brain", update("x + 1")).args("run", "$D/m.brain", "-q", "--dump-ir", "after:fold")
        .usage("fold-constants, solve-odes, schedule"));
  }
}
