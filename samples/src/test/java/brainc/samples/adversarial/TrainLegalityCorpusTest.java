package brainc.samples.adversarial;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.TrainCheck;
import brainc.compiler.passes.TrainPipeline;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.TrainSpec;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every model of the adversarial suite and of the golden files that is refused with W1020
 * cannot-train-yet or E1020 cannot-train goes, for each of its trainings on a dataset, through
 * both the check before lowering and the training lowering itself: where the check reports what
 * the lowering cannot lower yet, the lowering meets exactly that construct (same code, range and
 * message, which it throws as a compiler bug); where the check finds nothing, it lowers.
 */
class TrainLegalityCorpusTest {
  /** The `.brain` files of every adversarial case that expects W1020 or E1020, and of every golden file that mentions one. */
  private static Map<String, String> models() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Case c : SuiteCensus.all()) {
      if (!c.codes.contains("W1020") && !c.codes.contains("E1020")) continue;
      // Most cases write their model in a setup (it may name the case's directory): run them in a scratch one.
      Path dir = Files.createTempDirectory("train-legality");
      try {
        for (var f : c.files.entrySet()) {
          Path p = dir.resolve(f.getKey());
          Files.createDirectories(p.getParent());
          Files.write(p, f.getValue());
        }
        c.setups.forEach(s -> s.accept(dir));
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.filter(p -> p.toString().endsWith(".brain") && Files.isRegularFile(p)).sorted().toList()) {
            out.put(c.name + "/" + dir.relativize(p), Files.readString(p));
          }
        }
      } finally {
        delete(dir);
      }
    }
    try (Stream<Path> s = Files.walk(Path.of("golden"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".brain")).sorted().toList()) {
        String text = Files.readString(p);
        if (text.contains("W1020") || text.contains("E1020")) out.put(p.toString(), text);
      }
    }
    return out;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void theLoweringRefusesExactlyWhatTheCheckReported() throws IOException {
    int refused = 0;
    int lowered = 0;
    for (var e : models().entrySet()) {
      Analysis a = new Frontend().analyze(SourceFile.of(e.getKey(), e.getValue()));
      if (a.hasErrors()) continue;
      IrModule m = Lowering.lower(a);
      for (TrainSpec t : m.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).toList()) {
        // What the lowering takes: a network with outputs trained on a dataset, whose shape it handles.
        if (!t.sourceKind().equals(TrainSpec.DATASET) || !(m.find(t.target()).orElse(null) instanceof Network net)
            || net.outputs().isEmpty() || TrainCheck.datasetShape(net).isPresent()) {
          continue;
        }
        Optional<Diagnostic> found = TrainCheck.loweringProblem(m, net, t);
        if (found.isEmpty()) {
          TrainPipeline.compile(m, net, true, (p, ir) -> {});
          lowered++;
          continue;
        }
        Diagnostic d = found.get();
        assertTrue(TrainCheck.check(m, t).contains(d), e.getKey() + ": check does not report " + d);
        IllegalStateException bug = assertThrows(IllegalStateException.class,
            () -> TrainPipeline.compile(m, net, true, (p, ir) -> {}), e.getKey());
        assertTrue(bug.getMessage().endsWith(d.code() + " at " + d.span() + ": " + d.message()),
            e.getKey() + ": the check reported " + d + " but the lowering refused: " + bug.getMessage());
        refused++;
      }
    }
    assertTrue(refused >= 12, "W1020/E1020 models compared: " + refused);
    assertTrue(lowered >= 1, "models lowered: " + lowered);
  }
}
