package brainc.runtime.nab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a tiny corpus in NAB's layout: data files of one row a minute from 2020-01-01 00:00,
 * windows given as row ranges (written as timestamps, in the JSON's fractional form), NAB's
 * three profiles; and results files of a detector.
 */
final class NabFixture {
  static final String PROFILES = "{\n"
      + "\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}},\n"
      + "\"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.22, \"tnWeight\": 1.0}},\n"
      + "\"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}}\n"
      + "}\n";
  private static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);
  private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final Path dir;
  private final Map<String, String> windows = new LinkedHashMap<>();

  NabFixture(Path dir) {
    this.dir = dir;
  }

  static String time(int row) {
    return START.plusMinutes(row).format(CSV_TIME);
  }

  /** Adds {@code path} with {@code rows} rows and windows {@code {first, last}, ...} (rows). */
  NabFixture file(String path, int rows, int[]... windowRows) throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) csv.append(time(i)).append(',').append(i % 7).append('\n');
    Path file = dir.resolve("data").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    StringBuilder json = new StringBuilder("[");
    for (int[] w : windowRows) {
      if (json.length() > 1) json.append(", ");
      json.append("[\"").append(START.plusMinutes(w[0]).format(JSON_TIME)).append("\", \"")
          .append(START.plusMinutes(w[1]).format(JSON_TIME)).append("\"]");
    }
    windows.put(path, json.append(']').toString());
    return this;
  }

  /** Writes the labels and profiles and loads the corpus. */
  NabCorpus load() throws Exception {
    writeLabels();
    return NabCorpus.load(dir);
  }

  void writeLabels() throws IOException {
    StringBuilder json = new StringBuilder("{\n");
    for (Map.Entry<String, String> e : windows.entrySet()) {
      if (json.length() > 2) json.append(",\n");
      json.append("  \"").append(e.getKey()).append("\": ").append(e.getValue());
    }
    Files.createDirectories(dir.resolve("labels"));
    Files.writeString(dir.resolve(NabCorpus.WINDOWS_FILE), json.append("\n}\n"), StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve(NabCorpus.PROFILES_FILE), PROFILES, StandardCharsets.UTF_8);
  }

  /** Writes NAB-layout results of {@code detector} for every file of {@code corpus}. */
  static void writeResults(Path resultsDir, String detector, NabCorpus corpus, NabAnomalyScores scores) throws IOException {
    for (NabDataFile f : corpus.files()) {
      double[] s = scores.scores(f.path());
      StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score,raw_score,label\n");
      for (int i = 0; i < s.length; i++) {
        csv.append(time(i)).append(",0,").append(s[i]).append(",0.0,").append(f.windowOf(i) >= 0 ? 1 : 0).append('\n');
      }
      Path out = NabAnomalyScores.resultsFile(resultsDir, detector, f);
      Files.createDirectories(out.getParent());
      Files.writeString(out, csv, StandardCharsets.UTF_8);
    }
  }
}
