package brainc.compiler.passes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What passes share besides the IR: the decisions they explain (`brainc compile --explain`),
 * the time each took, the options that steer them and the target's cost model.
 */
public final class PassContext {
  private final List<String> explanations = new ArrayList<>();
  private final Map<String, Long> timings = new LinkedHashMap<>();
  private final Options options;
  private String target = "";
  private PipelineSpec.CostModel costModel = PipelineSpec.KERNEL.costModel();
  private java.util.Set<String> freeParameters = java.util.Set.of();
  private final Map<String, Double> parameterDefaults = new LinkedHashMap<>();

  public PassContext(Options options) {
    this.options = options;
  }

  public PassContext() {
    this(Options.DEFAULTS);
  }

  public Options options() {
    return options;
  }

  /** The network being compiled for a run; passes that specialise work on it alone. */
  public String target() {
    return target;
  }

  public PassContext target(String network) {
    this.target = network;
    return this;
  }

  /**
   * The model parameters that stay free (one value per instance, read by the kernels) instead of
   * being folded: {@code pop.param} or {@code projection.weight}, see {@link FreeParameters}.
   */
  public java.util.Set<String> freeParameters() {
    return freeParameters;
  }

  public PassContext freeParameters(java.util.Set<String> names) {
    this.freeParameters = java.util.Set.copyOf(names);
    return this;
  }

  /** The value each free parameter would have been folded to, as {@code specialize-params} found it. */
  public Map<String, Double> parameterDefaults() {
    return java.util.Collections.unmodifiableMap(parameterDefaults);
  }

  /** Records the folded value of free parameter {@code name}. */
  public void parameterDefault(String name, double value) {
    parameterDefaults.put(name, value);
  }

  /** Records a decision, e.g. "all.v: exact propagator (linear, 3 coupled states)". */
  public void explain(String pass, String decision) {
    explanations.add(pass + ": " + decision);
  }

  /**
   * The decisions, then one line per pass with the time it took ({@code time: NAME 1.234 ms}),
   * which is how {@code --explain} shows per-pass timing.
   */
  public List<String> explanations() {
    List<String> all = new ArrayList<>(explanations);
    timings.forEach((pass, nanos) -> all.add(String.format(Locale.ROOT, "time: %s %.3f ms", pass, nanos / 1e6)));
    return List.copyOf(all);
  }

  /** Adds {@code nanos} to the time {@code pass} took (the pass manager calls it after each pass). */
  public void timed(String pass, long nanos) {
    timings.merge(pass, nanos, Long::sum);
  }

  /** Nanoseconds per pass, in the order the passes first ran. */
  public Map<String, Long> timings() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }

  /**
   * The thresholds of the target being compiled for; options that set another procedural
   * threshold than the default override the target's.
   */
  public PipelineSpec.CostModel costModel() {
    return options.proceduralThreshold() == Options.DEFAULTS.proceduralThreshold() ? costModel
        : costModel.withProceduralThreshold(options.proceduralThreshold());
  }

  /** Compiles for a target with this cost model (the pipeline sets it from its spec). */
  public PassContext costModel(PipelineSpec.CostModel model) {
    this.costModel = model;
    return this;
  }

  /**
   * @param doublePrecision float64 state instead of the default float32
   * @param proceduralThreshold synapse count above which static connections are regenerated, not stored
   */
  public record Options(boolean doublePrecision, long proceduralThreshold) {
    /** Single precision; the procedural threshold of the kernel targets' cost model. */
    public static final Options DEFAULTS = new Options(false, PipelineSpec.KERNEL_COSTS.proceduralThreshold());
  }
}
