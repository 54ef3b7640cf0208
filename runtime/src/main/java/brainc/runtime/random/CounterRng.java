package brainc.runtime.random;

/**
 * The random numbers of a compiled model, as pure functions of a key (seed, stream, step, index).
 *
 * <p>Every backend (the interpreter, JVM bytecode, CUDA) must draw the same number for the same
 * key whatever the order of evaluation or the number of threads, so that differential tests can
 * compare stochastic models spike for spike. There is therefore no generator state at all: each
 * draw encrypts its key with {@link Philox4x32} and turns the four output words into a value. The
 * compiler gives each random call site its own {@code stream}; {@code step} is the time step and
 * {@code index} the element (neuron, synapse, batch × neuron, …) the draw belongs to.
 *
 * <h2>Key and counter words</h2>
 *
 * All words are unsigned 32-bit; {@code lo32(x)} is bits 0–31 of a 64-bit value and {@code
 * hi32(x)} bits 32–63. {@code stream} is read as an unsigned 32-bit value.
 *
 * <pre>
 *   K      = seed XOR (stream * 0x9E3779B97F4A7C15)       (64-bit, multiplication mod 2^64)
 *   key    = (k0, k1) = (lo32(K), hi32(K))
 *   ctr    = (c0, c1, c2, c3)
 *          = (lo32(index), hi32(index), lo32(step), hi32(step) | block &lt;&lt; 16)
 *   (w0, w1, w2, w3) = Philox4x32-10(ctr, key)
 * </pre>
 *
 * <ul>
 *   <li>{@code step} must lie in [0, 2^48) ({@link #MAX_STEP}): its top 16 counter bits hold
 *       {@code block}. At dt = 0.1 ms that is about 900 years of model time.
 *   <li>{@code index} may be any {@code long}; its two's-complement bits are used.
 *   <li>{@code block} is 0 for every draw except {@link #uniformInt}'s rare rejections, which go
 *       on with blocks 1, 2, … of the same key. No other draw reads block ≥ 1.
 *   <li>For a fixed seed, distinct streams get distinct Philox keys (multiplying by an odd
 *       constant is a bijection mod 2^64), and for a fixed stream distinct seeds do; the constant
 *       spreads small streams over all 64 bits, so small seeds and small streams do not collide.
 * </ul>
 *
 * <h2>Values</h2>
 *
 * Let {@code A = (w0 << 32 | w1)} and {@code B = (w2 << 32 | w3)} as unsigned 64-bit values. The
 * 24-bit values read the same high bits as the 53-bit ones, so a float32 run and a float64 run of
 * a model see the same numbers up to precision: {@code uniformFloat == floor(uniformDouble *
 * 2^24) / 2^24} exactly.
 *
 * <pre>
 *   uniformDouble = (A >>> 11) * 2^-53                      in [0, 1)
 *   uniformFloat  = (float) (w0 >>> 8) * 2^-24              in [0, 1), exact in binary32
 *   normal        = sqrt(-2 * log(u1)) * cos(TWO_PI * u2)   with
 *                     u1 = ((A >>> 11) + 1) * 2^-53         in (0, 1]
 *                     u2 = (B >>> 11) * 2^-53               in [0, 1)
 *   normalFloat   = (float) (sqrt(-2 * log(u1)) * cos(TWO_PI * u2)), evaluated in float64
 *                   and rounded once to binary32, with
 *                     u1 = ((w0 >>> 8) + 1) * 2^-24        in (0, 1]
 *                     u2 = (w2 >>> 8) * 2^-24              in [0, 1)
 *   bernoulli(p)  = uniformDouble &lt; p
 *   poisson(l)    = inversion on u = uniformDouble (see {@link #poisson})
 *   uniformInt(n) = Lemire's multiply-shift with rejection on w0, w1, w2, w3, then the words of
 *                   blocks 1, 2, … (see {@link #uniformInt})
 * </pre>
 *
 * {@code TWO_PI} is the double {@code 0x1.921fb54442d18p2}. Box–Muller keeps the cosine branch
 * only: a draw is one value, never a cached pair, which would be state.
 *
 * <h2>Reproducing these numbers elsewhere (CUDA)</h2>
 *
 * Every operation above is one IEEE-754 binary64 operation rounded to nearest, except {@code log},
 * {@code cos} and {@code exp}, which are Java's {@link StrictMath} functions, defined to be
 * fdlibm 5.3 bit for bit. A port reproduces every value exactly if it
 *
 * <ul>
 *   <li>evaluates {@code log}, {@code cos} and {@code exp} with fdlibm 5.3's {@code
 *       __ieee754_log}, {@code __ieee754_exp} and {@code cos} (with {@code __ieee754_rem_pio2}, of
 *       which only the branches for |x| &lt; 2^20·π/2 are reached), translated to device code,
 *       not with the CUDA math library, whose results may differ in the last place;
 *   <li>does not contract multiply–add pairs into FMAs ({@code nvcc -fmad=false}, or {@code
 *       __dmul_rn}/{@code __dadd_rn}), since fdlibm's polynomials and the Poisson loop assume
 *       separate roundings;
 *   <li>computes the float32 normal in float64 as written and rounds it with {@code
 *       __double2float_rn}.
 * </ul>
 *
 * {@code CounterRngTest} pins a few values of each function; a port should check the same ones.
 */
