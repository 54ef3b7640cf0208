package brainc.runtime.data;

import brainc.runtime.random.CounterRng;

/**
 * Deterministic permutations: a Fisher-Yates shuffle whose draws come from {@link CounterRng}
 * keyed by (seed, stream, epoch, position), so the order of epoch {@code e} depends only on the
 * seed and {@code e} — a resumed run sees the same batches as an uninterrupted one.
 */
public final class Shuffle {
  /** The counter-RNG stream reserved for dataset shuffling. */
  public static final int STREAM = 0x5348;

  private Shuffle() {}

  /** A permutation of {@code 0 .. n-1} for the given seed and epoch. */
  public static int[] permutation(int n, long seed, long epoch) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = CounterRng.uniformInt(seed, STREAM, epoch, i, i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
