package brainc.runtime.nab;

/**
 * A labelled anomaly window of one data file, as the rows {@code first..last} (0-based, both
 * inclusive) that its start and end timestamps name.
 */
public record NabWindow(int first, int last) {
  public NabWindow {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad window rows " + first + ".." + last);
    }
  }

  /** The number of rows in the window. */
  public int width() {
    return last - first + 1;
  }

  public boolean contains(int row) {
    return row >= first && row <= last;
  }
}
