package brainc.codegen.htm;

import brainc.ir.model.HtmEncoder;
import brainc.ir.model.HtmRegion;
import brainc.ir.spec.RegionSpec;
import brainc.runtime.htm.AnomalyLikelihood;
import brainc.runtime.htm.BacktrackParams;
import brainc.runtime.htm.CategoryEncoder;
import brainc.runtime.htm.DateEncoder;
import brainc.runtime.htm.FieldEncoder;
import brainc.runtime.htm.HtmModel;
import brainc.runtime.htm.LikelihoodParams;
import brainc.runtime.htm.RdseEncoder;
import brainc.runtime.htm.RecordStream;
import brainc.runtime.htm.ScalarEncoder;
import brainc.runtime.htm.SpParams;
import brainc.runtime.htm.TmParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a runnable {@link HtmModel} from an {@link HtmRegion} of the model IR for one input
 * stream. File-relative settings are resolved against the stream:
 *
 * <ul>
 *   <li>{@code rdse(resolution = auto)}: {@code max(0.001, (max - min) / 130)} over the field's
 *       values in the whole file, the range first widened by {@code auto_padding} of it on each
 *       side (Numenta's NAB detector pads by 0.2);
 *   <li>{@code likelihood(learning_period = auto, estimation_samples = auto)}: NAB's
 *       probationary period (15 % of the file, at most 750 records) split in halves, the first
 *       for learning, the second for the estimate.
 * </ul>
 *
 * {@code likelihood(spatial_tolerance = 0.05)} adds Numenta's spatial check: a value outside the
 * range seen so far (widened by 5 % of it) scores 1.
 *
 * <p>A region-wide {@code learn = false} switches learning off in the pooler and the memory; the
 * pooler's own {@code learn} only in the pooler.
 */
public final class RegionBuilder {
  /** Numenta's NAB detector: buckets over the data range, and the smallest resolution. */
  public static final int AUTO_BUCKETS = 130;

  public static final double MIN_RESOLUTION = 0.001;

  /** A setting that cannot be applied to this stream. */
  public static final class StreamMismatch extends Exception {
    private static final long serialVersionUID = 1L;

    public StreamMismatch(String message) {
      super(message);
    }
  }

  /** The parameters a region resolves to for one stream, for reports and tests. */
  public record Resolved(List<HtmModel.Input> inputs, SpParams sp, boolean spLearn, TmParams tm, boolean tmLearn,
      LikelihoodParams likelihood, int valueField, double spatialTolerance, BacktrackParams backtracking) {
    /** The columnar temporal memory. */
    public Resolved(List<HtmModel.Input> inputs, SpParams sp, boolean spLearn, TmParams tm, boolean tmLearn,
        LikelihoodParams likelihood, int valueField, double spatialTolerance) {
      this(inputs, sp, spLearn, tm, tmLearn, likelihood, valueField, spatialTolerance, null);
    }
  }

  private RegionBuilder() {}

  /**
   * Checks the first {@code records} records of a stream before any is scored, so that a file the
   * region cannot read is refused whole instead of midway: every field a numeric encoder ({@code
   * rdse}, {@code scalar}) reads must be a finite number, every field a {@code date} encoder reads
   * a date-time, a {@code reset} column 0 or 1, and the timestamps (the date encoder's field, else
   * date-times. The exception names the line and column. The time order is {@link
   * #orderProblem}'s to check.
   */
  public static void check(HtmRegion region, RecordStream stream, int records) throws RecordStream.FormatException {
    int n = Math.min(records, stream.records());
    // The results repeat the input's columns and add these two; a second pair would make readers
    // such as score-nab take the input's old scores for the new ones.
    for (String taken : List.of("anomaly_score", "raw_score")) {
      int c = stream.column(taken);
      if (c >= 0) {
        int at = 1;
        for (int k = 0; k < c; k++) at += stream.header().get(k).length() + 1;
        throw new RecordStream.FormatException(1, at, "the input already has a column `" + taken + "` (is it a results "
            + "file?); the scores are written to columns of that name, so rename or drop it", false);
      }
    }
    int time = -1;
    for (HtmEncoder e : region.encoders()) {
      int field = stream.column(e.field());
      if (field < 0) continue;
      switch (e.kind()) {
        case "rdse", "scalar" -> {
          for (int r = 0; r < n; r++) {
            double v = stream.number(field, r);
            if (Double.isFinite(v)) continue;
            String text = stream.text(field, r);
            String what = text.isEmpty() ? "is empty"
                : Double.isInfinite(v) ? "`" + text + "` is infinite"
                : text.equalsIgnoreCase("nan") ? "is NaN" : "`" + text + "` is not a number";
            throw new RecordStream.FormatException(stream.line(r), stream.columnOf(field, r), "field `" + e.field() + "` "
                + what + "; the " + e.kind() + " encoder needs a finite number in every record", false);
          }
        }
        case "date" -> {
          if (time < 0) time = field;
        }
        default -> { }
      }
    }
    if (time >= 0) {
      for (int r = 0; r < n; r++) {
        try {
          DateEncoder.parse(stream.text(time, r));
        } catch (IllegalArgumentException x) {
          throw new RecordStream.FormatException(stream.line(r), stream.columnOf(time, r),
              "field `" + stream.header().get(time) + "`: " + x.getMessage(), false);
        }
      }
    }
    int reset = stream.column("reset");
    if (reset >= 0) {
      for (int r = 0; r < n; r++) {
        double v = stream.number(reset, r);
        if (v != 0.0 && v != 1.0) {
          throw new RecordStream.FormatException(stream.line(r), stream.columnOf(reset, r), "field `reset` is `"
              + stream.text(reset, r) + "`; it must be 1 (start a new sequence) or 0", false);
        }
      }
    }
  }

  /**
   * The first record (of the first {@code records}) whose timestamp is not later than the one
   * before it, as an {@link RecordStream.FormatException#order() order} problem; empty when the
   * records are in strictly increasing time order or have no timestamps. Call it after {@link
   * #check}, which makes sure the timestamps parse.
   */
  public static java.util.Optional<RecordStream.FormatException> orderProblem(HtmRegion region, RecordStream stream,
      int records) {
    int time = -1;
    for (HtmEncoder e : region.encoders()) {
      if (e.kind().equals("date") && stream.column(e.field()) >= 0) {
        time = stream.column(e.field());
        break;
      }
    }
    boolean encoded = time >= 0;
    if (!encoded) time = stream.column("timestamp");
    if (time < 0) return java.util.Optional.empty();
    int n = Math.min(records, stream.records());
    // A `timestamp` column the region does not encode is only a label: it is ordered when it
    // holds date-times or numbers (such as epoch seconds) throughout, and left alone otherwise.
    boolean dates = true;
    boolean numbers = true;
    for (int r = 0; r < n && (dates || numbers); r++) {
      if (dates) {
        try {
          DateEncoder.parse(stream.text(time, r));
        } catch (IllegalArgumentException x) {
          dates = false;
        }
      }
      if (numbers && !Double.isFinite(stream.number(time, r))) numbers = false;
    }
    if (!dates && !numbers) return java.util.Optional.empty();
    for (int r = 1; r < n; r++) {
      int order = dates
          ? DateEncoder.parse(stream.text(time, r)).compareTo(DateEncoder.parse(stream.text(time, r - 1)))
          : Double.compare(stream.number(time, r), stream.number(time, r - 1));
      if (order <= 0) {
        return java.util.Optional.of(new RecordStream.FormatException(stream.line(r), stream.columnOf(time, r), (order == 0
            ? "timestamp `" + stream.text(time, r) + "` repeats the one on line " + stream.line(r - 1)
            : "timestamp `" + stream.text(time, r) + "` is earlier than `" + stream.text(time, r - 1) + "` on line "
                + stream.line(r - 1)) + "; the records must be in strictly increasing time order", true));
      }
    }
    return java.util.Optional.empty();
  }

  /** {@link #resolve(RegionSpec, RecordStream, long)} of the region's spec. */
  public static Resolved resolve(HtmRegion region, RecordStream stream, long seedOverride) throws StreamMismatch {
    return resolve(RegionSpec.of(region), stream, seedOverride);
  }

  /**
   * The parameters of {@code region} for {@code stream}: its file-relative settings resolved, the
   * seeds of the pooler and the memory {@code seedOverride} and {@code seedOverride + 1} unless
   * it is negative.
   */
  public static Resolved resolve(RegionSpec region, RecordStream stream, long seedOverride) throws StreamMismatch {
    List<HtmModel.Input> inputs = new ArrayList<>();
    int valueField = -1;
    for (RegionSpec.Encoder e : region.encoders()) {
      int field = stream.column(e.field());
      if (field < 0) {
        throw new StreamMismatch("region `" + region.name() + "` encodes field `" + e.field()
            + "`, which the file does not have (its header: " + String.join(",", stream.header()) + ")");
      }
      double autoResolution = Double.NaN;
      if (e instanceof RegionSpec.Rdse r && r.resolution().isEmpty()) {
        double[] range = stream.range(field);
        if (Double.isNaN(range[0])) throw new StreamMismatch("field `" + e.field() + "` has no numbers, so `resolution = auto` has no range");
        if (!Double.isFinite(range[1] - range[0])) {
          throw new StreamMismatch("field `" + e.field() + "` spans " + range[0] + " .. " + range[1]
              + ", too wide for `resolution = auto` to give a finite bucket width; give a resolution");
        }
        autoResolution = Math.max(MIN_RESOLUTION, (range[1] - range[0]) * (1 + 2 * r.autoPadding()) / AUTO_BUCKETS);
      }
      FieldEncoder enc;
      try {
        enc = encoder(e, autoResolution);
      } catch (IllegalArgumentException x) {
        throw new StreamMismatch("encoder of `" + e.field() + "`: " + x.getMessage());
      }
      if ((e instanceof RegionSpec.Rdse || e instanceof RegionSpec.Scalar) && valueField < 0) valueField = field;
      inputs.add(new HtmModel.Input(field, enc));
    }
    if (inputs.isEmpty()) throw new StreamMismatch("region `" + region.name() + "` has no `encode` line");
    RegionSpec.Pooler sp = region.pooler();
    long spSeed = seedOverride >= 0 ? seedOverride : sp.seed();
    long tmSeed = seedOverride >= 0 ? seedOverride + 1 : region.memory().seed();
    SpParams spParams;
    TmParams tmParams;
    BacktrackParams btParams;
    try {
      spParams = poolerParams(sp, HtmModel.inputWidth(inputs), spSeed);
      tmParams = memoryParams(sp, region.memory(), tmSeed);
      btParams = backtrackParams(region.memory(), tmParams);
    } catch (IllegalArgumentException x) {
      throw new StreamMismatch("region `" + region.name() + "`: " + x.getMessage());
    }
    LikelihoodParams lk = null;
    double spatial = Double.NaN;
    if (region.anomaly() instanceof RegionSpec.Likelihood a) {
      LikelihoodParams nab = LikelihoodParams.forFile(stream.records(), a.history(), a.reestimationPeriod(), a.averagingWindow());
      int learning = a.learningPeriod().orElse(nab.learningPeriod());
      int samples = a.estimationSamples().orElse(nab.estimationSamples());
      spatial = a.spatialTolerance().orElse(Double.NaN);
      lk = new LikelihoodParams(learning, samples, a.history(), a.reestimationPeriod(), a.averagingWindow());
    }
    return new Resolved(inputs, spParams, region.learn() && sp.learn(), tmParams, region.learn(), lk, valueField, spatial,
        btParams);
  }

  /** The backtracking memory's settings, or null for the columnar memory; checks what it needs of the shared ones. */
  private static BacktrackParams backtrackParams(RegionSpec.Memory tm, TmParams shared) {
    if (tm.backtracking().isEmpty()) return null;
    RegionSpec.Backtracking b = tm.backtracking().get();
    String conflict = BacktrackParams.conflict(shared);
    if (conflict != null) throw new IllegalArgumentException(conflict);
    return new BacktrackParams(b.pamLength(), b.maxInfBacktrack(), b.maxLrnBacktrack(), b.maxSequenceLength(),
        (float) b.globalDecay(), b.maxAge());
  }

  private static SpParams poolerParams(RegionSpec.Pooler sp, int inputWidth, long seed) {
    return new SpParams(inputWidth, sp.columns(), sp.potentialRadius(), sp.potentialPct(), sp.sparsity(),
        sp.globalInhibition(), sp.stimulusThreshold(), (float) sp.synPermActiveInc(), (float) sp.synPermInactiveDec(),
        (float) sp.synPermConnected(), sp.minPctOverlapDutyCycle(), sp.dutyCyclePeriod(), sp.boost(), seed);
  }

  private static TmParams memoryParams(RegionSpec.Pooler sp, RegionSpec.Memory tm, long seed) {
    return new TmParams(sp.columns(), tm.cellsPerColumn(), tm.activationThreshold(), tm.minThreshold(),
        tm.maxNewSynapses(), (float) tm.initialPermanence(), (float) tm.connectedPermanence(), (float) tm.permanenceInc(),
        (float) tm.permanenceDec(), (float) tm.predictedSegmentDec(), tm.maxSegmentsPerCell(), tm.maxSynapsesPerSegment(),
        seed);
  }

  /** The encoder of {@code e}; {@code autoResolution} stands for `resolution = auto` (found from the data). */
  private static FieldEncoder encoder(RegionSpec.Encoder e, double autoResolution) {
    if (e instanceof RegionSpec.Rdse r) {
      int active = r.activeBits() > 0 ? r.activeBits() : RdseEncoder.activeBitsFor(r.size(), r.sparsity());
      return new RdseEncoder(r.size(), active, r.resolution().orElse(autoResolution), r.seed());
    }
    if (e instanceof RegionSpec.Scalar s) {
      return new ScalarEncoder(s.min(), s.max(), s.size(), s.activeBits(), s.periodic(), s.clip());
    }
    if (e instanceof RegionSpec.Date d) {
      return new DateEncoder(d.timeOfDay(), d.timeOfDayRadius(), d.weekend(), d.dayOfWeek(), d.dayOfWeekRadius());
    }
    RegionSpec.Category c = (RegionSpec.Category) e;
    return new CategoryEncoder(c.size(), c.activeBits());
  }

  /** A problem of a region that does not depend on the data: at an encoder (or null: the region). */
  public record ModelProblem(HtmEncoder encoder, String message) {}

  /**
   * What {@link #resolve} would refuse in {@code region} whatever the data: an encoder, spatial
   * pooler or temporal memory whose settings do not go together (a scalar range with min >= max,
   * a date encoder with every feature off, ...). Empty when only the data can decide.
   */
  public static java.util.Optional<ModelProblem> modelProblem(HtmRegion region) {
    RegionSpec spec = RegionSpec.of(region);
    List<HtmModel.Input> inputs = new ArrayList<>();
    for (int i = 0; i < spec.encoders().size(); i++) {
      RegionSpec.Encoder e = spec.encoders().get(i);
      try {
        inputs.add(new HtmModel.Input(inputs.size(), encoder(e, 1.0)));
      } catch (IllegalArgumentException x) {
        return java.util.Optional.of(new ModelProblem(region.encoders().get(i), "encoder of `" + e.field() + "`: " + x.getMessage()));
      }
    }
    if (inputs.isEmpty()) return java.util.Optional.empty();
    try {
      poolerParams(spec.pooler(), HtmModel.inputWidth(inputs), 0);
      backtrackParams(spec.memory(), memoryParams(spec.pooler(), spec.memory(), 0));
    } catch (IllegalArgumentException x) {
      return java.util.Optional.of(new ModelProblem(null, "region `" + region.name() + "`: " + x.getMessage()));
    }
    return java.util.Optional.empty();
  }

  /** A fresh model of the resolved region on a backend. */
  public static HtmModel build(Resolved r, HtmBackend backend) {
    brainc.runtime.htm.SpatialPooler sp;
    brainc.runtime.htm.SequenceMemory tm;
    if (r.backtracking() == null) {
      HtmBackend.Pair pair = backend.build(r.sp(), r.tm());
      sp = pair.spatialPooler();
      tm = pair.temporalMemory();
    } else {
      HtmBackend.BacktrackingPair pair = backend.buildBacktracking(r.sp(), r.tm(), r.backtracking());
      sp = pair.spatialPooler();
      tm = pair.temporalMemory();
    }
    return new HtmModel(r.inputs(), sp, tm,
        r.likelihood() == null ? null : new AnomalyLikelihood(r.likelihood()), r.spLearn(), r.tmLearn(), r.valueField(),
        r.spatialTolerance());
  }
}
