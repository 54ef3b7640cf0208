package brainc.runtime.htm;

import java.util.HashMap;
import java.util.Map;

/**
 * One disjoint block of {@code activeBits} bits per category: categories get block numbers in
 * the order they first appear, modulo the number of blocks that fit in {@code size}. The map
 * from text to block is touched once per record, not in any per-bit loop.
 */
public final class CategoryEncoder implements FieldEncoder {
  private final int size;
  private final int activeBits;
  private final int blocks;
  private final Map<String, Integer> seen = new HashMap<>();

  public CategoryEncoder(int size, int activeBits) {
    if (size < 1 || activeBits < 1 || activeBits > size) {
      throw new IllegalArgumentException("category encoder needs 1 <= active bits (" + activeBits + ") <= size (" + size + ")");
    }
    this.size = size;
    this.activeBits = activeBits;
    this.blocks = size / activeBits;
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
    int block = seen.computeIfAbsent(text, t -> seen.size()) % blocks;
    int start = block * activeBits;
    for (int j = 0; j < activeBits; j++) out[at++] = base + start + j;
    return at;
  }
}
