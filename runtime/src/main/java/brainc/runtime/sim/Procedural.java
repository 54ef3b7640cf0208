package brainc.runtime.sim;

import brainc.runtime.random.CounterRng;
import java.util.function.IntConsumer;

/**
 * Regenerates the targets of one presynaptic neuron on demand, for connections stored in the
 * PROCEDURAL format, and builds the rows of {@link Connectivity} too, so that a procedural
 * connection visits exactly the targets, in exactly the (increasing) order, that its CSR would.
 *
 * <h2>Draws</h2>
 *
 * Every draw is a {@link CounterRng} value keyed by the spec's seed and stream, with {@code
 * index} = the row (or, for fixed fan-in, the column) and {@code step} = the number of the draw
 * within that row, from 0. A row is therefore a pure function of (spec, row):
 *
 * <ul>
 *   <li>Bernoulli(p), by geometric skipping: {@code u = uniformDouble}, {@code gap =
 *       floor(log(1 - u) / log(1 - p))}, next target = previous + 1 + gap, until it passes the
 *       last column. {@code 1 - u} is exact, so a port needs only fdlibm's {@code log}. Without
 *       autapses the column {@code i} is skipped over, which leaves every other pair an
 *       independent trial of probability p.
 *   <li>Fixed fan-out k (and fixed fan-in k, per column): Floyd's sampling of k distinct values
 *       of {@code [0, n)}, draw {@code d} being {@code uniformInt(..., bound = n - k + d + 1)};
 *       without autapses n excludes the row's own index and values at or above it are shifted up
 *       by one.
 * </ul>
 *
 * <p>An instance holds scratch space for one row and is not thread-safe; {@link #row} allocates
 * nothing.
 */
public final class Procedural {
  private final ConnectivitySpec spec;
  private final long[] marks;
  private final double logQ;

  public Procedural(ConnectivitySpec spec) {
    if (!spec.rowsIndependent()) {
      throw new IllegalArgumentException(
          "fixed fan-in draws by column, so its rows cannot be regenerated one at a time: store it as CSR");
    }
    this.spec = spec;
    this.marks = new long[(spec.postSize() + 63) >>> 6];
    this.logQ = StrictMath.log(1.0 - spec.p());
  }

  public ConnectivitySpec spec() {
    return spec;
  }

  /** An upper bound on the length of any row: the size an {@code out} array of {@link #row} needs. */
  public int maxRowLength() {
    switch (spec.kind()) {
      case ONE_TO_ONE:
        return Math.min(1, spec.postSize());
      case FIXED_FAN_OUT:
        return spec.k();
      default:
        return spec.postSize();
    }
  }

  /** Writes the targets of presynaptic neuron {@code i} into {@code out} in increasing order; returns how many. */
  public int row(int i, int[] out) {
    if (i < 0 || i >= spec.preSize()) {
      throw new IndexOutOfBoundsException("row " + i + " of " + spec.preSize());
    }
    int post = spec.postSize();
    boolean skipSelf = !spec.autapses();
    int n = 0;
    switch (spec.kind()) {
      case ALL_TO_ALL:
        for (int j = 0; j < post; j++) {
          if (!(skipSelf && j == i)) {
            out[n++] = j;
          }
        }
        return n;
      case ONE_TO_ONE:
        if (i < post && !skipSelf) {
          out[n++] = i;
        }
        return n;
      case BERNOULLI:
        return bernoulliRow(i, out);
      case FIXED_FAN_OUT:
        return sampleDistinct(spec.seed(), spec.stream(), i, post, spec.k(), skipSelf, marks, out);
      default:
        throw new IllegalStateException(spec.kind().toString());
    }
  }

  /** Calls {@code action} with each target of presynaptic neuron {@code i}, in increasing order. */
  public void forEachTarget(int i, int[] scratch, IntConsumer action) {
    int n = row(i, scratch);
    for (int t = 0; t < n; t++) {
      action.accept(scratch[t]);
    }
  }

  private int bernoulliRow(int i, int[] out) {
    double p = spec.p();
    int post = spec.postSize();
    boolean skipSelf = !spec.autapses();
    int n = 0;
    // Below 2^-53, 1 - p rounds to 1 and no draw can reach a target anyway.
    if (p <= 0 || logQ == 0) {
      return 0;
    }
    if (p >= 1) {
      for (int j = 0; j < post; j++) {
        if (!(skipSelf && j == i)) {
          out[n++] = j;
        }
      }
      return n;
    }
    // j is kept in a double: a gap can exceed the int range when p is tiny.
    double j = -1;
    for (long draw = 0; ; draw++) {
      double u = CounterRng.uniformDouble(spec.seed(), spec.stream(), draw, i);
      double gap = Math.floor(StrictMath.log(1.0 - u) / logQ);
      j = j + 1 + gap;
      if (j >= post) {
        return n;
      }
      if (!(skipSelf && (int) j == i)) {
        out[n++] = (int) j;
      }
    }
  }

  /**
   * Floyd's algorithm: k distinct values of the {@code size} candidates of row (or column) {@code
   * key}, excluding {@code key} itself when {@code skipSelf}, written in increasing order.
   * {@code marks} must hold {@code size} zero bits and is left zeroed.
   */
  static int sampleDistinct(long seed, int stream, int key, int size, int k, boolean skipSelf, long[] marks,
      int[] out) {
    boolean excludes = skipSelf && key < size;
    int pool = excludes ? size - 1 : size;
    if (k > pool) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct values of " + pool);
    }
    for (int d = 0, t = pool - k; t < pool; d++, t++) {
      int r = CounterRng.uniformInt(seed, stream, d, key, t + 1);
      int v = (marks[r >>> 6] & (1L << r)) != 0 ? t : r;
      marks[v >>> 6] |= 1L << v;
    }
    int n = 0;
    for (int w = 0; w < marks.length && n < k; w++) {
      long bits = marks[w];
      marks[w] = 0;
      while (bits != 0) {
        int v = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        // Candidates at or above the excluded index move up by one: the map is monotone, so order holds.
        out[n++] = excludes && v >= key ? v + 1 : v;
      }
    }
    return n;
  }
}
