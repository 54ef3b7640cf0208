package brainc.runtime.htm;

/**
 * Contiguous-block scalar encoder over [min, max]: a block of {@code activeBits} bits whose start
 * moves linearly with the value. Non-periodic: the start runs over {@code 0 .. size-activeBits};
 * periodic: over {@code 0 .. size-1}, and the block wraps around the end. Values outside the range
 * are clipped when {@code clip} is set, else rejected.
 */
public final class ScalarEncoder implements FieldEncoder {
  private final double min;
  private final double max;
  private final int size;
  private final int activeBits;
  private final boolean periodic;
  private final boolean clip;

  public ScalarEncoder(double min, double max, int size, int activeBits, boolean periodic, boolean clip) {
    if (!(max > min)) throw new IllegalArgumentException("scalar encoder needs min < max, got [" + min + ", " + max + "]");
    if (size < 1 || activeBits < 1 || activeBits > size) {
      throw new IllegalArgumentException("scalar encoder needs 1 <= active bits (" + activeBits + ") <= size (" + size + ")");
    }
    this.min = min;
    this.max = max;
    this.size = size;
    this.activeBits = activeBits;
    this.periodic = periodic;
    this.clip = clip;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int activeBits() {
    return activeBits;
  }

  @Override
  public int encode(String text, double number, int[] out, int at, int base) {
    if (Double.isNaN(number)) throw new IllegalArgumentException("scalar encoder cannot encode `" + text + "`: not a number");
    double v = number;
    if (periodic) {
      double range = max - min;
      v = min + ((v - min) % range + range) % range;
    } else if (v < min || v > max) {
      if (!clip) throw new IllegalArgumentException("value " + text + " is outside [" + min + ", " + max + "]");
      v = Math.max(min, Math.min(max, v));
    }
    int start = startOf(v);
    for (int j = 0; j < activeBits; j++) {
      int bit = start + j;
      if (bit >= size) bit -= size; // Only a periodic block reaches past the end.
      out[at++] = base + bit;
    }
    return at;
  }

  private int startOf(double v) {
    double f = (v - min) / (max - min);
    if (periodic) {
      int s = (int) Math.floor(f * size);
      return Math.min(size - 1, Math.max(0, s));
    }
    int positions = size - activeBits;
    return (int) Math.round(f * positions);
  }
}
