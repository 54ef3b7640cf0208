package brainc.compiler.sema;

import brainc.compiler.sema.ParamSpec.Expect;
import brainc.ir.units.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every built-in constructor and family section of the language, with its parameters, defaults
 * and documentation. The checker validates calls and settings against it, lowering fills in its
 * defaults, and {@code docs/families.md} is generated from it, so the three never disagree.
 */
public final class Catalog {
  private static final Dimension NONE = Dimension.NONE;
  private static final Dimension TIME = Dimension.TIME;
  private static final Dimension HZ = Dimension.TIME.inverse();
  private static final double INF = Double.POSITIVE_INFINITY;

  /** Family name → constructors (or sections) by name, in documentation order. */
  private static final Map<String, Map<String, Signature>> FAMILIES = new LinkedHashMap<>();
  private static final Map<String, String> FAMILY_DOCS = new LinkedHashMap<>();

  static {
    family("kernel", "Input kernels: how a delivered weight shapes the drive of an input port over time.");
    add("kernel", "exp", "Exponentially decaying drive: jumps by the weight on a spike, decays with `tau`.",
        req("tau", pos(TIME, INF), "Decay time constant."));
    add("kernel", "alpha", "Alpha-function drive `(t / tau) e^(1 - t / tau)`, peaking `tau` after the spike.",
        req("tau", pos(TIME, INF), "Time to peak."));
    add("kernel", "delta", "The weight is added to the port for the one step in which the spike arrives.");

    family("surrogate", "Surrogate gradients: the derivative used for a spike's Heaviside step in training.");
    add("surrogate", "atan", "`(alpha / 2) / (1 + (pi / 2 * alpha * x)^2)` (snnTorch's ATan).",
        opt("alpha", pos(NONE, INF), 2.0, "Steepness."));
    add("surrogate", "fast_sigmoid", "`1 / (slope * |x| + 1)^2` (SuperSpike).",
        opt("slope", pos(NONE, INF), 25.0, "Steepness."));
    add("surrogate", "triangle", "`max(0, 1 - |x| / width)`.",
        opt("width", pos(NONE, INF), 1.0, "Half-width of the triangle."));
    add("surrogate", "straight_through", "Passes the gradient through unchanged (derivative 1).");

    family("encoder", "Encoders of network inputs: how a value in [0, 1] per input becomes spikes or current.");
    add("encoder", "rate", "Poisson spikes with rate `value * max` (alias of `poisson`).",
        opt("max", pos(HZ, INF), 100.0, "Rate for a value of 1."));
    add("encoder", "poisson", "Poisson spikes with rate `value * max`; `steps` fixes the presentation length.",
        opt("max", pos(HZ, INF), 100.0, "Rate for a value of 1."),
        opt("steps", whole(0, Integer.MAX_VALUE), 0.0, "Time steps per sample (0: the run's duration)."));
    add("encoder", "bernoulli", "One spike per step with probability `value` (snnTorch's `spikegen.rate`).",
        opt("steps", whole(1, Integer.MAX_VALUE), 25.0, "Time steps per sample."),
        opt("gain", pos(NONE, INF), 1.0, "Multiplies the value before it is used as a probability."));
    add("encoder", "latency", "One spike per input, earlier for larger values: `t = tau * ln(value / (value - threshold))`.",
        opt("tau", pos(TIME, INF), 0.005, "Time constant of the latency code."),
        opt("threshold", q(NONE, 0, 1), 0.01, "Values below it never spike."),
        opt("steps", whole(1, Integer.MAX_VALUE), 25.0, "Time steps per sample."));
    add("encoder", "direct", "The value itself is the input current, every step.",
        opt("steps", whole(1, Integer.MAX_VALUE), 25.0, "Time steps per sample (in training on a dataset)."));
    add("encoder", "rows", "A sequence: each sample of `steps * SIZE` values (an image of `steps` rows) is fed one "
        + "row of `SIZE` values per step, as currents or, with `spikes = true`, as Bernoulli spikes (probability = value).",
        opt("steps", whole(1, Integer.MAX_VALUE), 28.0, "Rows per sample, one per time step."),
        opt("spikes", flag(), false, "Bernoulli spikes instead of the values as currents."));
    add("encoder", "fields", "Population code (Gaussian receptive fields): each value drives `count` Poisson channels "
        + "whose preferred values are spread evenly over [0, 1]; channel `i * count + j` of value `i` fires at "
        + "`max * exp(-(value - j / (count - 1))^2 / (2 * width^2))`. The input then has `size * count` spike sources.",
        opt("count", whole(2, 4096), 8.0, "Channels per value."),
        opt("width", pos(NONE, INF), 0.1, "Standard deviation of each tuning curve, in units of the value."),
        opt("max", pos(HZ, INF), 100.0, "Rate of a channel at its preferred value."));

    family("htm_encoder", "HTM encoders: how a field of a record becomes active bits of the input SDR.");
    add("htm_encoder", "rdse", "Random distributed scalar encoder (hash-based, as in htm.core).",
        opt("size", whole(1, 1 << 20), 400.0, "Number of bits."),
        opt("sparsity", pos(NONE, 1), 0.05, "Fraction of active bits (used when `active_bits` is 0)."),
        opt("active_bits", whole(0, 1 << 20), 0.0, "Number of active bits; 0 derives it from `sparsity`."),
        optChoice("resolution", List.of("auto"), true, "auto",
            "Values closer than this share most bits; `auto`: max(0.001, (max - min) / 130) over the stream's values."),
        opt("auto_padding", q(NONE, 0, INF), 0.0,
            "For `resolution = auto`: widen the range by this fraction of it on each side first (Numenta's NAB detector: 0.2)."),
        opt("seed", whole(0, Integer.MAX_VALUE), 42.0, "Seed of the hash."));
    add("htm_encoder", "scalar", "Contiguous-block scalar encoder over [min, max].",
        req("min", q(NONE, -INF, INF), "Smallest value."),
        req("max", q(NONE, -INF, INF), "Largest value."),
        opt("size", whole(1, 1 << 20), 400.0, "Number of bits."),
        opt("active_bits", whole(1, 1 << 20), 21.0, "Width of the active block."),
        opt("periodic", flag(), false, "Wrap around at the ends."),
        opt("clip", flag(), true, "Clip values outside [min, max] instead of rejecting them."));
    add("htm_encoder", "date", "Date and time encoder; a feature is off when its width is 0.",
        opt("time_of_day", whole(0, 1 << 16), 0.0, "Active bits for the time of day."),
        opt("time_of_day_radius", q(NONE, 0, 24), 4.0, "Hours over which times of day overlap."),
        opt("weekend", whole(0, 1 << 16), 0.0, "Active bits for weekend vs weekday."),
        opt("day_of_week", whole(0, 1 << 16), 0.0, "Active bits for the day of the week."),
        opt("day_of_week_radius", q(NONE, 0, 7), 1.0, "Days over which days of the week overlap."));
    add("htm_encoder", "category", "One disjoint block of bits per category.",
        opt("size", whole(1, 1 << 20), 100.0, "Number of bits."),
        opt("active_bits", whole(1, 1 << 20), 21.0, "Bits per category."));

    family("htm_section", "Sections of an HTM region (htm.core-compatible names and defaults).");
    add("htm_section", "spatial_pooler", "The spatial pooler: columns compete for the input SDR.",
        opt("columns", whole(1, 1 << 22), 2048.0, "Number of columns."),
        opt("potential_radius", whole(0, 1 << 22), 0.0, "Input bits a column can reach; 0 means all."),
        opt("potential_pct", pos(NONE, 1), 0.85, "Fraction of the reachable inputs in a column's potential pool."),
        opt("sparsity", pos(NONE, 1), 0.02, "Fraction of columns active after inhibition."),
        opt("global_inhibition", flag(), true, "Inhibition over all columns (true) or local neighbourhoods."),
        opt("stimulus_threshold", whole(0, 1 << 20), 0.0, "Minimum overlap for a column to compete."),
        opt("syn_perm_active_inc", q(NONE, 0, 1), 0.05, "Permanence increment of active inputs."),
        opt("syn_perm_inactive_dec", q(NONE, 0, 1), 0.008, "Permanence decrement of inactive inputs."),
        opt("syn_perm_connected", q(NONE, 0, 1), 0.1, "Permanence at which a synapse connects."),
        opt("min_pct_overlap_duty_cycle", q(NONE, 0, 1), 0.001, "Minimum overlap duty cycle, as a fraction of the neighbourhood's best."),
        opt("duty_cycle_period", whole(1, Integer.MAX_VALUE), 1000.0, "Period of the duty-cycle averages."),
        opt("boost", q(NONE, 0, INF), 0.0, "Boost strength; 0 disables boosting."),
        opt("learn", flag(), true, "Whether the pooler adapts its permanences."),
        opt("seed", whole(0, Integer.MAX_VALUE), 1.0, "Seed of the potential pools and permanences."));
    add("htm_section", "temporal_memory", "The temporal memory: sequences learned on distal segments.",
        opt("cells_per_column", whole(1, 1024), 32.0, "Cells in each column."),
        opt("activation_threshold", whole(1, 1 << 16), 13.0, "Active synapses for a segment to predict."),
        opt("min_threshold", whole(0, 1 << 16), 10.0, "Potential synapses for a segment to match."),
        opt("max_new_synapses", whole(0, 1 << 16), 20.0, "Synapses grown per learning segment per step."),
        opt("initial_permanence", q(NONE, 0, 1), 0.21, "Permanence of a new synapse."),
        opt("connected_permanence", q(NONE, 0, 1), 0.5, "Permanence at which a synapse connects."),
        opt("permanence_inc", q(NONE, 0, 1), 0.1, "Reinforcement of correct synapses."),
        opt("permanence_dec", q(NONE, 0, 1), 0.1, "Punishment of inactive synapses on learning segments."),
        opt("predicted_segment_dec", q(NONE, 0, 1), 0.0, "Punishment of segments that predicted wrongly."),
        opt("max_segments_per_cell", whole(1, 1 << 16), 255.0, "Segment limit per cell."),
        opt("max_synapses_per_segment", whole(1, 1 << 16), 255.0, "Synapse limit per segment."),
        opt("seed", whole(0, Integer.MAX_VALUE), 42.0, "Seed of the winner-cell tie breaks."),
        optChoice("kind", List.of("columnar", "backtracking"), false, "columnar",
            "`columnar`: htm.core's temporal memory; `backtracking`: NuPIC's backtracking one (`BacktrackingTM`/`Cells4`, "
                + "Numenta's NAB detector), which replays recent inputs from start cells when the current one was not predicted."),
        opt("pam_length", whole(1, 1 << 16), 1.0,
            "Backtracking only: records learning may go out of sequence before it starts over (Numenta's NAB detector: 3)."),
        opt("max_inf_backtrack", whole(0, 1 << 10), 10.0, "Backtracking only: past inputs inference may backtrack over."),
        opt("max_lrn_backtrack", whole(0, 1 << 10), 5.0, "Backtracking only: past inputs learning may backtrack over."),
        opt("max_sequence_length", whole(0, Integer.MAX_VALUE), 32.0,
            "Backtracking only: records after which learning starts a new sequence; 0: never."),
        opt("global_decay", q(NONE, 0, 1), 0.0,
            "Backtracking only: permanence taken off the synapses of segments idle for more than `max_age` records, every `max_age` records."),
        opt("max_age", whole(0, Integer.MAX_VALUE), 0.0, "Backtracking only: see `global_decay`; 0: no decay."));

    family("anomaly", "Anomaly scores of an HTM region.");
    add("anomaly", "raw", "The raw anomaly score: the fraction of active columns that were not predicted.");
    add("anomaly", "likelihood", "Anomaly likelihood (NuPIC style): a rolling normal estimate of the raw score.",
        optChoice("learning_period", List.of("auto"), true, "auto",
            "Records whose scores the estimate skips; `auto`: half of NAB's probationary period (15 % of the stream, at most 750)."),
        optChoice("estimation_samples", List.of("auto"), true, "auto",
            "Records after the learning period before the first estimate; `auto`: the rest of the probationary period."),
        opt("history", whole(1, Integer.MAX_VALUE), 8640.0, "Records in the rolling window."),
        opt("reestimation_period", whole(1, Integer.MAX_VALUE), 100.0, "Records between re-estimates."),
        opt("averaging_window", whole(1, Integer.MAX_VALUE), 10.0, "Moving average of the raw score."),
        optChoice("spatial_tolerance", List.of("off"), true, "off",
            "Score 1 for a value outside the range seen so far widened by this fraction of it (Numenta's NAB detector: 0.05); `off`: never."));

    family("region", "Families of `region` blocks.");
    add("region", "htm", "A hierarchical temporal memory region: encoders, spatial pooler, temporal memory, anomaly.",
        opt("learn", flag(), true, "Learning on or off for the whole region."));

    family("memory", "Working memories of a workspace.");
    add("memory", "cfc", "Closed-form continuous-time cell (ncps `CfCCell`).",
        opt("units", whole(1, 1 << 16), 64.0, "Hidden units."),
        opt("backbone", whole(0, 1 << 16), 128.0, "Units of each backbone layer."),
        opt("backbone_layers", whole(0, 16), 1.0, "Backbone layers (LeCun tanh); 0 for none."),
        optChoice("mode", List.of("default", "no_gate", "pure"), false, "default", "The CfC variant."),
        opt("mixed_memory", flag(), false, "An LSTM cell in front of the CfC (ncps `mixed_memory`)."));
    add("memory", "ltc", "Liquid time-constant cell, solved by `ode_unfolds` fused semi-implicit steps.",
        opt("units", whole(1, 1 << 16), 64.0, "Hidden units."),
        opt("ode_unfolds", whole(1, 64), 6.0, "Solver sub-steps per time step."));
    add("memory", "gru", "Gated recurrent unit.", opt("units", whole(1, 1 << 16), 64.0, "Hidden units."));
    add("memory", "none", "No memory: the workspace content is read out directly.");

    family("agent", "Families of `agent` blocks.");
    add("agent", "active_inference", "A discrete active-inference agent (pymdp semantics).",
        opt("policy_limit", whole(1, Long.MAX_VALUE), 1_000_000.0, "Largest policy space allowed."),
        opt("iterations", whole(1, 1024), 16.0, "Fixed-point iterations of state inference with several factors."));

    family("likelihood", "Constructors of likelihood matrices `A` (columns: states; rows: observations).");
    add("likelihood", "identity", "The observation is the state.");
    add("likelihood", "noisy_identity", "The true level with probability `p`, any other uniformly otherwise.",
        req("p", q(NONE, 0, 1), "Probability of the true level."));
    add("likelihood", "uniform", "Observations carry no information.");

    family("transition", "Constructors of transition matrices `B`.");
    add("transition", "identity", "Every action leaves the state unchanged.");
    add("transition", "grid", "A rows × cols grid with actions up, right, down, left, stay; moves off the grid stay.",
        req("rows", whole(1, 4096), "Rows."),
        req("cols", whole(1, 4096), "Columns."),
        opt("slip", q(NONE, 0, 1), 0.0, "Probability that a move leaves the agent in place."));

    family("prior", "Constructors of prior vectors `D` and preference vectors `C`.");
    add("prior", "uniform", "Every level equally likely.");
    add("prior", "one_hot", "All mass on one level.", req("index", whole(0, Integer.MAX_VALUE), "The level."));

    family("objective", "Planning objectives.");
    add("objective", "efe", "Expected free energy: utility (pragmatic) plus state information gain (epistemic).",
        opt("pragmatic", q(NONE, 0, INF), 1.0, "Weight of the utility term."),
        opt("epistemic", q(NONE, 0, INF), 1.0, "Weight of the information-gain term."));

    family("inductive", "Inductive planning (pymdp `use_inductive`).");
    add("inductive", "inductive", "Adds the value of moving toward states from which the goal is reachable.",
        opt("depth", whole(1, 1 << 16), 1.0, "Steps of the reachability matrix."),
        opt("threshold", q(NONE, 0, 1), 0.1, "Transition probability counted as reachable."),
        opt("epsilon", q(NONE, 0, 1), 0.001, "`ln(epsilon)` is the penalty for not getting closer."));

    family("rules", "Families of `rules` blocks.");
    add("rules", "fuzzy", "A fuzzy rule base (LTN operators).",
        optChoice("logic", List.of("product", "godel", "lukasiewicz"), false, "product",
            "The t-norm: product (Goguen), godel (min) or lukasiewicz."),
        optChoice("implies", List.of("reichenbach", "goguen", "godel", "kleene_dienes", "lukasiewicz"), false,
            "reichenbach", "The implication."),
        opt("forall_p", q(NONE, 1, INF), 2.0, "`p` of the pMeanError aggregator of `forall`."),
        opt("exists_p", q(NONE, 1, INF), 1.0, "`p` of the pMean aggregator of `exists`."),
        opt("threshold", q(NONE, 0, 1), 0.7, "Confidence below which a query goes to forward chaining."),
        opt("max_steps", whole(1, 1 << 16), 8.0, "Rounds of forward chaining."),
        opt("stable", flag(), true, "LTN's stable product (eps = 1e-4) to keep gradients finite."));

    family("meta", "Families of `meta` blocks.");
    add("meta", "maml", "Model-agnostic meta-learning (Finn et al. 2017).",
        opt("first_order", flag(), false, "Drop second-order terms of the meta-gradient."),
        opt("seed", whole(0, Integer.MAX_VALUE), 0.0, "Seed of task sampling and initialisation."));

    family("meta_model", "Models of a meta-learning loop.");
    add("meta_model", "mlp", "A multi-layer perceptron; positional arguments are the layer sizes.",
        optChoice("activation", List.of("relu", "tanh", "sigmoid"), false, "relu", "Hidden activation."));

    family("tasks", "Task distributions of a meta-learning loop.");
    add("tasks", "sinusoid", "Regression of `y = amplitude * sin(x - phase)` (Finn et al. 2017, section 5.1).",
        optRange("amplitude", NONE, 0.1, 5.0, "Range of the amplitude."),
        optRange("phase", NONE, 0.0, Math.PI, "Range of the phase."),
        optRange("x", NONE, -5.0, 5.0, "Range of the inputs."));
    add("tasks", "proto_gauss", "ProtoGauss-64: Gaussian classes whose informative dimensions must be learned.",
        opt("dims", whole(1, 1 << 16), 64.0, "Feature dimensions."),
        opt("informative", whole(1, 1 << 16), 16.0, "Dimensions that carry the class."),
        opt("classes", whole(2, 1 << 20), 100.0, "Meta-training classes."),
        opt("ways", whole(2, 1024), 5.0, "Classes per episode."),
        opt("shots", whole(1, 1024), 1.0, "Support examples per class."),
        opt("queries", whole(1, 1024), 15.0, "Query examples per class."));

    family("meta_section", "Sections of a meta-learning loop.");
    add("meta_section", "inner", "The inner (adaptation) loop.",
        opt("steps", whole(1, 1 << 16), 1.0, "Gradient steps per task."),
        opt("lr", pos(NONE, INF), 0.01, "Inner learning rate alpha."),
        optChoice("loss", List.of("mse", "cross_entropy"), false, "mse", "Task loss."),
        opt("support", whole(1, 1 << 20), 10.0, "Support examples per task (K)."),
        opt("query", whole(1, 1 << 20), 10.0, "Query examples per task for the meta-loss."));
    add("meta_section", "outer", "The outer (meta) loop.",
        optCtor("optimizer", "optimizer", "adam", "Meta-optimizer."),
        opt("tasks_per_batch", whole(1, 1 << 20), 25.0, "Tasks per meta-batch."),
        opt("iterations", whole(1, Integer.MAX_VALUE), 70000.0, "Meta-iterations."));

    family("optimizer", "Optimizers.");
    add("optimizer", "adam", "Adam (Kingma & Ba 2015).",
        opt("lr", pos(NONE, INF), 0.001, "Learning rate."),
        opt("beta1", q(NONE, 0, 1), 0.9, "First-moment decay."),
        opt("beta2", q(NONE, 0, 1), 0.999, "Second-moment decay."),
        opt("eps", pos(NONE, INF), 1e-8, "Denominator guard."),
        opt("weight_decay", q(NONE, 0, INF), 0.0, "L2 weight decay."));
    add("optimizer", "sgd", "Stochastic gradient descent with momentum.",
        opt("lr", pos(NONE, INF), 0.01, "Learning rate."),
        opt("momentum", q(NONE, 0, 1), 0.0, "Momentum."),
        opt("weight_decay", q(NONE, 0, INF), 0.0, "L2 weight decay."));

    family("loss", "Losses of `train ... on dataset`.");
    add("loss", "cross_entropy", "Softmax cross-entropy of the named output against the labels.",
        req("output", anyExpr(), "The output that holds the logits (e.g. spike counts)."));
    add("loss", "mse", "Mean squared error of the named output against one-hot targets.",
        req("output", anyExpr(), "The output to compare."));

    family("schedule", "Learning-rate schedules.");
    add("schedule", "constant", "The same learning rate throughout.");
    add("schedule", "step_decay", "Multiply the rate by `factor` every `every` epochs (or episodes).",
        req("every", whole(1, Integer.MAX_VALUE), "Period."),
        opt("factor", pos(NONE, INF), 0.1, "Multiplier."));
    add("schedule", "cosine", "Cosine decay to zero over the run.");
    add("schedule", "phase_reset", "Reset to the initial rate at each curriculum phase, decaying within it.",
        opt("decay", q(NONE, 0, 1), 0.99, "Per-episode decay within a phase."));
    add("schedule", "warmup_cosine", "Linear warm-up from 0, then cosine decay to zero over the rest of the run.",
        opt("warmup", whole(0, Integer.MAX_VALUE), 20.0, "Episodes (or epochs) of warm-up."));

    family("environment", "Environments of `train ... in environment` (Gymnasium-style).");
    add("environment", "car_track", "The car track: three distance sensors, steer left, straight or right.");
    add("environment", "cartpole", "CartPole-v1 (Gymnasium physics and termination).");
    add("environment", "grid_world", "A square grid world with a goal in the far corner.",
        opt("size", whole(2, 1024), 5.0, "Cells per side."));

    family("dataset", "Datasets of `train ... on dataset`.");
    add("dataset", "fashion_mnist", "Fashion-MNIST in IDX format (Debian package dataset-fashion-mnist).",
        optText("path", "/usr/share/datasets/fashion-mnist", "Directory of the IDX files."));

    family("train_environment", "Settings of `train ... in environment`.");
    add("train_environment", "settings", "Reinforcement-learning runs.",
        opt("episodes", whole(1, Integer.MAX_VALUE), 500.0, "Episodes to train."),
        opt("seed", whole(0, Long.MAX_VALUE), 0.0, "Seed of the environment and the network."),
        opt("steps", whole(1, Integer.MAX_VALUE), 100.0, "Steps per episode before truncation."),
        opt("efference", q(TIME, 0, INF), 0.0, "After each decision the chosen pool fires (an efference copy) and the "
            + "network runs this long before the environment acts, so that eligibility marks the action taken; 0: off."),
        optCtor("schedule", "schedule", "constant", "Learning-rate schedule."),
        optChoice("report", List.of("reward", "success"), false, "reward", "What progress shows."));
    add("train_environment", "dataset_settings", "Supervised runs.",
        opt("epochs", whole(1, Integer.MAX_VALUE), 1.0, "Passes over the training set."),
        opt("batch", whole(1, 1 << 20), 128.0, "Samples per batch."),
        opt("seed", whole(0, Long.MAX_VALUE), 0.0, "Seed of shuffling, encoding and initialisation."),
        opt("shuffle", flag(), true, "Reshuffle the training set every epoch."),
        opt("detach_reset", flag(), true, "Treat the reset's spike as a constant in backpropagation (snnTorch's default)."),
        reqCtor("loss", "loss", "The loss."),
        optCtor("optimizer", "optimizer", "adam", "The optimizer."),
        optCtor("schedule", "schedule", "constant", "Learning-rate schedule."),
        optChoice("report", List.of("accuracy", "loss"), false, "accuracy", "What progress shows."));
  }

