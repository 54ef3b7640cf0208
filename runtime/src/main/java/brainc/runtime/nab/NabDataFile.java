package brainc.runtime.nab;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One data file of the corpus: its path relative to {@code data/} with {@code /} separators
 * ({@code realKnownCause/nyc_taxi.csv}), its number of rows, its windows in time order and the
 * timestamp of every row (empty when not known, as for a corpus made up in a test), against
 * which a detector's results are checked row by row.
 */
public record NabDataFile(String path, int rows, List<NabWindow> windows, List<LocalDateTime> timestamps) {
  /** The share of each file that is probationary: a detector is still learning there. */
  public static final double PROBATIONARY_PERCENT = 0.15;

  /** The probationary period never exceeds this share of 5000 rows (750 rows). */
  static final int PROBATIONARY_CAP_ROWS = 5000;

  public NabDataFile {
    Objects.requireNonNull(path, "path");
    if (!path.matches("[^/]+/[^/]+\\.csv")) {
      throw new IllegalArgumentException("data file path must be CATEGORY/NAME.csv: " + path);
    }
    if (rows < 1) throw new IllegalArgumentException(path + ": a data file needs rows");
    windows = List.copyOf(windows);
    timestamps = List.copyOf(timestamps);
    if (!timestamps.isEmpty() && timestamps.size() != rows) {
      throw new IllegalArgumentException(path + ": " + timestamps.size() + " timestamps for " + rows + " rows");
    }
    for (int k = 0; k < windows.size(); k++) {
      NabWindow w = windows.get(k);
      if (w.last() >= rows) throw new IllegalArgumentException(path + ": window " + w + " past the last row");
      if (k > 0 && w.first() <= windows.get(k - 1).last()) {
        throw new IllegalArgumentException(path + ": windows overlap or are out of time order");
      }
    }
  }

  /** A data file whose timestamps are not known (results are then matched by position only). */
  public NabDataFile(String path, int rows, List<NabWindow> windows) {
    this(path, rows, windows, List.of());
  }

  /** The category directory, such as {@code realKnownCause}. */
  public String category() {
    return path.substring(0, path.indexOf('/'));
  }

  /** The file name with its extension, such as {@code nyc_taxi.csv}. */
  public String fileName() {
    return path.substring(path.indexOf('/') + 1);
  }

  /**
   * The first row that is scored. NAB's probationary length is {@code min(floor(0.15 * rows),
   * 0.15 * 5000)} and rows {@code i >= length} count, so this is its ceiling; the cap 750.0 is
   * whole, which makes the ceiling the length itself.
   */
  public int firstScoredRow() {
    double length = Math.min(Math.floor(PROBATIONARY_PERCENT * rows), PROBATIONARY_PERCENT * PROBATIONARY_CAP_ROWS);
    return (int) Math.ceil(length);
  }

  /** The window holding {@code row}, or -1 when the row lies outside every window. */
  public int windowOf(int row) {
    for (int k = 0; k < windows.size(); k++) {
      if (windows.get(k).contains(row)) return k;
    }
    return -1;
  }
}
