package brainc.runtime.nab;

import brainc.runtime.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The NAB corpus: every data file with its rows and labelled windows, and the scoring
 * profiles. Files are in the order of their paths, so every result is deterministic.
 *
 * <p>{@link #load} reads NAB's layout:
 *
 * <pre>
 * DIR/data/CATEGORY/NAME.csv          columns timestamp,value (only timestamp is read)
 * DIR/labels/combined_windows.json    {"CATEGORY/NAME.csv": [["start", "end"], ...], ...}
 * DIR/config/profiles.json            {"standard": {"CostMatrix": {"tpWeight": 1.0, ...}}, ...}
 * </pre>
 *
 * Window bounds are timestamps that must occur in the data file; both bounds are inclusive.
 * Every data file must have an entry in the labels (an empty list for none) and every entry a
 * data file, as NAB requires.
 */
public record NabCorpus(List<NabDataFile> files, List<CostProfile> profiles) {
  /** Where the windows are, relative to the corpus directory. */
  public static final String WINDOWS_FILE = "labels/combined_windows.json";
  /** Where the profiles are, relative to the corpus directory. */
  public static final String PROFILES_FILE = "config/profiles.json";

  /** {@code 2015-09-01 13:45:00}, with or without fractional seconds ({@code .000000}). */
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd()
      .toFormatter();

  public NabCorpus {
    files = List.copyOf(files);
    profiles = List.copyOf(profiles);
    if (files.isEmpty()) throw new IllegalArgumentException("a corpus needs data files");
    if (profiles.isEmpty()) throw new IllegalArgumentException("a corpus needs scoring profiles");
    if (files.stream().map(NabDataFile::path).distinct().count() != files.size()) {
      throw new IllegalArgumentException("a data file is listed twice");
    }
  }

  /** The number of labelled windows in the corpus, scored or not. */
  public int windowCount() {
    return files.stream().mapToInt(f -> f.windows().size()).sum();
  }

  /** The total number of data rows. */
  public long rowCount() {
    return files.stream().mapToLong(NabDataFile::rows).sum();
  }

  /** Reads the corpus in {@code dir}; the exception names the file (and line) at fault. */
  public static NabCorpus load(Path dir) throws NabException {
    if (!Files.isDirectory(dir)) {
      throw new NabException("NAB corpus directory not found: " + dir
          + " (expected data/, " + WINDOWS_FILE + " and " + PROFILES_FILE + " in it)");
    }
    Path dataDir = dir.resolve("data");
    if (!Files.isDirectory(dataDir)) throw new NabException("no data directory in the NAB corpus: " + dataDir);
    Map<String, Object> windowsJson = asObject(readJson(dir.resolve(WINDOWS_FILE)), dir.resolve(WINDOWS_FILE));
    List<CostProfile> profiles = readProfiles(dir.resolve(PROFILES_FILE));

    List<String> paths = dataFilePaths(dataDir);
    if (paths.isEmpty()) throw new NabException("no data files (CATEGORY/NAME.csv) under " + dataDir);
    for (String labelled : windowsJson.keySet()) {
      if (!paths.contains(labelled)) {
        throw new NabException(dir.resolve(WINDOWS_FILE) + ": windows for \"" + labelled
            + "\", which is not a data file under " + dataDir);
      }
    }
    List<NabDataFile> files = new ArrayList<>();
    for (String path : paths) {
      Object windows = windowsJson.get(path);
      if (windows == null) {
        throw new NabException(dir.resolve(WINDOWS_FILE) + ": no entry for data file \"" + path
            + "\" (a file without anomalies needs an empty list)");
      }
      files.add(readDataFile(dataDir, path, windows, dir.resolve(WINDOWS_FILE)));
    }
    return new NabCorpus(files, profiles);
  }

  /**
   * The paths of {@code DIR/CATEGORY/NAME.csv}, relative to {@code dir}, sorted. A category that
   * is a link to a folder counts, as it does for {@code brainc detect --corpus}: otherwise its
   * files were scored by detect and then said to be "not a data file" here.
   */
  private static List<String> dataFilePaths(Path dataDir) throws NabException {
    try (Stream<Path> walk = Files.walk(dataDir, 2, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      List<Path> csvs = walk.filter(p -> p.getNameCount() == dataDir.getNameCount() + 2)
          .filter(p -> p.getFileName().toString().endsWith(".csv")).filter(p -> !Files.isDirectory(p)).toList();
      for (Path p : csvs) {
        // Skipped, it would drop out of the scores without a word (detect --corpus refuses it too).
        if (!Files.isRegularFile(p)) throw new NabException(p + " is not a regular file" + SPECIAL);
      }
      return csvs.stream().map(p -> dataDir.relativize(p).toString().replace('\\', '/'))
          .sorted(Comparator.naturalOrder())
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new NabException(brainc.runtime.io.IoMessages.cannot("list", dataDir, e), e);
    } catch (java.io.UncheckedIOException e) {
      throw new NabException(brainc.runtime.io.IoMessages.cannot("list", dataDir, e.getCause()), e);
    }
  }

  private static NabDataFile readDataFile(Path dataDir, String path, Object windowsJson, Path windowsFile)
      throws NabException {
    Path file = dataDir.resolve(path);
    List<LocalDateTime> times = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      CsvFields.read(in, file, List.of("timestamp"), "timestamp", (value, lineNo) -> {
        times.add(parseTimestamp(value, file + ":" + lineNo));
      });
    } catch (NoSuchFileException e) {
      throw new NabException("data file not found: " + file, e);
    } catch (IOException e) {
      throw new NabException(brainc.runtime.io.IoMessages.cannot("read", file, e), e);
    }
    if (times.isEmpty()) throw new NabException(file + ": no data rows");
    Map<LocalDateTime, Integer> rowOf = new HashMap<>();
    for (int i = 0; i < times.size(); i++) rowOf.putIfAbsent(times.get(i), i);
    String where = windowsFile + ": \"" + path + "\"";
    if (!(windowsJson instanceof List<?>)) throw new NabException(where + ": expected a list of [start, end] windows");
    List<NabWindow> windows = new ArrayList<>();
    for (Object w : (List<?>) windowsJson) {
      if (!(w instanceof List<?>) || ((List<?>) w).size() != 2
          || !(((List<?>) w).get(0) instanceof String) || !(((List<?>) w).get(1) instanceof String)) {
        throw new NabException(where + ": a window must be [\"start\", \"end\"], got " + w);
      }
      String start = (String) ((List<?>) w).get(0);
      String end = (String) ((List<?>) w).get(1);
      Integer first = rowOf.get(parseTimestamp(start, where));
      Integer last = rowOf.get(parseTimestamp(end, where));
      if (first == null || last == null) {
        throw new NabException(where + ": window bound " + (first == null ? start : end)
            + " is not a timestamp of the data file");
      }
      if (last < first) throw new NabException(where + ": window " + start + " .. " + end + " ends before it starts");
      if (!windows.isEmpty() && first <= windows.get(windows.size() - 1).last()) {
        throw new NabException(where + ": window " + start + " .. " + end
            + " overlaps the previous one or is out of time order");
      }
      windows.add(new NabWindow(first, last));
    }
    return new NabDataFile(path, times.size(), windows, times);
  }

  private static List<CostProfile> readProfiles(Path file) throws NabException {
    Map<String, Object> json = asObject(readJson(file), file);
    List<CostProfile> profiles = new ArrayList<>();
    for (Map.Entry<String, Object> e : json.entrySet()) {
      String name = e.getKey();
      Object matrix = e.getValue() instanceof Map<?, ?> ? ((Map<?, ?>) e.getValue()).get("CostMatrix") : null;
      if (!(matrix instanceof Map<?, ?>)) throw new NabException(file + ": profile \"" + name + "\" has no CostMatrix object");
      Map<?, ?> weights = (Map<?, ?>) matrix;
      double tp = weight(weights, "tpWeight", file, name);
      double fp = weight(weights, "fpWeight", file, name);
      double fn = weight(weights, "fnWeight", file, name);
      double tn = weights.containsKey("tnWeight") ? weight(weights, "tnWeight", file, name) : 0.0;
      if (tp <= 0) throw new NabException(file + ": profile \"" + name + "\": tpWeight must be positive");
      if (fp < 0 || fn < 0) {
        throw new NabException(file + ": profile \"" + name + "\": " + (fp < 0 ? "fpWeight" : "fnWeight")
            + " must not be negative (it is the cost of a " + (fp < 0 ? "false positive" : "missed window") + ")");
      }
      profiles.add(new CostProfile(name, tp, fp, fn, tn));
    }
    if (profiles.isEmpty()) throw new NabException(file + ": no profiles");
    return profiles;
  }

  private static double weight(Map<?, ?> weights, String key, Path file, String profile) throws NabException {
    Object value = weights.get(key);
    if (!(value instanceof Double)) throw new NabException(file + ": profile \"" + profile + "\" needs a number " + key);
    double w = (Double) value;
    // JSON has no infinity, but 1e400 reads as one; a weight beyond this makes every sum overflow.
    if (!Double.isFinite(w) || Math.abs(w) > MAX_WEIGHT) {
      throw new NabException(file + ": profile \"" + profile + "\": " + key + " is " + value
          + "; a weight is a finite number of magnitude at most " + (long) MAX_WEIGHT);
    }
    return w;
  }

  /** Why a corpus entry named *.csv that is no regular file is refused. */
  public static final String SPECIAL = " (a pipe, a device or a link to nothing); a data file is a CSV file: replace or remove it";

  /** NAB's weights are near 1; far beyond this bound the scores' sums lose all meaning or overflow. */
  static final double MAX_WEIGHT = 1e6;

  private static Object readJson(Path file) throws NabException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new NabException("cannot read " + file + ": " + (Files.isDirectory(file) ? "it is a folder" : "not a regular file"));
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NabException("file not found: " + file, e);
    } catch (IOException e) {
      throw new NabException(brainc.runtime.io.IoMessages.cannot("read", file, e), e);
    }
    try {
      return Json.parse(stripBom(text));
    } catch (Json.SyntaxException e) {
      throw new NabException(file + ":" + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object json, Path file) throws NabException {
    if (!(json instanceof Map<?, ?>)) throw new NabException(file + ": expected a JSON object");
    return new LinkedHashMap<>((Map<String, Object>) json);
  }

  static LocalDateTime parseTimestamp(String text, String where) throws NabException {
    try {
      return LocalDateTime.parse(text.strip(), TIMESTAMP);
    } catch (DateTimeParseException e) {
      throw new NabException(where + ": cannot read timestamp \"" + text + "\" (expected YYYY-MM-DD HH:MM:SS)");
    }
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