  private Catalog() {}

  public static Optional<Signature> lookup(String family, String name) {
    Map<String, Signature> f = FAMILIES.get(family);
    return f == null ? Optional.empty() : Optional.ofNullable(f.get(name));
  }

  public static List<String> names(String family) {
    Map<String, Signature> f = FAMILIES.get(family);
    return f == null ? List.of() : List.copyOf(f.keySet());
  }

  public static List<String> families() {
    return List.copyOf(FAMILIES.keySet());
  }

  public static String familyDoc(String family) {
    return FAMILY_DOCS.getOrDefault(family, "");
  }

  public static List<Signature> signatures(String family) {
    Map<String, Signature> f = FAMILIES.get(family);
    return f == null ? List.of() : new ArrayList<>(f.values());
  }

  // ---- builders ----

  private static void family(String name, String doc) {
    FAMILIES.put(name, new LinkedHashMap<>());
    FAMILY_DOCS.put(name, doc);
  }

  private static void add(String family, String name, String doc, ParamSpec... params) {
    FAMILIES.get(family).put(name, new Signature(name, doc, List.of(params)));
  }

  private static Expect q(Dimension d, double min, double max) {
    return new Expect.Quantity(d, min, max);
  }

  /** A quantity that must exceed 0: a time constant, a rate, a width, a fraction that must not vanish. */
  private static Expect pos(Dimension d, double max) {
    return new Expect.Quantity(d, 0, max, true);
  }

