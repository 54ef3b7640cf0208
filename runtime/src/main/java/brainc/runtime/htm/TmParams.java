package brainc.runtime.htm;

/**
 * Parameters of a temporal memory, with htm.core's names and meanings.
 *
 * @param columns number of columns (the spatial pooler's)
 * @param cellsPerColumn cells in each column
 * @param activationThreshold connected active synapses for a segment to be active (predict)
 * @param minThreshold potential active synapses for a segment to match
 * @param maxNewSynapses synapses grown on a learning segment per step
 * @param initialPermanence permanence of a new synapse
 * @param connectedPermanence permanence at which a synapse connects
 * @param permanenceInc reinforcement of synapses from previously active cells
 * @param permanenceDec decrement of the other synapses of a learning segment
 * @param predictedSegmentDec punishment of segments that matched in a column that did not activate
 * @param maxSegmentsPerCell segment limit per cell (the least recently used one makes room)
 * @param maxSynapsesPerSegment synapse limit per segment (the weakest ones make room)
 * @param seed seed of the winner-cell tie breaks and the choice of cells to grow synapses to
 */
public record TmParams(
    int columns,
    int cellsPerColumn,
    int activationThreshold,
    int minThreshold,
    int maxNewSynapses,
    float initialPermanence,
    float connectedPermanence,
    float permanenceInc,
    float permanenceDec,
    float predictedSegmentDec,
    int maxSegmentsPerCell,
    int maxSynapsesPerSegment,
    long seed) {
  public TmParams {
    if (columns < 1 || cellsPerColumn < 1) throw new IllegalArgumentException("a temporal memory needs columns and cells");
    if (maxSegmentsPerCell < 1 || maxSynapsesPerSegment < 1) throw new IllegalArgumentException("segment limits must be positive");
    if (maxSynapsesPerSegment > 0xFFFF) throw new IllegalArgumentException("max_synapses_per_segment must be at most 65535");
    if ((long) columns * cellsPerColumn > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("too many cells");
  }
}
