package brainc.runtime.htm;

/**
 * Parameters of a spatial pooler, with htm.core's names and meanings.
 *
 * @param inputs width of the input SDR
 * @param columns number of columns
 * @param potentialRadius input bits around a column's centre it can reach; 0 means all
 * @param potentialPct fraction of the reachable inputs in a column's potential pool
 * @param sparsity fraction of columns active after inhibition (globally, or per neighbourhood)
 * @param globalInhibition k-winners over all columns, else within each column's neighbourhood
 * @param stimulusThreshold minimum (boosted) overlap of a winner
 * @param synPermActiveInc permanence increment of active inputs of a winning column
 * @param synPermInactiveDec permanence decrement of its inactive inputs
 * @param synPermConnected permanence at which a potential synapse connects
 * @param minPctOverlapDutyCycle weak-column threshold, a fraction of the best overlap duty cycle
 * @param dutyCyclePeriod period of the duty-cycle moving averages
 * @param boost boost strength; 0 switches boosting off
 * @param seed seed of the potential pools and initial permanences
 */
public record SpParams(
    int inputs,
    int columns,
    int potentialRadius,
    double potentialPct,
    double sparsity,
    boolean globalInhibition,
    int stimulusThreshold,
    float synPermActiveInc,
    float synPermInactiveDec,
    float synPermConnected,
    double minPctOverlapDutyCycle,
    int dutyCyclePeriod,
    double boost,
    long seed) {
  public SpParams {
    if (inputs < 1 || columns < 1) throw new IllegalArgumentException("a spatial pooler needs inputs and columns");
    if (!(potentialPct > 0 && potentialPct <= 1)) throw new IllegalArgumentException("potential_pct must be in (0, 1]");
    if (!(sparsity > 0 && sparsity <= 1)) throw new IllegalArgumentException("sparsity must be in (0, 1]");
    if (dutyCyclePeriod < 1) throw new IllegalArgumentException("duty_cycle_period must be at least 1");
  }

  /** Winners of global inhibition: {@code round(sparsity * columns)}, at least 1. */
  public int activeColumns() {
    return Math.max(1, (int) Math.round(sparsity * columns));
  }
}