  private static Expect whole(long min, long max) {
    return new Expect.Whole(min, max);
  }

  private static Expect flag() {
    return new Expect.Flag();
  }

  private static Expect anyExpr() {
    return new Expect.AnyExpr();
  }

  private static ParamSpec req(String name, Expect e, String doc) {
    return new ParamSpec(name, e, Optional.empty(), doc);
  }

  private static ParamSpec opt(String name, Expect e, Object def, String doc) {
    return new ParamSpec(name, e, Optional.of(def), doc);
  }

  private static ParamSpec optChoice(String name, List<String> choices, boolean orNumber, String def, String doc) {
    return new ParamSpec(name, new Expect.Choice(choices, orNumber), Optional.of(def), doc);
  }

  private static ParamSpec optRange(String name, Dimension d, double lo, double hi, String doc) {
    return new ParamSpec(name, new Expect.Interval(d), Optional.of(new double[] {lo, hi}), doc);
  }

  private static ParamSpec optText(String name, String def, String doc) {
    return new ParamSpec(name, new Expect.Text(), Optional.of(def), doc);
  }

  private static ParamSpec optCtor(String name, String family, String def, String doc) {
    return new ParamSpec(name, new Expect.Constructor(family), Optional.of(def + "()"), doc);
  }

  private static ParamSpec reqCtor(String name, String family, String doc) {
    return new ParamSpec(name, new Expect.Constructor(family), Optional.empty(), doc);
  }
}