public final class CounterRng {
  /** The largest {@code step}; the counter's top 16 bits belong to the block number. */
  public static final long MAX_STEP = (1L << 48) - 1;

  /** The largest {@code lambda} that {@link #poisson} accepts; inversion costs O(lambda). */
  public static final double MAX_POISSON_LAMBDA = 64.0;

  /** {@code floor(2^64 / golden ratio)}, odd, so that {@code stream * STREAM_MIX} is injective. */
  static final long STREAM_MIX = 0x9E3779B97F4A7C15L;

  /** The double nearest 2π, spelled out because a port must use exactly this constant. */
  static final double TWO_PI = 0x1.921fb54442d18p2;

  static final int MAX_BLOCK = 0xFFFF;

  private static final long U32 = 0xFFFF_FFFFL;

  private CounterRng() {}

  /** The 64-bit Philox key of (seed, stream): {@code k0} is its low half, {@code k1} its high. */
  public static long key(long seed, int stream) {
    return seed ^ (Integer.toUnsignedLong(stream) * STREAM_MIX);
  }

  /**
   * Writes the four Philox words of one block of a key into {@code out}; the other methods are
   * functions of these words. Public so that ports can compare raw words, not only values.
   *
   * @param block 0 for every draw; 1 to 65535 only for {@link #uniformInt}'s
   *     rejections
   */
  public static void block(long seed, int stream, long step, long index, int block, int[] out) {
    if (step < 0 || step > MAX_STEP) {
      throw new IllegalArgumentException("step " + step + " is outside [0, 2^48)");
    }
    if (block < 0 || block > MAX_BLOCK) {
      throw new IllegalArgumentException("block " + block + " is outside [0, 65535]");
    }
    long k = key(seed, stream);
    Philox4x32.block(
        (int) index,
        (int) (index >>> 32),
        (int) step,
        (int) (step >>> 32) | block << 16,
        (int) k,
        (int) (k >>> 32),
        out);
  }

  private static int[] block0(long seed, int stream, long step, long index) {
    int[] w = new int[4];
    block(seed, stream, step, index, 0, w);
    return w;
  }

  /** 53 random bits from two words, {@code hi} supplying the top 32. */
  private static long bits53(int hi, int lo) {
    return ((hi & U32) << 32 | (lo & U32)) >>> 11;
  }

  /** A float32 uniform in [0, 1): the top 24 bits of {@code w0} times 2^-24, exactly. */
  public static float uniformFloat(long seed, int stream, long step, long index) {
    int w0 = block0(seed, stream, step, index)[0];
    return (w0 >>> 8) * 0x1p-24f;
  }

  /** A float64 uniform in [0, 1): the top 53 bits of {@code w0:w1} times 2^-53, exactly. */
  public static double uniformDouble(long seed, int stream, long step, long index) {
    int[] w = block0(seed, stream, step, index);
    return bits53(w[0], w[1]) * 0x1p-53;
  }

  /**
   * A standard normal deviate in float64 by Box–Muller, cosine branch. Its magnitude is at most
   * {@code sqrt(-2 log 2^-53)} ≈ 8.57: the tails beyond are cut off, with probability ~1e-17.
   */
  public static double normal(long seed, int stream, long step, long index) {
    int[] w = block0(seed, stream, step, index);
    double u1 = (bits53(w[0], w[1]) + 1) * 0x1p-53;
    double u2 = bits53(w[2], w[3]) * 0x1p-53;
    return boxMuller(u1, u2);
  }

