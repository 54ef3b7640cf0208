package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.MESSAGES;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The codes whose documented example is not a single source file (see
 * {@code samples/golden/diagnostics/codes/*.md}): each example, run as the page shows it.
 */
public final class CodeCases {
  public static List<Case> cases() {
    return List.of(
        Case.of(MESSAGES, "E0103-comment-never-closed")
            .file("cell.brain", "neuron Cell {\n  state v = 0 mV\n}\n/* the end\n")
            .args("check", "$D/cell.brain").error("E0103", 4, 1, 3),
        Case.of(MESSAGES, "E0211-package-elsewhere")
            .file("main.brain", "use models.cells.Cell\n")
            .file("models/cells.brain", "package brain.cells\n\nneuron Cell {\n  state v = 0 mV\n}\n")
            .args("check", "$D/main.brain").exit(0).warning("E0211", 1, 9),
        Case.of(MESSAGES, "E0803-value-the-encoder-cannot-take")
            .file("d.brain", "region R : htm {\n  encode value with rdse(size = 400, sparsity = 0.05, resolution = 0.1)\n}\n\n"
                + "detect anomalies with R in csv \"data.csv\" to \"scores.csv\"\n")
            .file("data.csv", "timestamp,value\n2015-01-01 00:00:00,1.5\n2015-01-01 00:05:00,abc\n")
            .args("detect", "d.brain").process().error("E0803", 5, 1).stderrHas("data.csv:3:")
            .absent("scores.csv"));
  }

  @TestFactory
  Stream<DynamicTest> examples() {
    return Adversarial.tests(cases());
  }
}
