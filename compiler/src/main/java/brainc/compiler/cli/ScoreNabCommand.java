package brainc.compiler.cli;

import brainc.runtime.nab.NabCorpus;
import brainc.runtime.nab.NabCounts;
import brainc.runtime.nab.NabException;
import brainc.runtime.nab.NabFileScore;
import brainc.runtime.nab.NabProfileScore;
import brainc.runtime.nab.NabReport;
import brainc.runtime.nab.NabAnomalyScores;
import brainc.runtime.nab.NabScorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brainc score-nab RESULTS_DIR}: scores an anomaly detector's results files on the
 * Numenta Anomaly Benchmark and prints, per profile, the normalised score, the threshold chosen
 * for the whole corpus and the counts behind them. The scoring itself is {@link NabScorer}'s.
 */
@Command(
    name = "score-nab",
    mixinStandardHelpOptions = true,
    description = {
        "Score an anomaly detector on the Numenta Anomaly Benchmark.",
        "Scores as NAB v1.1 does. Reads RESULTS_DIR/DETECTOR/CATEGORY/DETECTOR_FILE.csv (columns timestamp and anomaly_score, "
            + "one row per data row) for every data file of the corpus, chooses each profile's threshold "
            + "over the whole corpus and prints the normalised scores: 0 is the null detector, 100 the perfect one."})