  /**
   * A standard normal deviate for float32 models: Box–Muller on 24-bit uniforms, evaluated in
   * float64 and rounded once. The magnitude is at most {@code sqrt(-2 log 2^-24)} ≈ 5.77, a cut
   * that float32 sampling would impose anyway (probability ~8e-9).
   */
  public static float normalFloat(long seed, int stream, long step, long index) {
    int[] w = block0(seed, stream, step, index);
    double u1 = ((w[0] >>> 8) + 1) * 0x1p-24;
    double u2 = (w[2] >>> 8) * 0x1p-24;
    return (float) boxMuller(u1, u2);
  }

  private static double boxMuller(double u1, double u2) {
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
    return r * StrictMath.cos(TWO_PI * u2);
  }

  /**
   * True with probability {@code p}, to a resolution of 2^-53: {@code uniformDouble < p}. So
   * {@code p <= 0} (and NaN) is never true and {@code p >= 1} always is.
   */
  public static boolean bernoulli(long seed, int stream, long step, long index, double p) {
    return uniformDouble(seed, stream, step, index) < p;
  }

  /**
   * A Poisson deviate with mean {@code lambda} in [0, {@value #MAX_POISSON_LAMBDA}], by sequential
   * inversion of one uniform, exactly as follows (each line one rounded float64 operation):
   *
   * <pre>
   *   u = uniformDouble;  k = 0;  p = exp(-lambda);  cdf = p
   *   while (u >= cdf and p > 0):  k = k + 1;  p = (p * lambda) / k;  cdf = cdf + p
   *   return k
   * </pre>
   *
   * The {@code p > 0} guard ends the loop when rounding leaves {@code cdf} below {@code u}; it is
   * reached only in the far tail, where the pmf has underflowed.
   */
  public static int poisson(long seed, int stream, long step, long index, double lambda) {
    if (!(lambda >= 0 && lambda <= MAX_POISSON_LAMBDA)) {
      throw new IllegalArgumentException(
          "poisson lambda " + lambda + " is outside [0, " + MAX_POISSON_LAMBDA + "]");
    }
    double u = uniformDouble(seed, stream, step, index);
    int k = 0;
    double p = StrictMath.exp(-lambda);
    double cdf = p;
    while (u >= cdf && p > 0) {
      k++;
      p = (p * lambda) / k;
      cdf = cdf + p;
    }
    return k;
  }

  /**
   * A uniform integer in [0, n) without modulo bias, by Lemire's multiply-shift with rejection
   * ("Fast random integer generation in an interval", TOMACS 2019). The words tried are {@code
   * w0, w1, w2, w3} of block 0, then those of block 1, 2, …; the first word {@code x} with {@code
   * (x * n) mod 2^32 >= 2^32 mod n} gives {@code (x * n) >>> 32}. Exactly {@code floor(2^32 / n)}
   * words map to each result, so every result is equally likely. A word is rejected with
   * probability below {@code n / 2^32 < 1/2}; a second block is needed with probability below
   * 1/16.
   */
  public static int uniformInt(long seed, int stream, long step, long index, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("uniformInt needs n >= 1, got " + n);
    }
    int[] w = new int[4];
    for (int b = 0; b <= MAX_BLOCK; b++) {
      block(seed, stream, step, index, b, w);
      for (int x : w) {
        int r = lemire(x, n);
        if (r >= 0) {
          return r;
        }
      }
    }
    // Reaching here needs 262144 rejections in a row, each with probability below 1/2.
    throw new IllegalStateException("uniformInt rejected every word of 65536 blocks");
  }

  /**
   * Maps one 32-bit word to [0, n) by Lemire's method, or returns -1 if the word must be rejected.
   * The modulo is computed only when the low half is below {@code n}, since {@code 2^32 mod n <
   * n} means no other word can be rejected; that is his trick for avoiding most divisions.
   */
  static int lemire(int word, int n) {
    long m = (word & U32) * n;
    long low = m & U32;
    if (low < n && low < (1L << 32) % n) {
      return -1;
    }
    return (int) (m >>> 32);
  }
}
