package brainc.runtime.nab;

/**
 * What a detector did at a threshold, counted over scored rows as NAB counts them: {@code tp}
 * rows inside windows at or above the threshold, {@code fp} such rows outside windows, {@code
 * fn} rows inside windows below it, {@code tn} rows outside below it; and of the scored
 * windows, how many had at least one detection.
 */
public record NabCounts(int tp, int fp, int fn, int tn, int windows, int windowsDetected) {
  public static final NabCounts ZERO = new NabCounts(0, 0, 0, 0, 0, 0);

  public NabCounts {
    if (tp < 0 || fp < 0 || fn < 0 || tn < 0 || windows < 0 || windowsDetected < 0 || windowsDetected > windows) {
      throw new IllegalArgumentException("bad counts");
    }
  }

  /** The number of scored rows. */
  public int rows() {
    return tp + fp + fn + tn;
  }

  public NabCounts plus(NabCounts o) {
    return new NabCounts(tp + o.tp, fp + o.fp, fn + o.fn, tn + o.tn, windows + o.windows, windowsDetected + o.windowsDetected);
  }
}
