package brainc.runtime.sim;

import java.util.Arrays;

/**
 * Builds the synapses of a connection as a {@link Csr}. Row-independent rules are built row by
 * row with {@link Procedural}, so a CSR and a procedural connection of one spec are the same
 * synapses in the same order. Fixed fan-in samples k distinct sources per postsynaptic neuron
 * (Floyd's algorithm keyed by the column, see {@link Procedural}) and is then transposed into rows;
 * columns are visited in increasing order, so each row comes out sorted.
 */
public final class Connectivity {
  private Connectivity() {}

  /** The synapses of {@code spec}, with the reverse index when {@code reverse}. */
  public static Csr build(ConnectivitySpec spec, boolean reverse) {
    Csr csr = spec.rowsIndependent() ? byRows(spec) : byColumns(spec);
    return reverse ? csr.withReverse() : csr;
  }

  private static Csr byRows(ConnectivitySpec spec) {
    Procedural gen = new Procedural(spec);
    int[] row = new int[gen.maxRowLength()];
    int[] ptr = new int[spec.preSize() + 1];
    int[] cols = new int[Math.max(16, Math.min(1 << 20, (int) Math.min(Integer.MAX_VALUE - 8,
        (long) spec.preSize() * Math.max(1, gen.maxRowLength()))))];
    int total = 0;
    for (int i = 0; i < spec.preSize(); i++) {
      int n = gen.row(i, row);
      if (total + (long) n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("more than 2^31 synapses");
      }
      if (total + n > cols.length) {
        cols = Arrays.copyOf(cols, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(total + (long) n, 2L * cols.length)));
      }
      System.arraycopy(row, 0, cols, total, n);
      total += n;
      ptr[i + 1] = total;
    }
    return new Csr(spec.preSize(), spec.postSize(), ptr, Arrays.copyOf(cols, total));
  }

  private static Csr byColumns(ConnectivitySpec spec) {
    int pre = spec.preSize();
    int post = spec.postSize();
    int k = spec.k();
    long total = (long) post * k;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("more than 2^31 synapses");
    }
    int[] sources = new int[(int) total];
    long[] marks = new long[(pre + 63) >>> 6];
    int[] column = new int[k];
    int[] ptr = new int[pre + 1];
    for (int j = 0; j < post; j++) {
      Procedural.sampleDistinct(spec.seed(), spec.stream(), j, pre, k, !spec.autapses(), marks, column);
      System.arraycopy(column, 0, sources, j * k, k);
      for (int t = 0; t < k; t++) {
        ptr[column[t] + 1]++;
      }
    }
    for (int i = 0; i < pre; i++) {
      ptr[i + 1] += ptr[i];
    }
    int[] next = Arrays.copyOf(ptr, pre);
    int[] cols = new int[(int) total];
    for (int j = 0; j < post; j++) {
      for (int t = 0; t < k; t++) {
        cols[next[sources[j * k + t]]++] = j;
      }
    }
    return new Csr(pre, post, ptr, cols);
  }
}
