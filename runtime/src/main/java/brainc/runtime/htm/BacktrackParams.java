package brainc.runtime.htm;

/**
 * The settings of NuPIC's backtracking temporal memory ({@link BacktrackingMemory}) beyond those
 * it shares with the columnar one ({@link TmParams}), with NuPIC's meanings.
 *
 * @param pamLength records the learning state may go unpredicted before it starts over on start
 *     cells ("pay attention mode"; Numenta's NAB detector: 3)
 * @param maxInfBacktrack past inputs kept for inference to backtrack over (NuPIC: 10)
 * @param maxLrnBacktrack past inputs kept for learning to backtrack over (NuPIC: 5)
 * @param maxSequenceLength records after which learning starts a new sequence; 0: never (NuPIC: 32)
 * @param globalDecay permanence taken off every synapse of a segment idle for more than {@code
 *     maxAge} learning records, every {@code maxAge} records; 0: none
 * @param maxAge see {@code globalDecay}; 0: no decay
 */
public record BacktrackParams(int pamLength, int maxInfBacktrack, int maxLrnBacktrack, int maxSequenceLength,
    float globalDecay, int maxAge) {
  /** Numenta's NAB detector's values (NuPIC's defaults but for pamLength 3 and no decay). */
  public static final BacktrackParams NAB = new BacktrackParams(3, 10, 5, 32, 0f, 0);

  public BacktrackParams {
    if (pamLength < 1) throw new IllegalArgumentException("pam_length must be at least 1");
    if (maxInfBacktrack < 0 || maxLrnBacktrack < 0) throw new IllegalArgumentException("backtrack lengths must not be negative");
    if (maxSequenceLength < 0) throw new IllegalArgumentException("max_sequence_length must not be negative");
    if (!(globalDecay >= 0f && globalDecay <= 1f)) throw new IllegalArgumentException("global_decay must lie in [0, 1]");
    if (maxAge < 0) throw new IllegalArgumentException("max_age must not be negative");
  }

  /** Problems with the shared settings that only this memory has, or null. */
  public static String conflict(TmParams tm) {
    if (tm.cellsPerColumn() < 2) {
      return "the backtracking temporal memory needs `cells_per_column` of at least 2 (cell 0 of a column is its start cell)";
    }
    if (tm.maxNewSynapses() > tm.maxSynapsesPerSegment()) {
      return "the backtracking temporal memory needs `max_new_synapses` (" + tm.maxNewSynapses()
          + ") no larger than `max_synapses_per_segment` (" + tm.maxSynapsesPerSegment() + ")";
    }
    return null;
  }
}
