package brainc.runtime.htm;

import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.util.List;

/**
 * A running HTM region: its encoders side by side make the input SDR, the spatial pooler picks
 * the active columns, the temporal memory gives the raw anomaly score and, with a likelihood
 * model, the anomaly likelihood gives the final score ({@code log} scaled, as NAB's detector).
 * Each phase's wall-clock time is added up so that throughput can be reported per phase
 * ({@link System#nanoTime}: a thread CPU clock costs microseconds per reading on some platforms).
 */
public final class HtmModel {
  /** The kind of its {@link Snapshot}. */
  public static final String KIND = "htm-region";

  /** One encoder and the index of the record field it reads. */
  public record Input(int field, FieldEncoder encoder) {}

  /** The outcome of one record. */
  public record Scores(double anomalyScore, double rawScore) {}

  private final List<Input> inputs;
  private final SpatialPooler sp;
  private final SequenceMemory tm;
  private final AnomalyLikelihood likelihood;
  private final boolean spLearn;
  private final boolean tmLearn;
  private final int valueField;
  private final double spatialTolerance;
  private double seenMin = Double.NaN;
  private double seenMax = Double.NaN;
  private final int[] sdr;
  private final int[] columns;
  private int activeColumns;
  private double lastRaw;
  private long records;
  private long encodeNanos;
  private long spNanos;
  private long tmNanos;
  private long likelihoodNanos;

  public HtmModel(List<Input> inputs, SpatialPooler sp, SequenceMemory tm, AnomalyLikelihood likelihood,
      boolean spLearn, boolean tmLearn, int valueField) {
    this(inputs, sp, tm, likelihood, spLearn, tmLearn, valueField, Double.NaN);
  }

  /**
   * @param likelihood null for the raw score
   * @param valueField the field whose variance the likelihood and whose range the spatial check
   *     watch (-1: none)
   * @param spatialTolerance NaN for no spatial check; else a value outside the range seen so far,
   *     widened on each side by this fraction of it, scores 1 (Numenta's NAB detector, 0.05)
   */
  public HtmModel(List<Input> inputs, SpatialPooler sp, SequenceMemory tm, AnomalyLikelihood likelihood,
      boolean spLearn, boolean tmLearn, int valueField, double spatialTolerance) {
    this.spatialTolerance = spatialTolerance;
    this.inputs = List.copyOf(inputs);
    this.sp = sp;
    this.tm = tm;
    this.likelihood = likelihood;
    this.spLearn = spLearn;
    this.tmLearn = tmLearn;
    this.valueField = valueField;
    int bits = 0;
    for (Input in : inputs) bits += in.encoder().activeBits();
    this.sdr = new int[bits];
    this.columns = new int[sp.columns()];
    if (sp.columns() != tm.columns()) throw new IllegalArgumentException("pooler and memory disagree on columns");
  }

  /** Width of the input SDR. */
  public static int inputWidth(List<Input> inputs) {
    int n = 0;
    for (Input in : inputs) n += in.encoder().size();
    return n;
  }

  /** One record, as texts and numbers ({@code NaN} where a field is not a number). */
  public Scores step(String[] texts, double[] numbers) {
    long t0 = now();
    int n = 0;
    int base = 0;
    for (Input in : inputs) {
      n = in.encoder().encode(texts[in.field()], numbers[in.field()], sdr, n, base);
      base += in.encoder().size();
    }
    long t1 = now();
    activeColumns = sp.compute(sdr, n, spLearn, columns);
    long t2 = now();
    double raw = tm.compute(columns, activeColumns, tmLearn);
    lastRaw = raw;
    long t3 = now();
    double score = raw;
    if (likelihood != null) {
      double l = likelihood.update(raw, valueField >= 0 ? numbers[valueField] : 0.0);
      score = AnomalyLikelihood.logLikelihood(l);
    }
    if (!Double.isNaN(spatialTolerance) && valueField >= 0 && outsideSeenRange(numbers[valueField])) score = 1.0;
    long t4 = now();
    encodeNanos += t1 - t0;
    spNanos += t2 - t1;
    tmNanos += t3 - t2;
    likelihoodNanos += t4 - t3;
    records++;
    return new Scores(score, raw);
  }

