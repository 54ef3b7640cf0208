package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.api.Compiler;
import brainc.compiler.api.Detections;
import brainc.compiler.driver.Analysis;
import brainc.ir.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/sequence_prediction.brain} on the repeating sequences of {@link
 * RepeatingSequences} (4 sequences of 8 symbols of 16, 2 % noise, seed 1): after learning (the
 * second half of 6,000 records) the temporal memory predicts at least 90 % of the active columns
 * on average, far more than while it learns (the first 750 records); each record's prediction is
 * {@code 1 - raw_score}; and the interpreter writes the same file as the JVM engine, bit for bit.
 */
class SequencePredictionTest {
  @TempDir Path dir;

  private static final int RECORDS = 6000;

  /**
   * The sample, reading and writing in {@code dir} instead of {@code out/}; with NuPIC's
   * backtracking temporal memory instead of the columnar one when {@code backtracking} (the same
   * settings, less the one it does not have).
   */
  private Path model(boolean backtracking) throws IOException {
    String text = Files.readString(Path.of("sequence_prediction.brain"), StandardCharsets.UTF_8);
    if (backtracking) {
      String decay = "    predicted_segment_dec = 0.0\n";
      assertTrue(text.contains("  temporal_memory {\n") && text.contains(decay), "the sample's memory changed; update this test");
      text = text.replace("  temporal_memory {\n", "  temporal_memory {\n    kind = backtracking\n").replace(decay, "");
    }
    String statement = "csv \"out/sequences.csv\" to \"out/sequence_prediction.csv\" report prediction";
    assertTrue(text.contains(statement), "the sample's detect statement changed; update this test");
    text = text.replace(statement, "csv \"" + slashes(dir.resolve("sequences.csv")) + "\" to \""
        + slashes(dir.resolve("scores.csv")) + "\" report prediction");
    Path m = dir.resolve("sequence_prediction.brain");
    Files.writeString(m, text, StandardCharsets.UTF_8);
    return m;
  }

  private static String slashes(Path p) {
    return p.toAbsolutePath().toString().replace("\\", "/");
  }

  /** Runs the model's statement on {@code engine} and returns the lines of its scores. */
  private List<String> detect(Path model, String engine) throws IOException {
    Analysis analysis = Compiler.check(model);
    List<String> problems = new ArrayList<>();
    Detections.Result r = Detections.detect(analysis, model, new Detections.Options(engine, null, null, false, 100_000, 1),
        null, new Detections.Listener() {
          @Override
          public void problem(String line) {
            problems.add(line);
          }

          @Override
          public void diagnostic(Diagnostic d) {
            problems.add(d.code() + ": " + d.message());
          }
        });
    assertTrue(r.ok(), problems.toString());
    return Files.readAllLines(dir.resolve("scores.csv"));
  }

  private static double mean(List<String> lines, int from, int to) {
    double sum = 0;
    for (String l : lines.subList(1 + from, 1 + to)) sum += Double.parseDouble(l.substring(l.lastIndexOf(',') + 1));
    return sum / (to - from);
  }

  @Test
  void theMemoryPredictsNinetyPercentOfRepeatingSequencesAfterLearningOnBothEngines() throws IOException {
    predictsNinetyPercent(false);
  }

  @Test
  void theBacktrackingMemoryPredictsNinetyPercentToo() throws IOException {
    predictsNinetyPercent(true);
  }

  private void predictsNinetyPercent(boolean backtracking) throws IOException {
    new RepeatingSequences(4, 8, 16, 0.02, 1).write(dir.resolve("sequences.csv"), RECORDS);
    Path model = model(backtracking);
    List<String> jvm = detect(model, "jvm");
    assertEquals("step,symbol,sequence,position,noisy,anomaly_score,raw_score,prediction", jvm.get(0));
    assertEquals(RECORDS + 1, jvm.size());
    for (String l : jvm.subList(1, jvm.size())) {
      String[] f = l.split(",");
      double raw = Double.parseDouble(f[6]);
      double prediction = Double.parseDouble(f[7]);
      assertTrue(prediction >= 0 && prediction <= 1, l);
      assertEquals(1 - raw, prediction, 1e-12, l);
    }
    double learning = mean(jvm, 0, RECORDS / 8);
    double learned = mean(jvm, RECORDS / 2, RECORDS);
    assertTrue(learned >= 0.90, "mean prediction after learning " + learned);
    assertTrue(learned > learning + 0.05, "it learned: " + learning + " then " + learned);

    List<String> interp = detect(model, "interp");
    assertEquals(jvm, interp, "the engines write the same scores and predictions");
  }
}
