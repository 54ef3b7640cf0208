package brainc.codegen.htm;

import brainc.ir.model.HtmEncoder;
import brainc.ir.model.HtmRegion;
import brainc.ir.model.StrConst;
import brainc.runtime.htm.AnomalyLikelihood;
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
      LikelihoodParams likelihood, int valueField, double spatialTolerance) {}

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

  public static Resolved resolve(HtmRegion region, RecordStream stream, long seedOverride) throws StreamMismatch {
    List<HtmModel.Input> inputs = new ArrayList<>();
    int valueField = -1;
    for (HtmEncoder e : region.encoders()) {
      int field = stream.column(e.field());
      if (field < 0) {
        throw new StreamMismatch("region `" + region.name() + "` encodes field `" + e.field()
            + "`, which the file does not have (its header: " + String.join(",", stream.header()) + ")");
      }
      HtmSettings s = new HtmSettings("encoder " + e.field(), e.settings());
      double autoResolution = Double.NaN;
      if (e.kind().equals("rdse") && s.isAuto("resolution")) {
        double[] range = stream.range(field);
        if (Double.isNaN(range[0])) throw new StreamMismatch("field `" + e.field() + "` has no numbers, so `resolution = auto` has no range");
        if (!Double.isFinite(range[1] - range[0])) {
          throw new StreamMismatch("field `" + e.field() + "` spans " + range[0] + " .. " + range[1]
              + ", too wide for `resolution = auto` to give a finite bucket width; give a resolution");
        }
        double padding = s.real("auto_padding");
        autoResolution = Math.max(MIN_RESOLUTION, (range[1] - range[0]) * (1 + 2 * padding) / AUTO_BUCKETS);
      }
      FieldEncoder enc;
      try {
        enc = encoder(e, s, autoResolution);
      } catch (IllegalArgumentException x) {
        throw new StreamMismatch("encoder of `" + e.field() + "`: " + x.getMessage());
      }
      if (!e.kind().equals("date") && !e.kind().equals("category") && valueField < 0) valueField = field;
      inputs.add(new HtmModel.Input(field, enc));
    }
    if (inputs.isEmpty()) throw new StreamMismatch("region `" + region.name() + "` has no `encode` line");
    boolean learn = new HtmSettings("region", region.settings()).flag("learn");
    HtmSettings sp = new HtmSettings("spatial_pooler", region.spatialPooler());
    HtmSettings tm = new HtmSettings("temporal_memory", region.temporalMemory());
    long spSeed = seedOverride >= 0 ? seedOverride : sp.whole("seed");
    long tmSeed = seedOverride >= 0 ? seedOverride + 1 : tm.whole("seed");
    SpParams spParams;
    TmParams tmParams;
    try {
      spParams = new SpParams(HtmModel.inputWidth(inputs), sp.whole("columns"), sp.whole("potential_radius"),
          sp.real("potential_pct"), sp.real("sparsity"), sp.flag("global_inhibition"), sp.whole("stimulus_threshold"),
          (float) sp.real("syn_perm_active_inc"), (float) sp.real("syn_perm_inactive_dec"),
          (float) sp.real("syn_perm_connected"), sp.real("min_pct_overlap_duty_cycle"), sp.whole("duty_cycle_period"),
          sp.real("boost"), spSeed);
      tmParams = new TmParams(sp.whole("columns"), tm.whole("cells_per_column"), tm.whole("activation_threshold"),
          tm.whole("min_threshold"), tm.whole("max_new_synapses"), (float) tm.real("initial_permanence"),
          (float) tm.real("connected_permanence"), (float) tm.real("permanence_inc"), (float) tm.real("permanence_dec"),
          (float) tm.real("predicted_segment_dec"), tm.whole("max_segments_per_cell"),
          tm.whole("max_synapses_per_segment"), tmSeed);
    } catch (IllegalArgumentException x) {
      throw new StreamMismatch("region `" + region.name() + "`: " + x.getMessage());
    }
    LikelihoodParams lk = null;
    double spatial = Double.NaN;
    if (region.anomaly().kind().equals("likelihood")) {
      HtmSettings a = new HtmSettings("anomaly", region.anomaly().settings());
      LikelihoodParams nab = LikelihoodParams.forFile(stream.records(), a.whole("history"),
          a.whole("reestimation_period"), a.whole("averaging_window"));
      int learning = a.isAuto("learning_period") ? nab.learningPeriod() : a.whole("learning_period");
      int samples = a.isAuto("estimation_samples") ? nab.estimationSamples() : a.whole("estimation_samples");
      if (!(a.get("spatial_tolerance") instanceof StrConst)) { // `off` is the only word it takes
        spatial = a.real("spatial_tolerance");
      }
      lk = new LikelihoodParams(learning, samples, a.whole("history"), a.whole("reestimation_period"),
          a.whole("averaging_window"));
    }
    return new Resolved(inputs, spParams, learn && sp.flag("learn"), tmParams, learn, lk, valueField, spatial);
  }

  /** The encoder of {@code e}; {@code autoResolution} stands for `resolution = auto` (found from the data). */
  private static FieldEncoder encoder(HtmEncoder e, HtmSettings s, double autoResolution) {
    return switch (e.kind()) {
      case "rdse" -> {
        int size = s.whole("size");
        int active = s.whole("active_bits") > 0 ? s.whole("active_bits") : RdseEncoder.activeBitsFor(size, s.real("sparsity"));
        double resolution = s.isAuto("resolution") ? autoResolution : s.real("resolution");
        yield new RdseEncoder(size, active, resolution, s.whole("seed"));
      }
      case "scalar" -> new ScalarEncoder(s.real("min"), s.real("max"), s.whole("size"), s.whole("active_bits"),
          s.flag("periodic"), s.flag("clip"));
      case "date" -> new DateEncoder(s.whole("time_of_day"), s.real("time_of_day_radius"), s.whole("weekend"),
          s.whole("day_of_week"), s.real("day_of_week_radius"));
      case "category" -> new CategoryEncoder(s.whole("size"), s.whole("active_bits"));
      default -> throw new IllegalStateException("unknown HTM encoder " + e.kind());
    };
  }

  /** A problem of a region that does not depend on the data: at an encoder (or null: the region). */
  public record ModelProblem(HtmEncoder encoder, String message) {}

  /**
   * What {@link #resolve} would refuse in {@code region} whatever the data: an encoder, spatial
   * pooler or temporal memory whose settings do not go together (a scalar range with min >= max,
   * a date encoder with every feature off, ...). Empty when only the data can decide.
   */
  public static java.util.Optional<ModelProblem> modelProblem(HtmRegion region) {
    List<HtmModel.Input> inputs = new ArrayList<>();
    for (HtmEncoder e : region.encoders()) {
      try {
        inputs.add(new HtmModel.Input(inputs.size(), encoder(e, new HtmSettings("encoder " + e.field(), e.settings()), 1.0)));
      } catch (IllegalArgumentException x) {
        return java.util.Optional.of(new ModelProblem(e, "encoder of `" + e.field() + "`: " + x.getMessage()));
      }
    }
    if (inputs.isEmpty()) return java.util.Optional.empty();
    HtmSettings sp = new HtmSettings("spatial_pooler", region.spatialPooler());
    HtmSettings tm = new HtmSettings("temporal_memory", region.temporalMemory());
    try {
      new SpParams(HtmModel.inputWidth(inputs), sp.whole("columns"), sp.whole("potential_radius"),
          sp.real("potential_pct"), sp.real("sparsity"), sp.flag("global_inhibition"), sp.whole("stimulus_threshold"),
          (float) sp.real("syn_perm_active_inc"), (float) sp.real("syn_perm_inactive_dec"),
          (float) sp.real("syn_perm_connected"), sp.real("min_pct_overlap_duty_cycle"), sp.whole("duty_cycle_period"),
          sp.real("boost"), 0);
      new TmParams(sp.whole("columns"), tm.whole("cells_per_column"), tm.whole("activation_threshold"),
          tm.whole("min_threshold"), tm.whole("max_new_synapses"), (float) tm.real("initial_permanence"),
          (float) tm.real("connected_permanence"), (float) tm.real("permanence_inc"), (float) tm.real("permanence_dec"),
          (float) tm.real("predicted_segment_dec"), tm.whole("max_segments_per_cell"),
          tm.whole("max_synapses_per_segment"), 0);
    } catch (IllegalArgumentException x) {
      return java.util.Optional.of(new ModelProblem(null, "region `" + region.name() + "`: " + x.getMessage()));
    }
    return java.util.Optional.empty();
  }

  /** A fresh model of the resolved region on a backend. */
  public static HtmModel build(Resolved r, HtmBackend backend) {
    HtmBackend.Pair pair = backend.build(r.sp(), r.tm());
    return new HtmModel(r.inputs(), pair.spatialPooler(), pair.temporalMemory(),
        r.likelihood() == null ? null : new AnomalyLikelihood(r.likelihood()), r.spLearn(), r.tmLearn(), r.valueField(),
        r.spatialTolerance());
  }
}
