package brainc.runtime.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabAnomalyScoresTest {
  @TempDir Path dir;
  private NabCorpus corpus;
  private Path results;
  private Path file;

  @BeforeEach
  void writeResults() throws Exception {
    corpus = new NabFixture(dir.resolve("nab")).file("cat/a.csv", 5, new int[] {2, 3}).load();
    results = dir.resolve("results");
    NabFixture.writeResults(results, "det", corpus, NabAnomalyScores.of(corpus, (f, i) -> i / 10.0));
    file = results.resolve("det/cat/det_a.csv");
  }

  @Test
  void readsTheAnomalyScoreColumnByName() throws Exception {
    assertArrayEquals(new double[] {0.0, 0.1, 0.2, 0.3, 0.4}, NabAnomalyScores.read(corpus, results, "det").scores("cat/a.csv"));
    Files.writeString(file, "anomaly_score,timestamp\n0.5,x\n0.25,x\n\n1,x\n0,x\n1e-3,x\n");
    assertArrayEquals(new double[] {0.5, 0.25, 1, 0, 0.001}, NabAnomalyScores.read(corpus, results, "det").scores("cat/a.csv"));
  }

  @Test
  void aMissingResultsFileIsNamed() throws Exception {
    Files.delete(file);
    NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals("results file not found for data file cat/a.csv: " + file, e.getMessage());
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "other"));
    assertEquals("no results of detector \"other\": directory not found: " + results.resolve("other"), e.getMessage());
  }

  @Test
  void theRowCountMustMatchTheDataFile() throws Exception {
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, 5), StandardCharsets.UTF_8);
    NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ": 4 rows, but data file cat/a.csv has 5", e.getMessage());
    lines.add(lines.get(5));
    Files.write(file, lines, StandardCharsets.UTF_8);
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":7: more rows than the 5 of data file cat/a.csv", e.getMessage());
  }

  @Test
  void badNumbersAndHeadersNameFileAndLine() throws Exception {
    Files.writeString(file, "timestamp,anomaly_score\nt,0.1\nt,0.2\nt,high\nt,0\nt,0\n");
    NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":4: anomaly_score \"high\" is not a number", e.getMessage());
    Files.writeString(file, "timestamp,anomaly_score\nt,0.1\nt,NaN\n");
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":3: anomaly_score NaN is not a finite number", e.getMessage());
    Files.writeString(file, "timestamp,score\nt,0.1\n");
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":1: no 'anomaly_score' column in the header", e.getMessage());
    Files.writeString(file, "timestamp,value,anomaly_score\nt,1\n");
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":2: expected 3 fields", e.getMessage());
  }

  @Test
  void detectorNamesFollowNabsLayout() {
    for (String bad : new String[] {"", "my_detector", "a/b", ".."}) {
      assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, bad), bad);
    }
  }
}