final class ScoreNabCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RESULTS_DIR", description = "Directory holding DETECTOR/CATEGORY/DETECTOR_FILE.csv.")
  Path results;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:BRAINC_NAB_DATA:-../shared/data/nab}",
      description = "The NAB corpus: data/, labels/combined_windows.json, config/profiles.json "
          + "(default: $BRAINC_NAB_DATA, else ../shared/data/nab relative to the working directory; now ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--detector", paramLabel = "NAME", defaultValue = "brainc",
      description = "The detector's name in the results layout: one word of letters, digits, '-', '.' or '+' (default: ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--threshold", paramLabel = "PROFILE=T",
      description = "Score PROFILE at the fixed threshold T instead of the best one (repeatable).")
  Map<String, Double> thresholds = new LinkedHashMap<>();

  @Option(names = "--files", description = "Also list each data file's score and counts.")
  boolean files;

  @Option(names = "--json", description = "Print the scores as a JSON object on stdout.")
  boolean json;

  /**
   * A profile given two thresholds ({@code --threshold standard=0.5 --threshold standard=0.6})
   * is a usage error: the map keeps only the last, so the other would be dropped without a word.
   */
  private void refuseRepeatedThresholds() {
    var matched = spec.commandLine().getParseResult() == null ? null
        : spec.commandLine().getParseResult().matchedOption("--threshold");
    if (matched == null) return;
    Map<String, String> seen = new LinkedHashMap<>();
    for (String value : matched.originalStringValues()) {
      int eq = value.indexOf('=');
      String profile = eq < 0 ? value : value.substring(0, eq);
      String earlier = seen.put(profile, value);
      if (earlier != null) {
        throw new ParameterException(spec.commandLine(), "--threshold " + value + ": profile " + profile
            + " already has a threshold (--threshold " + earlier + "); give each profile one threshold");
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    refuseRepeatedThresholds();
    for (Map.Entry<String, Double> t : thresholds.entrySet()) {
      if (!Double.isFinite(t.getValue())) {
        throw new ParameterException(spec.commandLine(), "--threshold " + t.getKey() + "=" + t.getValue()
            + ": a threshold is a finite number (an anomaly score, usually between 0 and 1)");
      }
    }
    try {
      NabAnomalyScores.checkDetectorName(detector);
    } catch (NabException e) {
      throw new ParameterException(spec.commandLine(), "--detector " + detector + ": a detector name is one word of letters, "
          + "digits, '-', '.' or '+', without '_' (results files are DETECTOR_FILE.csv, as `brainc detect --detector` writes them)");
    }
    NabCorpus corpus;
    NabReport report;
    try {
      corpus = NabCorpus.load(data);
      report = NabScorer.score(corpus, detector, NabAnomalyScores.read(corpus, results, detector), thresholds);
    } catch (NabException e) {
      err.println(e.located() ? e.getMessage() : "brainc: " + e.getMessage());
      err.flush();
      return ExitCode.INPUT;
    }
    out.print(json ? json(corpus, report) : table(corpus, report));
    out.flush();
    return ExitCode.OK;
  }

  private String table(NabCorpus corpus, NabReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "NAB scores of detector %s: %d files, %d rows, %d windows%n",
        report.detector(), corpus.files().size(), corpus.rowCount(), corpus.windowCount()));
    sb.append(String.format(Locale.ROOT, "%-20s %7s %10s %11s %9s %8s %9s %6s %6s %7s %7s%n",
        "profile", "score", "threshold", "raw", "null", "perfect", "windows", "TP", "FP", "FN", "TN"));
    for (NabProfileScore p : report.profiles()) {
      NabCounts c = p.totals();
      sb.append(String.format(Locale.ROOT, "%-20s %7.2f %10.6f %11.4f %9.4f %8.2f %9s %6d %6d %7d %7d%n",
          p.profile().name(), p.score(), p.threshold(), p.rawScore(), p.nullScore(), p.perfectScore(),
          c.windowsDetected() + "/" + c.windows(), c.tp(), c.fp(), c.fn(), c.tn()));
    }
    if (files) {
      for (NabProfileScore p : report.profiles()) {
        sb.append(String.format(Locale.ROOT, "%n%s (threshold %.6f)%n", p.profile().name(), p.threshold()));
        sb.append(String.format(Locale.ROOT, "  %-60s %9s %9s %6s %6s %7s %7s%n", "file", "raw", "windows", "TP", "FP", "FN", "TN"));
        for (NabFileScore f : p.files()) {
          NabCounts c = f.counts();
          sb.append(String.format(Locale.ROOT, "  %-60s %9.4f %9s %6d %6d %7d %7d%n", f.path(), f.score(),
              c.windowsDetected() + "/" + c.windows(), c.tp(), c.fp(), c.fn(), c.tn()));
        }
      }
    }
    return sb.toString();
  }

  private String json(NabCorpus corpus, NabReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"detector\": ").append(string(report.detector()))
        .append(",\n  \"files\": ").append(corpus.files().size())
        .append(",\n  \"rows\": ").append(corpus.rowCount())
        .append(",\n  \"windows\": ").append(corpus.windowCount())
        .append(",\n  \"profiles\": {");
    String profileSep = "\n";
    for (NabProfileScore p : report.profiles()) {
      sb.append(profileSep).append("    ").append(string(p.profile().name())).append(": {")
          .append("\"score\": ").append(number(p.score()))
          .append(", \"threshold\": ").append(number(p.threshold()))
          .append(", \"raw\": ").append(number(p.rawScore()))
          .append(", \"null\": ").append(number(p.nullScore()))
          .append(", \"perfect\": ").append(number(p.perfectScore()))
          .append(", ").append(counts(p.totals()));
      if (files) {
        sb.append(", \"byFile\": [");
        String fileSep = "\n";
        for (NabFileScore f : p.files()) {
          sb.append(fileSep).append("      {\"file\": ").append(string(f.path()))
              .append(", \"raw\": ").append(number(f.score())).append(", ").append(counts(f.counts())).append('}');
          fileSep = ",\n";
        }
        sb.append("\n    ]");
      }
      sb.append('}');
      profileSep = ",\n";
    }
    return sb.append("\n  }\n}\n").toString();
  }

  /** A JSON number; JSON has no NaN or infinity, so a score that is not a number is {@code null}. */
  static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  private static String counts(NabCounts c) {
    return "\"tp\": " + c.tp() + ", \"fp\": " + c.fp() + ", \"fn\": " + c.fn() + ", \"tn\": " + c.tn()
        + ", \"windowsScored\": " + c.windows() + ", \"windowsDetected\": " + c.windowsDetected();
  }

  /** A JSON string; names here are paths and profile names, but escape anything odd anyway. */
  private static String string(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}
