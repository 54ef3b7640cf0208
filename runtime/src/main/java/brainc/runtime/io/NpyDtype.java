package brainc.runtime.io;

/**
 * The element types that {@link NpyWriter} writes and {@link NpyReader} reads: the ones a model
 * produces (float32 state, float64 on request, int32/int64 indices and counts).
 */
public enum NpyDtype {
  FLOAT32('f', 4),
  FLOAT64('f', 8),
  INT32('i', 4),
  INT64('i', 8);

  private final char kind;
  private final int itemSize;

  NpyDtype(char kind, int itemSize) {
    this.kind = kind;
    this.itemSize = itemSize;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /** The little-endian descr that numpy writes and expects, e.g. {@code <f4}. */
  public String descr() {
    return "<" + kind + itemSize;
  }

  /**
   * The type of a descr without its byte-order character ({@code f4}, {@code i8}, …), or null if
   * it is not one of ours.
   */
  static NpyDtype ofCode(String code) {
    for (NpyDtype t : values()) {
      if (code.equals("" + t.kind + t.itemSize)) {
        return t;
      }
    }
    return null;
  }
}
