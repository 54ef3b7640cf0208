/**
 * The Numenta Anomaly Benchmark (NAB v1.1) scoring rules: reading the corpus and its labelled
 * anomaly windows ({@link brainc.runtime.nab.NabCorpus}), reading a detector's results files
 * ({@link brainc.runtime.nab.NabAnomalyScores}) and scoring them ({@link
 * brainc.runtime.nab.NabScorer}) with NAB's probationary period, scaled-sigmoid window scoring,
 * per-profile threshold optimisation over the whole corpus and normalisation between the null
 * detector (0) and the perfect detector (100).
 *
 * <p>The definitions follow NAB's published description and reproduce its scores; the
 * class {@link brainc.runtime.nab.NabScorer} states each rule where it is applied.
 */
package brainc.runtime.nab;
