package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.RESUME;
import static brainc.samples.adversarial.ToolCases.corpus;
import static brainc.samples.adversarial.ToolCases.write;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code temporal_memory { kind = backtracking }} (NuPIC's backtracking temporal memory) as a
 * careless user meets it: a setting of one kind given to the other, values it cannot run with
 * (one cell per column, more new synapses than a segment holds, a zero pam length, a decay out
 * of [0, 1], an unknown kind), each at its exact range; and a real {@code detect} of a
 * statement and of a corpus with it, which writes its scores, and a {@code --resume} of a run
 * that finished, which finds nothing to do.
 */
public final class BacktrackingCases {
  private static final String BT = """
      region R : htm {
        encode value with rdse(size = 100, sparsity = 0.05, resolution = auto)
        encode timestamp with date(time_of_day = 11, time_of_day_radius = 6)
        spatial_pooler { columns = 64, sparsity = 0.1 }
        temporal_memory { kind = backtracking, cells_per_column = 4, activation_threshold = 3, min_threshold = 2,
                          max_new_synapses = 4, max_synapses_per_segment = 8, pam_length = 3 }
        anomaly raw
      }
      """;

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(check("backtracking-setting-on-the-columnar-memory", "temporal_memory { cells_per_column = 4, pam_length = «3» }"));
    c.add(check("backtracking-decay-on-the-columnar-memory", "temporal_memory { global_decay = «0.1» }"));
    c.add(check("columnar-punishment-on-the-backtracking-memory",
        "temporal_memory { kind = backtracking, predicted_segment_dec = «0.01» }"));
    c.add(check("backtracking-one-cell-per-column", "temporal_memory { kind = backtracking, cells_per_column = «1» }"));
    c.add(check("backtracking-more-new-synapses-than-a-segment-holds",
        "temporal_memory { kind = backtracking, max_new_synapses = «20», max_synapses_per_segment = 16 }"));
    c.add(check("backtracking-pam-length-zero", "temporal_memory { kind = backtracking, pam_length = «0» }"));
    c.add(check("backtracking-decay-above-one", "temporal_memory { kind = backtracking, global_decay = «1.5» }"));
    c.add(check("backtracking-negative-backtrack", "temporal_memory { kind = backtracking, max_inf_backtrack = «-1» }"));
    c.add(Case.of(CONTRACTS, "temporal-memory-of-an-unknown-kind")
        .file("m.brain", region("temporal_memory { kind = nupic }")).args("check", "$D/m.brain").exit(1)
        .stderrHas("columnar").stderrHas("backtracking"));
    c.add(Case.of(FILES, "backtracking-detect-writes-its-scores").file("in.csv", ToolCases.series(60))
        .setup(dir -> write(dir, "m.brain", BT + "detect anomalies with R in csv \"" + dir.resolve("in.csv")
            + "\" to \"" + dir.resolve("out.csv") + "\"\n"))
        .args("detect", "$D/m.brain").exit(0).output("out.csv").exists("out.csv"));
    c.add(Case.of(FILES, "backtracking-detect-over-a-corpus").file("m.brain", BT).setup(corpus("nab/"))
        .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res").exit(0)
        .exists("res/brainc/c/brainc_a.csv"));
    c.add(Case.of(RESUME, "backtracking-detect-resume-without-a-checkpoint").file("m.brain", BT).setup(corpus("nab/"))
        .args("detect", "$D/m.brain", "--corpus", "$D/nab", "--results", "$D/res", "--resume").exit(1)
        .stderrHas("--resume: there is no checkpoint at").absent("res/brainc"));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  private static String region(String section) {
    return "region R : htm {\n  encode value with rdse()\n  " + section + "\n  anomaly raw()\n}\n";
  }

  /** {@code brainc check} of a region whose temporal memory section has the marked range refused with E0802. */
  private static Case check(String name, String markedSection) {
    ContractCases.Marked m = ContractCases.mark(region(markedSection));
    return Case.of(CONTRACTS, name).file("m.brain", m.text()).args("check", "$D/m.brain")
        .error("E0802", m.line(), m.col(), m.endCol());
  }
}
