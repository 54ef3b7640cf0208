package brainc.samples.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The adversarial suite as a whole: how many cases each class of failure has, that case names
 * are unique within a file, and that every diagnostic code is produced by some fixture (a
 * documented example under {@code golden/diagnostics/codes}, which the golden tests run, or a
 * case that asserts it).
 */
class SuiteCensus {
  /** Every case file of the suite, by the verbs it covers. */
  static Map<String, List<Case>> suites() {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    suites.put("codes", CodeCases.cases());
    suites.put("contracts", ContractCases.cases());
    suites.put("run", RunCases.cases());
    suites.put("train", TrainCases.cases());
    suites.put("train-seam", TrainSeamCases.cases());
    suites.put("tools", ToolCases.cases());
    suites.put("statements", StatementCases.cases());
    suites.put("commands", CommandCases.cases());
    suites.put("front", FrontCases.cases());
    suites.put("targets", TargetCases.cases());
    suites.put("run-resume", RunResumeCases.cases());
    suites.put("passes", PassCases.cases());
    suites.put("detect-resume", DetectResumeCases.cases());
    suites.put("refusals", RefusalCases.cases());
    suites.put("analyses", AnalysisCases.cases());
    suites.put("recurrent-train", RecurrentTrainCases.cases());
    suites.put("init", InitCases.cases());
    suites.put("legality", LegalityCases.cases());
    suites.put("train-legality", TrainLegalityCases.cases());
    suites.put("observe", ObserveCases.cases());
    suites.put("detect-report", DetectReportCases.cases());
    suites.put("spike-signals", SpikeSignalCases.cases());
    suites.put("noise", NoiseCases.cases());
    suites.put("methods", MethodCases.cases());
    suites.put("backtracking", BacktrackingCases.cases());
    suites.put("cuda", CudaCases.cases());
    suites.put("nir", NirCases.cases());
    suites.put("cuda-mode", CudaModeCases.cases());
    return suites;
  }

  static List<Case> all() {
    List<Case> all = new ArrayList<>();
    suites().values().forEach(all::addAll);
    return all;
  }

  @Test
  void countsPerClass() {
    Map<Case.Kind, Integer> counts = new EnumMap<>(Case.Kind.class);
    for (Map.Entry<String, List<Case>> suite : suites().entrySet()) {
      Set<String> names = new HashSet<>();
      for (Case c : suite.getValue()) {
        counts.merge(c.kind, 1, Integer::sum);
        assertTrue(names.add(c.toString()), "two cases of " + suite.getKey() + " are named " + c);
      }
    }
    System.out.println("adversarial cases per class: " + counts + ", " + all().size() + " in all");
  }

  @Test
  void everyCodeIsProducedBySomeFixture() throws IOException {
    Path examples = Path.of("golden/diagnostics/codes");
    Set<String> asserted = new HashSet<>(Adversarial.assertedCodes(all()));
    Set<String> missing = new TreeSet<>();
    for (Code c : Code.values()) {
      if (c == Code.E9999) continue; // Internal errors are bugs: no fixture may produce one.
      if (c.doc().startsWith("Retired")) continue; // No longer reported (its successor has the example).
      boolean example = Files.exists(examples.resolve(c.id() + ".brain"));
      if (!example && !asserted.contains(c.id())) missing.add(c.id());
    }
    assertEquals(Set.of(), missing, "codes that no example file and no adversarial case produces");
  }
}
