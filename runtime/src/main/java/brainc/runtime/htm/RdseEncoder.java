package brainc.runtime.htm;

/**
 * Random distributed scalar encoder, hash-based as in htm.core: the value falls into bucket
 * {@code b = floor(value / resolution)}, and bucket {@code b} activates the bits
 * {@code hash(b + j) mod size} for {@code j = 0 .. activeBits-1}. Neighbouring buckets share
 * {@code activeBits - 1} of their keys, so nearby values overlap much and distant ones little.
 *
 * <p>Where htm.core lets two keys collide on one bit (so that an encoding may have fewer active
 * bits than asked for), this encoder re-hashes a colliding key with the next probe number until it
 * lands on a free bit, so every encoding has exactly {@code activeBits} bits. The hash is
 * MurmurHash3's 32-bit finaliser over (seed, key, probe).
 */
public final class RdseEncoder implements FieldEncoder {
  private final int size;
  private final int activeBits;
  private final double resolution;
  private final int seed;
  private final boolean[] taken;
  private final int[] scratch;

  public RdseEncoder(int size, int activeBits, double resolution, long seed) {
    if (size < 1 || activeBits < 1 || activeBits > size) {
      throw new IllegalArgumentException("rdse needs 1 <= active bits (" + activeBits + ") <= size (" + size + ")");
    }
    if (!(resolution > 0) || Double.isInfinite(resolution)) {
      throw new IllegalArgumentException("rdse resolution must be positive, got " + resolution);
    }
    this.size = size;
    this.activeBits = activeBits;
    this.resolution = resolution;
    this.seed = (int) seed;
    this.taken = new boolean[size];
    this.scratch = new int[activeBits];
  }

  /** The number of active bits for a size and sparsity: {@code round(size * sparsity)}, at least 1. */
  public static int activeBitsFor(int size, double sparsity) {
    return Math.max(1, (int) Math.round(size * sparsity));
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int activeBits() {
    return activeBits;
  }

  public double resolution() {
    return resolution;
  }

  @Override
  public int encode(String text, double number, int[] out, int at, int base) {
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new IllegalArgumentException("rdse cannot encode `" + text + "`: not a finite number");
    }
    long bucket = (long) Math.floor(number / resolution);
    for (int j = 0; j < activeBits; j++) {
      long key = bucket + j;
      int bit;
      int probe = 0;
      do {
        bit = Integer.remainderUnsigned(mix(seed, key, probe++), size);
      } while (taken[bit]);
      taken[bit] = true;
      scratch[j] = bit;
      out[at++] = base + bit;
    }
    for (int j = 0; j < activeBits; j++) taken[scratch[j]] = false;
    return at;
  }

  /** MurmurHash3 x86_32 of the three words (seed as the hash seed). */
  static int mix(int seed, long key, int probe) {
    int h = seed;
    h = round(h, (int) key);
    h = round(h, (int) (key >>> 32));
    h = round(h, probe);
    h ^= 12;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int round(int h, int k) {
    k *= 0xcc9e2d51;
    k = Integer.rotateLeft(k, 15);
    k *= 0x1b873593;
    h ^= k;
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }
}
