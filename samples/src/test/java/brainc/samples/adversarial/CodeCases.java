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
            .args("detect", "d.brain").process().error("E0803", 3, 21).stderrHas("data.csv:3:21:")
            .absent("scores.csv"),
        Case.of(MESSAGES, "E0208-files-that-import-each-other")
            .file("a.brain", "use b\n\nneuron A {\n  state v = 0 mV\n}\n")
            .file("b.brain", "use a\n\nneuron B {\n  state u = 0 mV\n}\n")
            .args("check", "$D/a.brain").error("E0208", 1, 5, 6).stderrHas("import cycle"),
        Case.of(MESSAGES, "E0213-a-use-that-finds-a-folder")
            .file("m.brain", "use lib\n").setup(Adversarial.directory("lib.brain"))
            .args("check", "$D/m.brain").error("E0213", 1, 5, 8).stderrHas("is a directory"),
        Case.of(MESSAGES, "E0804-records-back-in-time")
            .file("d.brain", "region R : htm {\n  encode value with rdse(size = 400, sparsity = 0.05, resolution = 0.1)\n}\n\n"
                + "detect anomalies with R in csv \"data.csv\" to \"scores.csv\"\n")
            .file("data.csv", "timestamp,value\n2015-01-01 00:05:00,1.5\n2015-01-01 00:00:00,2.5\n")
            .args("detect", "d.brain").process().error("E0804", 3, 1).absent("scores.csv"),
        Case.of(MESSAGES, "E0806-check-json-of-a-missing-file")
            .args("check", "--json", "$D/missing.brain").exit(1).jsonCode("E0806")
            .stderrHas("cannot read").stderrHas("no such file"));
  }

  @TestFactory
  Stream<DynamicTest> examples() {
    return Adversarial.tests(cases());
  }
}
