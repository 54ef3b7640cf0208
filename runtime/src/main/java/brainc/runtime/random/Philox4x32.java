package brainc.runtime.random;

/**
 * The Philox4x32-10 block function of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as
 * easy as 1, 2, 3" (SC'11), bit for bit as in Random123's {@code philox4x32_R(10, ctr, key)}.
 *
 * <p>It is a keyed bijection of a 128-bit counter: the same (key, counter) gives the same four
 * words on any machine, in any order, with no state. That is what lets the interpreter, the JVM
 * backend and a CUDA kernel draw identical numbers (see {@link CounterRng} for how the project
 * keys it). Words are Java {@code int}s read as unsigned 32-bit values.
 *
 * <p>One round, with {@code mulhilo(a, b)} the high and low halves of the 64-bit product of two
 * unsigned 32-bit values:
 *
 * <pre>
 *   (hi0, lo0) = mulhilo(0xD2511F53, c0)      (hi1, lo1) = mulhilo(0xCD9E8D57, c2)
 *   (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
 * </pre>
 *
 * and between rounds the key is bumped by the Weyl constants {@code k0 += 0x9E3779B9, k1 +=
 * 0xBB67AE85} (mod 2^32). Ten rounds, nine bumps.
 */
public final class Philox4x32 {
  /** The number of rounds of the variant everyone means by "Philox4x32-10". */
  public static final int ROUNDS = 10;

  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final long U32 = 0xFFFF_FFFFL;

  private Philox4x32() {}

  /**
   * Encrypts one counter block into {@code out[0..3]}. This form allocates nothing, for hot loops.
   *
   * @param out at least four words; {@code out[i]} receives output word {@code i}
   */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
    for (int round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        k0 += W0;
        k1 += W1;
      }
      long p0 = M0 * (c0 & U32);
      long p1 = M1 * (c2 & U32);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }

  /**
   * Encrypts one counter block, in the argument order of Random123's known-answer files.
   *
   * @param counter four words, {@code counter[0]} first
   * @param key two words, {@code key[0]} first
   * @return four new output words
   */
  public static int[] block(int[] counter, int[] key) {
    if (counter.length != 4 || key.length != 2) {
      throw new IllegalArgumentException(
          "Philox4x32 takes 4 counter words and 2 key words, got "
              + counter.length
              + " and "
              + key.length);
    }
    int[] out = new int[4];
    block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
    return out;
  }
}
