package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The harness itself: a case that holds passes, and each kind of broken promise fails. */
class HarnessSelfTest {
  private static final String BAD_UNIT = "network N {\n  param x = 3 mV + 2 ms\n}\n";

  @TestFactory
  Stream<DynamicTest> holdingCases() {
    return Adversarial.tests(List.of(
        Case.of(MESSAGES, "unit-mismatch-located").file("m.brain", BAD_UNIT)
            .args("check", "$D/m.brain").error("E0301", 2, 13),
        Case.of(MESSAGES, "unit-mismatch-as-process").file("m.brain", BAD_UNIT)
            .args("check", "m.brain").process().error("E0301", 2, 13)));
  }

  @Test
  void wrongExpectationsFail() {
    assertThrows(AssertionError.class, () -> Adversarial.run(Case.of(MESSAGES, "wrong-code")
        .file("m.brain", BAD_UNIT).args("check", "$D/m.brain").error("E0302", 2, 13)));
    assertThrows(AssertionError.class, () -> Adversarial.run(Case.of(MESSAGES, "wrong-exit")
        .file("m.brain", BAD_UNIT).args("check", "$D/m.brain").exit(0)));
    // An input that the command overwrites breaks the suite's invariant.
    assertThrows(AssertionError.class, () -> Adversarial.run(Case.of(MESSAGES, "overwritten")
        .file("m.brain", "network N {}\n").file("x.txt", "mine")
        .args("compile", "$D/m.brain", "--emit-ir", "-o", "$D/x.txt").exit(0)));
  }
}
