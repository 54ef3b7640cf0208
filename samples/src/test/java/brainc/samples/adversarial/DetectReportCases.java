package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.ToolCases.REGION;
import static brainc.samples.adversarial.ToolCases.series;
import static brainc.samples.adversarial.ToolCases.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code detect ... report prediction} as a careless user writes it: a misspelt or repeated
 * report (refused by {@code check} and {@code detect} at its place, before any CSV is read), a
 * {@code report} without a name, and the column it adds: {@code prediction} after the scores,
 * a fraction in [0, 1] equal to {@code 1 - raw_score} on every row.
 */
public final class DetectReportCases {
  /** REGION is lines 1-7; the statement is line 8 and its first report name starts at column 58. */
  private static String statement(String report) {
    return REGION + "detect anomalies with R in csv \"d.csv\" to \"s.csv\" report " + report + "\n";
  }

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    for (String verb : List.of("check", "detect")) {
      c.add(Case.of(MESSAGES, "detect-report-misspelt-" + verb).file("m.brain", statement("predictions"))
          .args(verb, "$D/m.brain").error("E0205", 8, 58, 69).stderrHas("unknown report `predictions`")
          .stderrHas("did you mean `prediction`?").absent("s.csv"));
      c.add(Case.of(MESSAGES, "detect-report-twice-" + verb).file("m.brain", statement("prediction, prediction"))
          .args(verb, "$D/m.brain").error("E0210", 8, 70, 80).stderrHas("`prediction` is reported once already"));
    }
    c.add(Case.of(MESSAGES, "detect-report-without-a-name").file("m.brain", statement(""))
        .args("check", "$D/m.brain").error("E0100", 8, 57).stderrHas("missing a name"));
    c.add(Case.of(CONTRACTS, "detect-report-prediction-adds-a-column").file("d.csv", series(60))
        .setup(d -> write(d, "m.brain", REGION + "detect anomalies with R in csv \"" + d.resolve("d.csv").toString().replace("\\", "/")
            + "\" to \"" + d.resolve("s.csv").toString().replace("\\", "/") + "\" report prediction\n"))
        .args("detect", "$D/m.brain", "--backend", "interp").exit(0).output("s.csv").output("m.brain")
        .then(o -> {
          List<String> lines = o.text("s.csv").lines().toList();
          assertEquals("timestamp,value,anomaly_score,raw_score,prediction", lines.get(0));
          assertEquals(61, lines.size());
          for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double prediction = Double.parseDouble(f[4]);
            assertTrue(prediction >= 0 && prediction <= 1, l);
            assertEquals(1 - Double.parseDouble(f[3]), prediction, 1e-12, l);
          }
        }));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }
}
