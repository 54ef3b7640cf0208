package brainc.runtime.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import brainc.runtime.io.IoMessages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detector's anomaly score for every row of every data file of a corpus. NAB asks for scores
 * in [0, 1], and results files are held to that: a score outside it (or NaN) is an error naming
 * the file and line.
 *
 * <p>{@link #read} reads NAB's results layout, one file per data file:
 *
 * <pre>
 * RESULTS/DETECTOR/CATEGORY/DETECTOR_NAME.csv   e.g. results/brainc/realKnownCause/brainc_nyc_taxi.csv
 * </pre>
 *
 * with a header naming at least {@code timestamp} and {@code anomaly_score} (NAB's own files
 * add {@code value}, {@code raw_score}, {@code label} and {@code S(t)_...} columns, which are
 * ignored) and exactly one row per data row, in the same order. Rows are matched by position,
 * and every row's timestamp must be the data file's on that row (where the corpus knows them),
 * so a reversed, shifted or foreign results file is refused instead of scored as if aligned.
 */
public final class NabAnomalyScores {
  /** The diagnostic code of a results file that does not match its data file (invalid-nab-results). */
  static final String CODE = "E0805";
  private static final java.time.format.DateTimeFormatter SHOWN = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  /** Computes a score for one row of one file; used for baselines and tests. */
  @FunctionalInterface
  public interface Detector {
    double score(NabDataFile file, int row);
  }

  private final Map<String, double[]> byFile;

  private NabAnomalyScores(Map<String, double[]> byFile) {
    this.byFile = byFile;
  }

  /** The scores {@code detector} gives each row of the corpus. */
  public static NabAnomalyScores of(NabCorpus corpus, Detector detector) {
    Map<String, double[]> byFile = new LinkedHashMap<>();
    for (NabDataFile file : corpus.files()) {
      double[] scores = new double[file.rows()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = detector.score(file, i);
        if (!Double.isFinite(scores[i])) {
          throw new IllegalArgumentException(file.path() + " row " + i + ": anomaly score " + scores[i] + " is not finite");
        }
      }
      byFile.put(file.path(), scores);
    }
    return new NabAnomalyScores(byFile);
  }

  /** NAB's null detector: 0.5 everywhere, which sets the 0 of the normalised score. */
  public static NabAnomalyScores constant(NabCorpus corpus, double score) {
    return of(corpus, (file, row) -> score);
  }

  /** The results file of {@code file} for {@code detector} under {@code resultsDir}. */
  public static Path resultsFile(Path resultsDir, String detector, NabDataFile file) {
    return resultsDir.resolve(detector).resolve(file.category()).resolve(detector + "_" + file.fileName());
  }

  /**
   * Checks a detector name for NAB's layout: a single path segment without {@code _}, which
   * separates the detector from the data file name in results files.
   */
  public static void checkDetectorName(String detector) throws NabException {
    if (detector == null || detector.isEmpty() || detector.contains("_") || detector.contains("/")
        || detector.contains("\\") || detector.equals(".") || detector.equals("..")) {
      throw new NabException("bad detector name \"" + detector + "\": it names a directory and must not contain '_', '/' or '\\'");
    }
    // It names a folder and starts every file name: a space, a newline or a control character
    // there makes names that scripts split or print wrongly, a leading '.' a hidden folder.
    if (detector.startsWith(".") || detector.length() > 100
        || !detector.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '+')) {
      throw new NabException("bad detector name \"" + detector + "\": it names a directory and must be one word of "
          + "letters, digits, '-', '.' or '+' (at most 100, not starting with '.')");
    }
  }

  /** Reads the results of {@code detector} for every file of {@code corpus}. */
  public static NabAnomalyScores read(NabCorpus corpus, Path resultsDir, String detector) throws NabException {
    checkDetectorName(detector);
    if (!Files.isDirectory(resultsDir)) throw new NabException("results directory not found: " + resultsDir);
    Path detectorDir = resultsDir.resolve(detector);
    if (!Files.isDirectory(detectorDir)) {
      throw new NabException("no results of detector \"" + detector + "\": directory not found: " + detectorDir);
    }
    Map<String, double[]> byFile = new LinkedHashMap<>();
    for (NabDataFile file : corpus.files()) {
      byFile.put(file.path(), readFile(resultsFile(resultsDir, detector, file), file));
    }
    return new NabAnomalyScores(byFile);
  }

  private static double[] readFile(Path path, NabDataFile file) throws NabException {
    double[] scores = new double[file.rows()];
    int[] rows = {0};
    List<LocalDateTime> times = file.timestamps();
    int last;
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new NabException("cannot read " + path + ": " + (Files.isDirectory(path) ? "it is a folder" : "not a regular file")
          + "; results of data file " + file.path() + " are a CSV file there");
    }
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      last = CsvFields.readRows(in, path, List.of("timestamp", "anomaly_score"), (values, starts, lineNo) -> {
        int row = rows[0];
        if (row == scores.length) {
          throw NabException.at(path, lineNo, 1, CODE, "more rows than the " + file.rows() + " of data file "
              + file.path() + "; a results file has one row per data row");
        }
        if (!times.isEmpty()) {
          LocalDateTime t = NabCorpus.parseTimestamp(values[0], path + ":" + lineNo);
          if (!t.equals(times.get(row))) {
            throw NabException.at(path, lineNo, starts[0], CODE, "row " + (row + 1) + " has timestamp " + values[0].strip()
                + ", but row " + (row + 1) + " of data file " + file.path() + " has " + SHOWN.format(times.get(row))
                + "; a results file has one row per data row, in the data file's order");
          }
        }
        String text = values[1].strip();
        double score;
        try {
          score = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw NabException.at(path, lineNo, starts[1], CODE, "anomaly_score \"" + text + "\" is not a number");
        }
        if (!(score >= 0.0 && score <= 1.0)) {
          throw NabException.at(path, lineNo, starts[1], CODE, "anomaly_score " + text
              + " is outside [0, 1]; NAB scores are anomaly probabilities between 0 and 1");
        }
        scores[rows[0]++] = score;
      });
    } catch (NoSuchFileException e) {
      throw new NabException("results file not found for data file " + file.path() + ": " + path, e);
    } catch (IOException e) {
      throw new NabException(IoMessages.cannot("read", path, e), e);
    }
    if (rows[0] != scores.length) {
      throw NabException.at(path, last + 1, 1, CODE, "the file ends after " + rows[0] + " rows, but data file "
          + file.path() + " has " + file.rows() + "; a results file has one row per data row");
    }
    return scores;
  }

  /** The number of files with scores. */
  public int fileCount() {
    return byFile.size();
  }

  /** A copy of the scores of data file {@code path}. */
  public double[] scores(String path) {
    return shared(path).clone();
  }

  /** The scores of {@code path} without a copy, for the scorer, which only reads them. */
  double[] shared(String path) {
    double[] scores = byFile.get(path);
    if (scores == null) throw new IllegalArgumentException("no scores for data file " + path);
    return scores;
  }
}
