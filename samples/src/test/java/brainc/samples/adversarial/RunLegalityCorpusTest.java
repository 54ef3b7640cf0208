package brainc.samples.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.passes.RunCheck;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every model of the adversarial suite and of the golden files that is refused with W1021
 * cannot-run-yet goes through both the check before lowering and the lowering itself: the
 * lowering meets exactly the construct the check reported (same code, range and message, which
 * it throws as a compiler bug), so the check covers each condition these models exercise.
 */
class RunLegalityCorpusTest {
  /** The `.brain` files of every adversarial case that expects W1021, and of every golden file that mentions it. */
  private static Map<String, String> models() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Case c : SuiteCensus.all()) {
      if (!c.codes.contains("W1021")) continue;
      c.files.forEach((name, bytes) -> {
        if (name.endsWith(".brain")) out.put(c + "/" + name, new String(bytes, StandardCharsets.UTF_8));
      });
    }
    try (Stream<Path> s = Files.walk(Path.of("golden"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".brain")).sorted().toList()) {
        String text = Files.readString(p);
        if (text.contains("W1021")) out.put(p.toString(), text);
      }
    }
    return out;
  }

  @Test
  void theLoweringRefusesExactlyWhatTheCheckReported() throws IOException {
    int refused = 0;
    for (var e : models().entrySet()) {
      Analysis a = new Frontend().analyze(SourceFile.of(e.getKey(), e.getValue()));
      if (a.hasErrors()) continue;
      IrModule m = Lowering.lower(a);
      for (RunSpec run : m.decls().stream().filter(d -> d instanceof RunSpec).map(d -> (RunSpec) d).toList()) {
        Pipeline.RunSettings settings = Pipeline.settings(run);
        List<Diagnostic> found = RunCheck.loweringProblems(m, run, settings);
        // A wrong model (E0406, E1003, E1006) stops the lowering anywhere: only a refusal alone is compared.
        if (found.stream().anyMatch(d -> d.code() != Code.W1021)) continue;
        if (found.isEmpty()) {
          Pipeline.compile(m, run, settings, new PassContext(), (p, ir) -> {});
          continue;
        }
        assertEquals(1, found.size(), e.getKey() + ": " + found);
        Diagnostic d = found.get(0);
        IllegalStateException bug = assertThrows(IllegalStateException.class,
            () -> Pipeline.compile(m, run, settings, new PassContext(), (p, ir) -> {}), e.getKey());
        assertTrue(bug.getMessage().endsWith("W1021 at " + d.span() + ": " + d.message()),
            e.getKey() + ": the check reported " + d + " but the lowering refused: " + bug.getMessage());
        refused++;
      }
    }
    assertTrue(refused >= 5, "W1021 models compared: " + refused);
  }
}
