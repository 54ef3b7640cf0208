package brainc.ir.spec;

import brainc.ir.model.BoolConst;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.HtmEncoder;
import brainc.ir.model.HtmRegion;
import brainc.ir.model.Setting;
import brainc.ir.model.StrConst;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An HTM region's settings as typed fields, decoded once from the model IR, where lowering has
 * filled in every setting the model leaves out with the Catalog's default (the defaults live
 * there only). Consumers ({@code codegen.htm.RegionBuilder}) read fields, never names. A word
 * such as {@code auto} or {@code off} is an empty optional. Whole numbers are the settings
 * rounded, flags are booleans or numbers other than 0, as the checker accepts them.
 */
public record RegionSpec(String name, boolean learn, List<Encoder> encoders, Pooler pooler, Memory memory, Anomaly anomaly) {
  public RegionSpec {
    encoders = List.copyOf(encoders);
  }

  /** One encoder: the record field it reads. In the order of the region's {@code encode} lines. */
  public sealed interface Encoder permits Rdse, Scalar, Date, Category {
    String field();
  }

  /** {@code rdse}: {@code resolution} empty for {@code auto} (found from the data). */
  public record Rdse(String field, int size, double sparsity, int activeBits, OptionalDouble resolution, double autoPadding,
      int seed) implements Encoder {}

  public record Scalar(String field, double min, double max, int size, int activeBits, boolean periodic, boolean clip)
      implements Encoder {}

  public record Date(String field, int timeOfDay, double timeOfDayRadius, int weekend, int dayOfWeek, double dayOfWeekRadius)
      implements Encoder {}

  public record Category(String field, int size, int activeBits) implements Encoder {}

  /** The spatial pooler's section. */
  public record Pooler(int columns, int potentialRadius, double potentialPct, double sparsity, boolean globalInhibition,
      int stimulusThreshold, double synPermActiveInc, double synPermInactiveDec, double synPermConnected,
      double minPctOverlapDutyCycle, int dutyCyclePeriod, double boost, boolean learn, int seed) {}

  /**
   * The temporal memory's section; {@code backtracking} present for {@code kind = backtracking}
   * (NuPIC's backtracking memory), empty for the columnar default.
   */
  public record Memory(int cellsPerColumn, int activationThreshold, int minThreshold, int maxNewSynapses,
      double initialPermanence, double connectedPermanence, double permanenceInc, double permanenceDec,
      double predictedSegmentDec, int maxSegmentsPerCell, int maxSynapsesPerSegment, int seed,
      java.util.Optional<Backtracking> backtracking) {}

  /** The settings only the backtracking memory reads. */
  public record Backtracking(int pamLength, int maxInfBacktrack, int maxLrnBacktrack, int maxSequenceLength,
      double globalDecay, int maxAge) {}

  /** How the raw score becomes the region's score. */
  public sealed interface Anomaly permits Raw, Likelihood {}

  /** {@code raw}: the fraction of active columns that were not predicted. */
  public record Raw() implements Anomaly {}

  /**
   * {@code likelihood}: {@code learningPeriod} and {@code estimationSamples} empty for {@code
   * auto} (NAB's probationary period of the stream), {@code spatialTolerance} empty for {@code off}.
   */
  public record Likelihood(OptionalInt learningPeriod, OptionalInt estimationSamples, int history, int reestimationPeriod,
      int averagingWindow, OptionalDouble spatialTolerance) implements Anomaly {}

