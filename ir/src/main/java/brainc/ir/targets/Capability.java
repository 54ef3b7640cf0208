package brainc.ir.targets;

/**
 * One thing an engine or a target can do, as a program needs it. An engine declares the set it
 * has ({@link TargetInfo#capabilities()}); the capability check finds what a statement needs and
 * reports each missing one as an E11xx diagnostic at the construct that needs it.
 */
public enum Capability {
  // ---- every program kind ----
  SNAPSHOT("snapshot", "saves and restores its whole state (checkpoints, --resume)"),
  THREADS("threads", "runs coarse work on several threads with results independent of their number"),
  FLOAT64("float64", "computes in double precision (--float64)"),

  // ---- kernel IR ----
  EXACT_INTEGRATION("exact-integration", "linear ODEs by exact propagators (matrix exponential)"),
  RK4("rk4", "nonlinear neuron ODEs by fourth-order Runge-Kutta, one sub-step per time step"),
  SYNAPSE_ODES("synapse-odes", "per-synapse differential equations, integrated as the interpreter does"),
  PLASTICITY("plasticity", "per-synapse variables, traces, on pre / on post handlers, third factors"),
  DELAYS("delays", "homogeneous and per-synapse transmission delays"),
  PROCEDURAL_CONNECTIVITY("procedural-connectivity", "connections regenerated from the seed instead of stored"),
  CLOSED_LOOP("closed-loop", "host ports for an environment: inputs, reward, readouts (train ... in environment)"),

  // ---- tensor IR ----
  SURROGATE_GRADIENTS("surrogate-gradients", "BPTT through spiking layers with surrogate derivatives"),
  VECTOR_KERNELS("vector-kernels", "dense kernels on the JDK's Vector API"),

  // ---- HTM ----
  HTM("htm", "spatial pooler, temporal memory and anomaly likelihood"),

  // ---- artifacts ----
  PROPERTY_TESTS("property-tests", "synapse property tests (jqwik) generated as Java source"),
  GRAPH_EXPORT("graph-export", "the network as a NIR graph of neuron and weight nodes (neuromorphic tools and chips)");

  private final String id;
  private final String summary;

  Capability(String id, String summary) {
    this.id = id;
    this.summary = summary;
  }

  /** The kebab-case name `brainc targets` prints. */
  public String id() {
    return id;
  }

  public String summary() {
    return summary;
  }
}
