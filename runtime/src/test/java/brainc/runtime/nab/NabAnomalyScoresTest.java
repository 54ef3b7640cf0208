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
    Files.writeString(file, "anomaly_score,timestamp\n0.5," + t(0) + "\n0.25," + t(1) + "\n\n1," + t(2) + "\n0," + t(3)
        + "\n1e-3," + t(4) + "\n");
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
    assertEquals(file + ":6:1: error[E0805]: the file ends after 4 rows, but data file cat/a.csv has 5; "
        + "a results file has one row per data row", e.getMessage());
    lines.add(lines.get(5));
    Files.write(file, lines, StandardCharsets.UTF_8);
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":7:1: error[E0805]: more rows than the 5 of data file cat/a.csv; "
        + "a results file has one row per data row", e.getMessage());
  }

  @Test
  void badNumbersAndHeadersNameFileAndLine() throws Exception {
    Files.writeString(file, "timestamp,anomaly_score\n" + t(0) + ",0.1\n" + t(1) + ",0.2\n" + t(2) + ",high\n");
    NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":4:21: error[E0805]: anomaly_score \"high\" is not a number", e.getMessage());
    Files.writeString(file, "timestamp,anomaly_score\n" + t(0) + ",0.1\n" + t(1) + ",NaN\n");
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":3:21: error[E0805]: anomaly_score NaN is outside [0, 1]; "
        + "NAB scores are anomaly probabilities between 0 and 1", e.getMessage());
    Files.writeString(file, "timestamp,score\nt,0.1\n");
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":1: no 'anomaly_score' column in the header", e.getMessage());
    Files.writeString(file, "timestamp,value,anomaly_score\nt,1\n");
    e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":2: expected 3 fields", e.getMessage());
  }

  private static String t(int row) {
    return NabFixture.time(row);
  }

  @Test
  void scoresOutsideZeroToOneAreRefusedWithTheirLine() throws Exception {
    for (String bad : new String[] {"1.5", "-0.01", "Infinity", "-Infinity", "NaN"}) {
      Files.writeString(file, "timestamp,anomaly_score\n" + t(0) + ",0\n" + t(1) + "," + bad + "\n");
      NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"), bad);
      assertEquals(file + ":3:21: error[E0805]: anomaly_score " + bad + " is outside [0, 1]; "
          + "NAB scores are anomaly probabilities between 0 and 1", e.getMessage());
    }
  }

  @Test
  void everyTimestampMustBeTheDataFilesOnTheSameRow() throws Exception {
    // A reversed file has the right rows and scores, in the wrong order: it is not scored as if aligned.
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    java.util.Collections.reverse(lines.subList(1, lines.size()));
    Files.write(file, lines, StandardCharsets.UTF_8);
    NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals(file + ":2:1: error[E0805]: row 1 has timestamp " + t(4) + ", but row 1 of data file cat/a.csv has "
        + t(0) + "; a results file has one row per data row, in the data file's order", e.getMessage());
    // The same instant in another spelling (NAB's fractional seconds) is the same timestamp.
    Files.writeString(file, "timestamp,anomaly_score\n" + t(0) + ".000000,0\n" + t(1) + ",0\n" + t(2) + ",0\n"
        + t(3) + ",0\n" + t(4) + ",0\n");
    assertEquals(5, NabAnomalyScores.read(corpus, results, "det").scores("cat/a.csv").length);
  }

  @Test
  void aNonUtf8ResultsFileSaysSo() throws Exception {
    Files.write(file, new byte[] {'t', 'i', 'm', 'e', (byte) 0xE9, '\n'});
    NabException e = assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, "det"));
    assertEquals("cannot read " + file + ": not UTF-8 text", e.getMessage());
  }

  @Test
  void detectorNamesFollowNabsLayout() {
    for (String bad : new String[] {"", "my_detector", "a/b", "..", "a b", "a\nb", "a\tb", ".hidden", "x".repeat(101), "a\u0001b"}) {
      assertThrows(NabException.class, () -> NabAnomalyScores.read(corpus, results, bad), bad);
    }
    for (String good : new String[] {"numenta", "htmjava", "bayesChangePt", "brainc-2", "v1.2", "d\u00e9tecteur"}) {
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> NabAnomalyScores.checkDetectorName(good), good);
    }
  }
}