  /** The spec of {@code region}, lowered (every setting present). */
  public static RegionSpec of(HtmRegion region) {
    List<Encoder> encoders = new ArrayList<>();
    for (HtmEncoder e : region.encoders()) encoders.add(encoder(e));
    Settings sp = new Settings("spatial_pooler", region.spatialPooler());
    Settings tm = new Settings("temporal_memory", region.temporalMemory());
    Pooler pooler = new Pooler(sp.whole("columns"), sp.whole("potential_radius"), sp.real("potential_pct"),
        sp.real("sparsity"), sp.flag("global_inhibition"), sp.whole("stimulus_threshold"), sp.real("syn_perm_active_inc"),
        sp.real("syn_perm_inactive_dec"), sp.real("syn_perm_connected"), sp.real("min_pct_overlap_duty_cycle"),
        sp.whole("duty_cycle_period"), sp.real("boost"), sp.flag("learn"), sp.whole("seed"));
    Memory memory = new Memory(tm.whole("cells_per_column"), tm.whole("activation_threshold"), tm.whole("min_threshold"),
        tm.whole("max_new_synapses"), tm.real("initial_permanence"), tm.real("connected_permanence"),
        tm.real("permanence_inc"), tm.real("permanence_dec"), tm.real("predicted_segment_dec"),
        tm.whole("max_segments_per_cell"), tm.whole("max_synapses_per_segment"), tm.whole("seed"),
        tm.word("kind").equals("backtracking")
            ? java.util.Optional.of(new Backtracking(tm.whole("pam_length"), tm.whole("max_inf_backtrack"),
                tm.whole("max_lrn_backtrack"), tm.whole("max_sequence_length"), tm.real("global_decay"), tm.whole("max_age")))
            : java.util.Optional.empty());
    Anomaly anomaly;
    if (region.anomaly().kind().equals("likelihood")) {
      Settings a = new Settings("anomaly", region.anomaly().settings());
      anomaly = new Likelihood(
          a.isWord("learning_period") ? OptionalInt.empty() : OptionalInt.of(a.whole("learning_period")),
          a.isWord("estimation_samples") ? OptionalInt.empty() : OptionalInt.of(a.whole("estimation_samples")),
          a.whole("history"), a.whole("reestimation_period"), a.whole("averaging_window"),
          a.isWord("spatial_tolerance") ? OptionalDouble.empty() : OptionalDouble.of(a.real("spatial_tolerance")));
    } else {
      anomaly = new Raw();
    }
    return new RegionSpec(region.name(), new Settings("region", region.settings()).flag("learn"), encoders, pooler, memory,
        anomaly);
  }

  private static Encoder encoder(HtmEncoder e) {
    Settings s = new Settings("encoder " + e.field(), e.settings());
    return switch (e.kind()) {
      case "rdse" -> new Rdse(e.field(), s.whole("size"), s.real("sparsity"), s.whole("active_bits"),
          s.isWord("resolution") ? OptionalDouble.empty() : OptionalDouble.of(s.real("resolution")), s.real("auto_padding"),
          s.whole("seed"));
      case "scalar" -> new Scalar(e.field(), s.real("min"), s.real("max"), s.whole("size"), s.whole("active_bits"),
          s.flag("periodic"), s.flag("clip"));
      case "date" -> new Date(e.field(), s.whole("time_of_day"), s.real("time_of_day_radius"), s.whole("weekend"),
          s.whole("day_of_week"), s.real("day_of_week_radius"));
      case "category" -> new Category(e.field(), s.whole("size"), s.whole("active_bits"));
      default -> throw new IllegalStateException("unknown HTM encoder " + e.kind());
    };
  }

  /** The one place that reads a section's settings by name. */
  private static final class Settings {
    private final String where;
    private final List<Setting> settings;

    Settings(String where, List<Setting> settings) {
      this.where = where;
      this.settings = settings;
    }

    Expr get(String name) {
      for (Setting s : settings) if (s.name().equals(name)) return s.value();
      throw new IllegalStateException(where + " has no setting `" + name + "`");
    }

    /** A choice's word. */
    String word(String name) {
      Expr e = get(name);
      if (e instanceof StrConst w) return w.value();
      throw new IllegalStateException(where + ": `" + name + "` is not a word: " + e);
    }

    /** A word (`auto`, `off`) where a number may stand. */
    boolean isWord(String name) {
      return get(name) instanceof StrConst;
    }

    double real(String name) {
      Expr e = get(name);
      if (e instanceof Const c) return c.value();
      if (e instanceof BoolConst b) return b.value() ? 1 : 0;
      throw new IllegalStateException(where + ": `" + name + "` is not a number: " + e);
    }

    int whole(String name) {
      return (int) Math.round(real(name));
    }

    boolean flag(String name) {
      Expr e = get(name);
      if (e instanceof BoolConst b) return b.value();
      return real(name) != 0;
    }
  }
}
