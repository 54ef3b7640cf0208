package brainc.runtime.htm;

/**
 * The innermost loops of a region, the ones a backend may specialise: the spatial pooler's
 * permanence decrement of a winning column and the temporal memory's count of active synapses
 * per segment. {@link Reference} is the definition, with the region's constants in fields; the jvm
 * backend emits a class per region with the same loops and the constants as immediate operands.
 * Every implementation must give the same results bit for bit (float32 as Java evaluates it).
 */
public interface HtmKernels {
  /**
   * The inactive-input update of one winning column's permanences {@code perm[from .. to)}:
   * {@code q = old + (-dec)}, then 0 if {@code q < trim}. Writes the synapses whose side of
   * {@code connected} changed into {@code crossed} and returns how many. (The pooler then redoes
   * the few synapses from active inputs from their old values.)
   */
  int decrementColumn(float[] perm, int from, int to, int[] crossed);

  /**
   * Counts, for every segment with a synapse from one of {@code activeCells[0 .. activeCount)},
   * its potential synapses (low 16 bits of {@code activity[seg]}) and connected ones (high 16 bits).
   * An entry of {@code preSyns[cell]} is a synapse index with the sign bit set when connected; the
   * segment is the index shifted right by {@code shift}. Segments whose counter was 0 are appended
   * to {@code touched} from {@code touchedCount}; returns the new count. {@code touched} needs room
   * for one entry more than the segments appended: the loop has no branch, it writes every
   * segment to the next place and only moves past the new ones (whether a synapse's segment is
   * new, and whether it is connected, are unpredictable, and mispredicted branches made the loop
   * two to three times slower).
   */
  int countActivity(int[] activeCells, int activeCount, int[][] preSyns, int[] preSynCount, int[] activity,
      int[] touched, int touchedCount);

  /** The definition: constants in final fields. */
  final class Reference implements HtmKernels {
    private final float negDec;
    private final float trim;
    private final float connected;
    private final int shift;

    public Reference(float inc, float dec, float trim, float connected, int shift) {
      this.negDec = -dec;
      this.trim = trim;
      this.connected = connected;
      this.shift = shift;
    }

    @Override
    public int decrementColumn(float[] perm, int from, int to, int[] crossed) {
      int n = 0;
      for (int s = from; s < to; s++) {
        float old = perm[s];
        float q = old + negDec;
        if (q < trim) q = 0f;
        perm[s] = q;
        if ((old >= connected) != (q >= connected)) crossed[n++] = s;
      }
      return n;
    }

    @Override
    public int countActivity(int[] activeCells, int activeCount, int[][] preSyns, int[] preSynCount, int[] activity,
        int[] touched, int touchedCount) {
      for (int a = 0; a < activeCount; a++) {
        int cell = activeCells[a];
        int[] list = preSyns[cell];
        for (int j = 0, m = preSynCount[cell]; j < m; j++) {
          int e = list[j];
          int seg = (e & 0x7FFF_FFFF) >>> shift;
          int was = activity[seg];
          touched[touchedCount] = seg;
          touchedCount += (was - 1) >>> 31; // 1 when was == 0 (a count is never negative)
          activity[seg] = was + 1 + ((e >> 31) & 0x10000); // + 0x10001 when connected
        }
      }
      return touchedCount;
    }
  }

  /** The constants of {@link Reference} (and of any specialisation) for a region's parameters. */
  record Constants(float inc, float dec, float trim, float connected, int shift) {
    public static Constants of(SpParams sp, TmParams tm) {
      return new Constants(sp.synPermActiveInc(), sp.synPermInactiveDec(), sp.synPermActiveInc() / 2,
          sp.synPermConnected(), TemporalMemory.strideShift(tm.maxSynapsesPerSegment()));
    }

    public HtmKernels reference() {
      return new Reference(inc, dec, trim, connected, shift);
    }
  }
}
