package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.runtime.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `brainc score-nab` on a one-file corpus of 20 rows (rows 0..2 probationary) with a window on
 * rows 10..13, and a detector whose only detection is row 11: worth S(-0.75) / S(-1) =
 * 0.96698909 under every profile, against a null detector of -0.38565595 (standard), -1
 * (low FP: missing the window is cheaper than detecting every row) and -0.38565595 (low FN).
 */
class ScoreNabCommandTest {
  @TempDir Path dir;
  private Path corpus;
  private Path results;

  @BeforeEach
  void writeCorpusAndResults() throws IOException {
    corpus = dir.resolve("nab");
    results = dir.resolve("results");
    StringBuilder data = new StringBuilder("timestamp,value\n");
    StringBuilder scores = new StringBuilder("timestamp,value,anomaly_score,label\n");
    for (int i = 0; i < 20; i++) {
      String time = String.format("2020-01-01 00:%02d:00", i);
      data.append(time).append(",1.5\n");
      scores.append(time).append(",1.5,").append(i == 11 ? "0.9" : "0.0").append(',').append(i >= 10 && i <= 13 ? 1 : 0).append('\n');
    }
    Files.createDirectories(corpus.resolve("data/cat"));
    Files.writeString(corpus.resolve("data/cat/a.csv"), data);
    Files.createDirectories(corpus.resolve("labels"));
    Files.writeString(corpus.resolve("labels/combined_windows.json"),
        "{\"cat/a.csv\": [[\"2020-01-01 00:10:00.000000\", \"2020-01-01 00:13:00.000000\"]]}");
    Files.createDirectories(corpus.resolve("config"));
    Files.writeString(corpus.resolve("config/profiles.json"), "{"
        + "\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}},"
        + "\"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.22, \"tnWeight\": 1.0}},"
        + "\"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}}}");
    Files.createDirectories(results.resolve("det/cat"));
    Files.writeString(results.resolve("det/cat/det_a.csv"), scores);
  }

  @Test
  void printsTheNormalisedScoreOfEachProfile() {
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("NAB scores of detector det: 1 files, 20 rows, 1 windows\n"), r.out());
    // 100 * (0.96699 + 0.38566) / (1 + 0.38566) = 97.62; 100 * (0.96699 + 1) / 2 = 98.35.
    assertTrue(r.out().matches("(?s).*\nstandard +97\\.62 +0\\.900000 +0\\.9670 +-0\\.3857 +1\\.00 +1/1 +1 +0 +3 +13\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\nreward_low_FP_rate +98\\.35 .*"), r.out());
    assertTrue(r.out().matches("(?s).*\nreward_low_FN_rate +97\\.62 .*"), r.out());
  }

  @Test
  void jsonCarriesFullPrecisionAndPerFileCounts() throws Exception {
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det", "--json", "--files");
    assertEquals(0, r.code(), r.err());
    Map<?, ?> json = (Map<?, ?>) Json.parse(r.out());
    assertEquals("det", json.get("detector"));
    assertEquals(1.0, json.get("windows"));
    Map<?, ?> standard = (Map<?, ?>) ((Map<?, ?>) json.get("profiles")).get("standard");
    assertEquals(97.61766893, (Double) standard.get("score"), 1e-7);
    assertEquals(0.9, standard.get("threshold"));
    assertEquals(1.0, standard.get("tp"));
    assertEquals(1.0, ((Map<?, ?>) ((java.util.List<?>) standard.get("byFile")).get(0)).get("windowsDetected"));
  }

  @Test
  void aFixedThresholdIsHonoured() {
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det",
        "--threshold", "standard=1.1");
    assertEquals(0, r.code(), r.err());
    // Nothing detected: -1, against the null detector's -0.38566: 100 * -0.61434 / 1.38566.
    assertTrue(r.out().matches("(?s).*\nstandard +-44\\.34 +1\\.100000 .*"), r.out());
  }

  @Test
  void badInputIsOneLineAndExitCodeOne() throws IOException {
    Run r = brainc("score-nab", results.toString(), "--data", dir.resolve("missing").toString(), "--detector", "det");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("brainc: NAB corpus directory not found: " + dir.resolve("missing")), r.err());

    r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "other");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no results of detector \"other\""), r.err());

    r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det", "--threshold", "strict=0.5");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no profile \"strict\""), r.err());

    Files.writeString(results.resolve("det/cat/det_a.csv"),
        "timestamp,anomaly_score\n2020-01-01 00:00:00,0.5\n2020-01-01 00:01:00,lots\n");
    r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det");
    assertEquals(1, r.code());
    assertEquals(results.resolve("det/cat/det_a.csv") + ":3:21: error[E0805]: anomaly_score \"lots\" is not a number\n",
        r.err().replace("\r\n", "\n"));
    assertFalse(r.err().contains("\tat "), "no stack trace");

    r = brainc("score-nab", results.toString(), "--bogus");
    assertEquals(2, r.code());
  }

  @Test
  void aReversedResultsFileIsRefusedNotScoredAsIfAligned() throws IOException {
    Path file = results.resolve("det/cat/det_a.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    java.util.Collections.reverse(lines.subList(1, lines.size()));
    Files.write(file, lines);
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith(file + ":2:1: error[E0805]: row 1 has timestamp 2020-01-01 00:19:00, but row 1 of data "
        + "file cat/a.csv has 2020-01-01 00:00:00"), r.err());
  }

  @Test
  void jsonNeverHoldsNaN() {
    // JSON has no NaN or infinity: a score that is not a number is null.
    assertEquals("null", ScoreNabCommand.number(Double.NaN));
    assertEquals("null", ScoreNabCommand.number(Double.NEGATIVE_INFINITY));
    assertEquals("0.25", ScoreNabCommand.number(0.25));
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det", "--json", "--files");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), r.out());
  }

  @Test
  void aThresholdThatIsNotANumberIsAUsageError() {
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det",
        "--threshold", "standard=NaN");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--threshold standard=NaN"), r.err());
  }

  @Test
  void twoThresholdsForOneProfileAreAUsageError() {
    Run r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det",
        "--threshold", "standard=0.5", "--threshold", "standard=0.6");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--threshold standard=0.6: profile standard already has a threshold (--threshold standard=0.5)"),
        r.err());
    r = brainc("score-nab", results.toString(), "--data", corpus.toString(), "--detector", "det",
        "--threshold", "standard=0.5", "--threshold", "strict=0.6");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("no profile \"strict\""), r.err());
  }
}
