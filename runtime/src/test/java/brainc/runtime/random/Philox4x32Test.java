package brainc.runtime.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Known-answer tests from Random123's {@code examples/kat_vectors}, lines {@code philox4x32 10
 * CTR[4] KEY[2] EXPECTED[4]} (all words hexadecimal).
 */
class Philox4x32Test {
  private static void assertKat(String line) {
    String[] f = line.trim().split("\\s+");
    int[] ctr = words(f, 2, 4);
    int[] key = words(f, 6, 2);
    int[] expected = words(f, 8, 4);
    assertArrayEquals(expected, Philox4x32.block(ctr, key), line);

    int[] out = new int[4];
    Philox4x32.block(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1], out);
    assertArrayEquals(expected, out, line);
  }

  private static int[] words(String[] fields, int from, int count) {
    int[] w = new int[count];
    for (int i = 0; i < count; i++) {
      w[i] = Integer.parseUnsignedInt(fields[from + i], 16);
    }
    return w;
  }

  @Test
  void zeroCounterAndKey() {
    assertKat(
        "philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000"
            + "   6627e8d5 e169c58d bc57ac4c 9b00dbd8");
  }

  @Test
  void allOnesCounterAndKey() {
    assertKat(
        "philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff"
            + "   408f276d 41c83b0e a20bc7c6 6d5451fd");
  }

  @Test
  void piDigitsCounterAndKey() {
    assertKat(
        "philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0"
            + "   d16cfe09 94fdcceb 5001e420 24126ea1");
  }

  @Test
  void doesNotTouchItsInputs() {
    int[] ctr = {1, 2, 3, 4};
    int[] key = {5, 6};
    Philox4x32.block(ctr, key);
    assertArrayEquals(new int[] {1, 2, 3, 4}, ctr);
    assertArrayEquals(new int[] {5, 6}, key);
  }

  @Test
  void rejectsWrongWordCounts() {
    assertThrows(IllegalArgumentException.class, () -> Philox4x32.block(new int[3], new int[2]));
    assertThrows(IllegalArgumentException.class, () -> Philox4x32.block(new int[4], new int[1]));
  }
}
