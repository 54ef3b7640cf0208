package brainc.runtime.sim;

/**
 * The neurons of one spiking group that spiked in the current step, in emission order. The
 * driver clears it at the start of every step; {@code indices[0 .. count)} are valid.
 */
public final class SpikeSet {
  public final String label;
  public final int size;
  public final int[] indices;
  public int count;

  public SpikeSet(String label, int size) {
    this.label = label;
    this.size = size;
    this.indices = new int[size];
  }

  /**
   * Records that neuron {@code index} spiked. Nothing removes duplicates: a neuron emitted twice
   * in one step is a compiler bug, reported once the set would overflow.
   */
  public void add(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(label + ": spike of neuron " + index + " outside [0, " + size + ")");
    }
    if (count == size) {
      throw new IllegalStateException(label + ": more spikes in one step than neurons; one was emitted twice");
    }
    indices[count++] = index;
  }

  /**
   * Appends the spikes of {@code from} after this set's, in their order: how the spikes that the
   * chunks of a split loop emitted join the set, chunk after chunk.
   */
  public void append(SpikeSet from) {
    if (from.count > size - count) {
      throw new IllegalStateException(label + ": more spikes in one step than neurons; one was emitted twice");
    }
    System.arraycopy(from.indices, 0, indices, count, from.count);
    count += from.count;
  }

  public void clear() {
    count = 0;
  }

  /** How many of this step's spikes fall in {@code [start, start + length)}. */
  public int countInRange(int start, int length) {
    int n = 0;
    for (int s = 0; s < count; s++) {
      int i = indices[s];
      if (i >= start && i - start < length) {
        n++;
      }
    }
    return n;
  }
}