  private static long now() {
    return System.nanoTime();
  }

  /** NuPIC's spatial anomaly: outside the widened range of the values so far; then the range grows. */
  private boolean outsideSeenRange(double v) {
    boolean outside = false;
    if (seenMax > seenMin) {
      double tolerance = (seenMax - seenMin) * spatialTolerance;
      outside = v > seenMax + tolerance || v < seenMin - tolerance;
    }
    if (Double.isNaN(seenMax) || v > seenMax) seenMax = v;
    if (Double.isNaN(seenMin) || v < seenMin) seenMin = v;
    return outside;
  }

  /**
   * Everything carried from one record to the next: the pooler's, the memory's and the
   * likelihood's state, the range of values the spatial check has seen and the record count
   * (the encoders keep nothing: a date encoder's cache only saves parsing). Phase timings are
   * not state: a restored model counts its own.
   */
  public Snapshot snapshot() {
    Snapshot.Builder b = Snapshot.builder(KIND)
        .counter("records", records)
        .counter("likelihood", likelihood == null ? 0 : 1)
        .array("seen_range", new double[] {seenMin, seenMax})
        .put("sp", sp.snapshot())
        .put("tm", tm.snapshot());
    if (likelihood != null) b.put("likelihood", likelihood.snapshot());
    return b.build();
  }

  /**
   * Puts back a {@link #snapshot} of a model of the same region and stream settings. Every part
   * is checked before any changes: a snapshot that does not fit leaves this model as it was.
   */
  public void restore(Snapshot s) throws SnapshotException {
    s.expect(KIND);
    long n = StateArrays.counter(s, "records", 0, Long.MAX_VALUE);
    if ((s.counter("likelihood") == 1) != (likelihood != null)) {
      throw new SnapshotException("the snapshot was taken of a region " + (likelihood == null ? "with" : "without")
          + " an anomaly likelihood, this one has " + (likelihood == null ? "none" : "one"));
    }
    double[] range = StateArrays.doubles(s, "seen_range", 2);
    Runnable spPut = sp.restoring(s.child("sp", SpatialPooler.KIND));
    Runnable tmPut = tm.restoring(s.child("tm", tm.kind()));
    Runnable lkPut = likelihood == null ? () -> { } : likelihood.restoring(s.child("likelihood", AnomalyLikelihood.KIND));
    spPut.run();
    tmPut.run();
    lkPut.run();
    seenMin = range[0];
    seenMax = range[1];
    records = n;
  }

  /** Starts a new sequence (the temporal memory forgets its context). */
  public void reset() {
    tm.reset();
  }

  /**
   * The fraction of the last record's active columns that the temporal memory predicted (the
   * overlap of the predicted columns with the active ones): {@code hits / active}, with the hits
   * recovered exactly from the raw score {@code (active - hits) / active}, which every memory
   * gives; 1 for a record without active columns (nothing went unpredicted, as its raw score 0 says).
   */
  public double prediction() {
    if (activeColumns == 0) return 1.0;
    long misses = Math.round(lastRaw * activeColumns);
    return (double) (activeColumns - misses) / activeColumns;
  }

  /** The active columns of the last record, ascending (a copy). */
  public int[] activeColumns() {
    return java.util.Arrays.copyOf(columns, activeColumns);
  }

  public SpatialPooler spatialPooler() {
    return sp;
  }

  /** The temporal memory: the columnar {@link TemporalMemory} or the {@link BacktrackingMemory}. */
  public SequenceMemory temporalMemory() {
    return tm;
  }

  public long records() {
    return records;
  }

  public long encodeNanos() {
    return encodeNanos;
  }

  public long spNanos() {
    return spNanos;
  }

  public long tmNanos() {
    return tmNanos;
  }

  public long likelihoodNanos() {
    return likelihoodNanos;
  }
}
