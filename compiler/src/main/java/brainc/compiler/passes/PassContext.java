package brainc.compiler.passes;

import java.util.ArrayList;
import java.util.List;

/**
 * What passes share besides the IR: the decisions they explain (`brainc compile --explain`) and
 * the options that steer them.
 */
public final class PassContext {
  private final List<String> explanations = new ArrayList<>();
  private final Options options;
  private String target = "";

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

  /** Records a decision, e.g. "all.v: exact propagator (linear, 3 coupled states)". */
  public void explain(String pass, String decision) {
    explanations.add(pass + ": " + decision);
  }

  public List<String> explanations() {
    return List.copyOf(explanations);
  }

  /**
   * @param doublePrecision float64 state instead of the default float32
   * @param proceduralThreshold synapse count above which static connections are regenerated, not stored
   */
  public record Options(boolean doublePrecision, long proceduralThreshold) {
    public static final Options DEFAULTS = new Options(false, 50_000_000L);
  }
}
