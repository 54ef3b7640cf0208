package brainc.runtime.sim;

import java.util.Arrays;

/**
 * The synapses of one connection in compressed sparse row form, by presynaptic neuron.
 *
 * <p>The synapses of presynaptic neuron {@code i} are {@code s} in {@code [rowPtr[i],
 * rowPtr[i + 1])}, with target {@code cols[s]}; within a row the targets increase strictly. The
 * synapse index {@code s} is the index into every per-synapse buffer of the connection, for every
 * storage format that keeps synapses (CSR and dense alike), so probes of synaptic weights mean the
 * same thing on every backend.
 *
 * <p>The optional reverse index lists, for postsynaptic neuron {@code j}, the entries {@code r} in
 * {@code [revPtr[j], revPtr[j + 1])}: source {@code revPre[r]} through synapse {@code revSyn[r]},
 * in increasing order of source. The arrays are shared, not copied: generated code reads them in
 * its inner loops.
 */
public final class Csr {
  public final int preSize;
  public final int postSize;
  public final int[] rowPtr;
  public final int[] cols;
  /** Null unless built {@link #withReverse() with the reverse index}. */
  public final int[] revPtr;

  public final int[] revPre;
  public final int[] revSyn;

  /** Takes ownership of the arrays after checking their shape and order. */
  public Csr(int preSize, int postSize, int[] rowPtr, int[] cols) {
    this(preSize, postSize, rowPtr, cols, null, null, null);
    validate();
  }

  private Csr(int preSize, int postSize, int[] rowPtr, int[] cols, int[] revPtr, int[] revPre, int[] revSyn) {
    this.preSize = preSize;
    this.postSize = postSize;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.revPtr = revPtr;
    this.revPre = revPre;
    this.revSyn = revSyn;
  }

  private void validate() {
    if (preSize < 0 || postSize < 0) {
      throw new IllegalArgumentException("negative size " + preSize + " x " + postSize);
    }
    if (rowPtr.length != preSize + 1 || rowPtr[0] != 0 || rowPtr[preSize] != cols.length) {
      throw new IllegalArgumentException("rowPtr does not describe " + cols.length + " synapses in " + preSize + " rows");
    }
    for (int i = 0; i < preSize; i++) {
      if (rowPtr[i] > rowPtr[i + 1]) {
        throw new IllegalArgumentException("rowPtr decreases at row " + i);
      }
      for (int s = rowPtr[i]; s < rowPtr[i + 1]; s++) {
        int j = cols[s];
        if (j < 0 || j >= postSize || (s > rowPtr[i] && cols[s - 1] >= j)) {
          throw new IllegalArgumentException("row " + i + " has target " + j + " out of range or order");
        }
      }
    }
  }

  /** The number of synapses. */
  public int synapses() {
    return cols.length;
  }

  public boolean hasReverse() {
    return revPtr != null;
  }

  /** The number of synapses of presynaptic neuron {@code i}. */
  public int rowLength(int i) {
    return rowPtr[i + 1] - rowPtr[i];
  }

  /** This matrix with its reverse index, built by a counting sort over the columns. */
  public Csr withReverse() {
    if (hasReverse()) {
      return this;
    }
    int[] ptr = new int[postSize + 1];
    for (int c : cols) {
      ptr[c + 1]++;
    }
    for (int j = 0; j < postSize; j++) {
      ptr[j + 1] += ptr[j];
    }
    int[] next = Arrays.copyOf(ptr, postSize);
    int[] pre = new int[cols.length];
    int[] syn = new int[cols.length];
    // Rows are visited in increasing order, so the sources of each column come out increasing.
    for (int i = 0; i < preSize; i++) {
      for (int s = rowPtr[i]; s < rowPtr[i + 1]; s++) {
        int r = next[cols[s]]++;
        pre[r] = i;
        syn[r] = s;
      }
    }
    return new Csr(preSize, postSize, rowPtr, cols, ptr, pre, syn);
  }

  @Override
  public String toString() {
    return "Csr[" + preSize + " x " + postSize + ", " + synapses() + " synapses" + (hasReverse() ? ", reverse" : "") + "]";
  }
}
