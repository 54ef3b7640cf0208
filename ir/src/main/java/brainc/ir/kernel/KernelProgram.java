package brainc.ir.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one simulation does, as every backend sees it: the buffers it owns, the spike sets,
 * delay queues and connections, the statements that initialise the buffers once, and the
 * kernels of one time step. Backends see nothing else.
 *
 * <p>The driver's loop is fixed: allocate (buffers zeroed), build connections, run {@code init}
 * with step 0; then for each step {@code n} in {@code [0, steps)}: clear the spike sets, run
 * the {@code step} kernels in order (by construction: deliver queued spikes, inputs, neuron
 * updates and thresholds, synapse dynamics, propagation, plasticity, signals), record the
 * probes, advance the queues.
 *
 * <p>The {@code readouts} are kernels of kind {@link KernelKind#READOUT} that compute a network's
 * outputs from what the step accumulated and write them to {@link PortRole#READOUT out-ports}; they
 * run not every step but where the loop's {@link Phase.RunReadouts} says, at the end of each run a
 * host asks for (a decision window).
 */
public record KernelProgram(String name, double dt, long steps, long seed, List<Buffer> buffers,
    List<SpikeSet> spikeSets, List<DelayQueue> queues, List<Connection> connections, List<KStmt> init,
    List<Kernel> step, List<Probe> probes, List<Group> groups, List<Port> ports, DriverLoop loop,
    List<Kernel> readouts) {

  public KernelProgram {
    Objects.requireNonNull(name);
    if (!(dt > 0)) throw new IllegalArgumentException("dt must be positive: " + dt);
    if (steps < 0) throw new IllegalArgumentException("negative step count " + steps);
    buffers = List.copyOf(buffers);
    spikeSets = List.copyOf(spikeSets);
    queues = List.copyOf(queues);
    connections = List.copyOf(connections);
    init = List.copyOf(init);
    step = List.copyOf(step);
    probes = List.copyOf(probes);
    groups = List.copyOf(groups);
    ports = List.copyOf(ports);
    Objects.requireNonNull(loop);
    readouts = List.copyOf(readouts);
  }

  /** A program without readout kernels. */
  public KernelProgram(String name, double dt, long steps, long seed, List<Buffer> buffers, List<SpikeSet> spikeSets,
      List<DelayQueue> queues, List<Connection> connections, List<KStmt> init, List<Kernel> step, List<Probe> probes,
      List<Group> groups, List<Port> ports, DriverLoop loop) {
    this(name, dt, steps, seed, buffers, spikeSets, queues, connections, init, step, probes, groups, ports, loop,
        List.of());
  }

  /** A program without host ports (a plain simulation) whose driver runs the given loop. */
  public KernelProgram(String name, double dt, long steps, long seed, List<Buffer> buffers, List<SpikeSet> spikeSets,
      List<DelayQueue> queues, List<Connection> connections, List<KStmt> init, List<Kernel> step, List<Probe> probes,
      List<Group> groups, DriverLoop loop) {
    this(name, dt, steps, seed, buffers, spikeSets, queues, connections, init, step, probes, groups, List.of(), loop);
  }

  /** A program without host ports whose driver runs the {@link DriverLoop#STANDARD standard} loop. */
  public KernelProgram(String name, double dt, long steps, long seed, List<Buffer> buffers, List<SpikeSet> spikeSets,
      List<DelayQueue> queues, List<Connection> connections, List<KStmt> init, List<Kernel> step, List<Probe> probes,
      List<Group> groups) {
    this(name, dt, steps, seed, buffers, spikeSets, queues, connections, init, step, probes, groups, List.of(),
        DriverLoop.STANDARD);
  }

  /** The network-wide port of {@code role}, if the program has one (a model without signals has no reward). */
  public java.util.Optional<Port> port(PortRole role) {
    return ports.stream().filter(p -> p.role() == role).findFirst();
  }

  /** The port of {@code role} for the group, spike set or output {@code subject}, if the program has one. */
  public java.util.Optional<Port> port(PortRole role, String subject) {
    return ports.stream().filter(p -> p.role() == role && p.subject().equals(subject)).findFirst();
  }

  /** The same program with another step: what a pass that rewrites kernels returns. */
  public KernelProgram withStep(List<Kernel> newStep) {
    return new KernelProgram(name, dt, steps, seed, buffers, spikeSets, queues, connections, init, newStep, probes,
        groups, ports, loop, readouts);
  }

  /** The same program with other init statements and step kernels. */
  public KernelProgram withBodies(List<KStmt> newInit, List<Kernel> newStep) {
    return new KernelProgram(name, dt, steps, seed, buffers, spikeSets, queues, connections, newInit, newStep, probes,
        groups, ports, loop, readouts);
  }

  /** The same program with other readout kernels. */
  public KernelProgram withReadouts(List<Kernel> newReadouts) {
    return new KernelProgram(name, dt, steps, seed, buffers, spikeSets, queues, connections, init, step, probes,
        groups, ports, loop, newReadouts);
  }

  /** The readout kernels' bodies in order, as one block (as {@link #stepStatements} for the step). */
  public List<KStmt> readoutStatements() {
    List<KStmt> out = new ArrayList<>();
    for (Kernel k : readouts) out.addAll(k.body());
    return out;
  }

  /**
   * The step's kernels' bodies in order, as one block: how the sequential backends run them.
   * Each kernel's locals are its own (the verifier resolves every name inside its kernel), so a
   * verified program means the same run as one block or kernel by kernel.
   */
  public List<KStmt> stepStatements() {
    List<KStmt> out = new ArrayList<>();
    for (Kernel k : step) out.addAll(k.body());
    return out;
  }

  /**
   * One kernel of the step: a named piece of work of one or more {@link KernelKind kinds} (more
   * than one after fusion, in the order fused) over an {@link IndexSpace}. The name is unique in
   * the step and says what the kernel does ({@code exc.update}); the body is a block of its own.
   */
  public record Kernel(String name, List<KernelKind> kinds, IndexSpace space, List<KStmt> body) {
    public Kernel {
      Objects.requireNonNull(name);
      Objects.requireNonNull(space);
      kinds = List.copyOf(kinds);
      if (kinds.isEmpty()) throw new IllegalArgumentException("kernel " + name + " has no kind");
      body = List.copyOf(body);
    }

    public Kernel(String name, KernelKind kind, IndexSpace space, List<KStmt> body) {
      this(name, List.of(kind), space, body);
    }

    /**
     * A step written as plain statements (hand-written programs, tests): one kernel named
     * {@code step}, of kind UPDATE over a single index space; none when there are no statements.
     */
    public static List<Kernel> of(List<KStmt> statements) {
      if (statements.isEmpty()) return List.of();
      return List.of(new Kernel("step", KernelKind.UPDATE, new IndexSpace.Single(), statements));
    }

    /** The same kernel with another body (kinds, name and index space kept). */
    public Kernel withBody(List<KStmt> newBody) {
      return new Kernel(name, kinds, space, newBody);
    }
  }

  /**
   * What a kernel does, in the order the step runs them. A parallel target maps kinds to its
   * own stages (a GPU: one launch per kernel; a chip: neuron cores versus synapse routing).
   */
  public enum KernelKind {
    /** Queued spikes due now enter the drive buffers. */
    DELIVER,
    /** Input groups turn their values into spikes. */
    INPUT,
    /** Neuron state advances one step. */
    UPDATE,
    /** Threshold, reset and refractoriness; emits spikes. */
    THRESHOLD,
    /** Trace and per-synapse state decay, and trace increments of spiking neurons. */
    SYNAPSE_DYNAMICS,
    /** Spikes travel along connections (with `on pre` plasticity). */
    PROPAGATE,
    /** `on post` plasticity over the synapses onto spiking neurons. */
    POST_PLASTICITY,
    /** Network signals computed from the environment's reward. */
    SIGNALS,
    /** `modulated by` plasticity over all synapses of a projection. */
    MODULATION,
    /** Outputs read for a host. */
    READOUT,
    /** Values recorded for monitors. */
    PROBE
  }

  /**
   * What the driver does for each step, in order: the host side of the step, as data, so that
   * the Java driver and a GPU harness iterate the same loop. The compiler schedules
   * {@link #STANDARD}; a backend's driver may be told to check more often (its options), never
   * to skip a phase.
   */
  public record DriverLoop(List<Phase> phases) {
    /**
     * Clear the spike sets, run the step's kernels, record the probes, advance the delay queues,
     * and every 100 steps (and after the last) check that every float buffer is finite.
     */
    public static final DriverLoop STANDARD = new DriverLoop(List.of(new Phase.ClearSpikes(), new Phase.RunKernels(),
        new Phase.RecordProbes(), new Phase.AdvanceQueues(), new Phase.CheckFinite(100)));

    /**
     * The {@link #STANDARD} loop that also runs the readout kernels after the last step of each
     * run (before the finiteness check, which then covers what they wrote).
     */
    public static final DriverLoop WITH_READOUTS = new DriverLoop(List.of(new Phase.ClearSpikes(),
        new Phase.RunKernels(), new Phase.RecordProbes(), new Phase.AdvanceQueues(), new Phase.RunReadouts(),
        new Phase.CheckFinite(100)));

    public DriverLoop {
      phases = List.copyOf(phases);
    }

    /** The interval of the finiteness check, or 0 when the loop has none. */
    public int checkEvery() {
      for (Phase p : phases) if (p instanceof Phase.CheckFinite c) return c.every();
      return 0;
    }
  }

  /** One phase of the {@link DriverLoop}. */
  public sealed interface Phase {
    /** Empties every spike set: spikes are per step. */
    record ClearSpikes() implements Phase {}

    /** Runs the step's kernels in order. */
    record RunKernels() implements Phase {}

    /** Records the probes (and counts spikes per group) for this step. */
    record RecordProbes() implements Phase {}

    /** Moves every delay queue on by one slot. */
    record AdvanceQueues() implements Phase {}

    /**
     * After the last step of each run a host asks for (a decision window), runs the program's
     * readout kernels, so that the readout ports hold the outputs of what the window accumulated.
     */
    record RunReadouts() implements Phase {}

    /** Every {@code every} steps and after the last, fails with the first non-finite value. */
    record CheckFinite(int every) implements Phase {
      public CheckFinite {
        if (every < 1) throw new IllegalArgumentException("check interval must be positive: " + every);
      }
    }
  }

  /** What a kernel iterates. */
  public sealed interface IndexSpace {
    /**
     * Neurons {@code [0, size)} of a population or input group (a slice's kernels iterate the
     * slice's size); kernels of one population over one size may fuse.
     */
    record Neurons(String population, int size) implements IndexSpace {
      public Neurons {
        Objects.requireNonNull(population);
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
      }
    }

    /** The synapses of a connection, row by row (by presynaptic neuron). */
    record Synapses(String connection) implements IndexSpace {
      public Synapses {
        Objects.requireNonNull(connection);
      }
    }

    /** One thread of work: scalar computations such as the signals. */
    record Single() implements IndexSpace {}
  }

  /**
   * A state array. {@code label} names it for people ({@code exc.v}, {@code ee.w}); the size is
   * fixed or the number of synapses of a connection (known once it is built).
   */
  public record Buffer(String name, Scalar type, Extent extent, String label) {
    public Buffer {
      Objects.requireNonNull(name);
      Objects.requireNonNull(type);
      Objects.requireNonNull(extent);
      Objects.requireNonNull(label);
    }
  }

  public sealed interface Extent {
    record Fixed(int size) implements Extent {
      public Fixed {
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
      }
    }

    /** One element per synapse of the named connection. */
    record Synapses(String connection) implements Extent {
      public Synapses {
        Objects.requireNonNull(connection);
      }
    }
  }

  /** The neurons of one spiking group that spiked in the current step. */
  public record SpikeSet(String name, int size, String label) {
    public SpikeSet {
      Objects.requireNonNull(name);
      Objects.requireNonNull(label);
      if (size < 0) throw new IllegalArgumentException("negative size " + size);
    }
  }

  /**
   * A ring of {@code maxDelay + 1} slots of the target buffer's size; values enqueued with delay d
   * are added to the target buffer by the {@link KStmt.Drain} d steps later.
   */
  public record DelayQueue(String name, String target, int maxDelay) {
    public DelayQueue {
      Objects.requireNonNull(name);
      Objects.requireNonNull(target);
      if (maxDelay < 1) throw new IllegalArgumentException("maxDelay must be at least 1: " + maxDelay);
    }
  }

  /**
   * Which presynaptic neurons connect to which postsynaptic ones. Random rules draw from the
   * counter-based generator on {@code stream}, so every backend builds the same synapses.
   */
  public record Connection(String name, int preSize, int postSize, Rule rule, Format format, long stream,
      boolean reverse, boolean autapses) {
    public Connection {
      Objects.requireNonNull(name);
      Objects.requireNonNull(rule);
      Objects.requireNonNull(format);
      if (preSize < 0 || postSize < 0) throw new IllegalArgumentException("negative size");
    }
  }

  public sealed interface Rule {
    record AllToAll() implements Rule {}

    record OneToOne() implements Rule {}

    /** Each pair independently with probability p. */
    record Bernoulli(double p) implements Rule {
      public Bernoulli {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability " + p);
      }
    }

    /** Each postsynaptic neuron receives exactly k distinct sources. */
    record FixedFanIn(int k) implements Rule {}

    /** Each presynaptic neuron projects to exactly k distinct targets. */
    record FixedFanOut(int k) implements Rule {}
  }

  /**
   * How a backend stores a connection: a full matrix, CSR by presynaptic neuron, or regenerated on
   * use. Synapses are numbered in CSR order (by presynaptic neuron, then target) in every format,
   * so per-synapse buffers mean the same thing everywhere. A procedural connection has no synapse
   * numbers (no per-synapse buffers, no reverse index) and cannot use fixed fan-in, whose rows are
   * not independent.
   */
  public enum Format { DENSE, CSR, PROCEDURAL }

  /** What the driver records after each step. */
  public sealed interface Probe {
    String name();

    /** (step, index) of every spike of {@code [start, start + count)} of a spike set. */
    record Spikes(String name, String spikeSet, int start, int count) implements Probe {}

    /** Elements {@code [start, start + count)} of a buffer every {@code every} steps. */
    record State(String name, String buffer, int start, int count, int every) implements Probe {}

    /** The fraction of {@code [start, start + count)} that spiked, per step, divided by dt (Hz). */
    record Rate(String name, String spikeSet, int start, int count) implements Probe {}

    /**
     * A per-synapse buffer of {@code connection}, at the synapses from its presynaptic neurons
     * {@code [preStart, preStart + preCount)} to its postsynaptic {@code [postStart, postStart +
     * postCount)}, in synapse order, every {@code every} steps from step 0, or ({@code every} 0)
     * once, after the program's last step. Which synapses those are is known only once the
     * connection is built; the driver finds them then, and records beside the values each one's
     * ends plus {@code preShift} and {@code postShift} (numbered as the monitor numbers them).
     */
    record Synapses(String name, String buffer, String connection, int preStart, int preCount, int postStart,
        int postCount, int preShift, int postShift, int every) implements Probe {
      public Synapses {
        if (every < 0) throw new IllegalArgumentException("negative sampling interval " + every);
      }

      /** Whether it records once, after the last step. */
      public boolean atEnd() {
        return every == 0;
      }
    }
  }

  /** A population as people name it: a range of a spike set, for summaries and messages. */
  public record Group(String name, String spikeSet, int start, int count, String model) {}

  /**
   * A buffer through which a host (an environment loop, a dataset trainer, a GPU harness) talks
   * to the simulation between steps. A host finds ports by {@link PortRole role} (and subject),
   * never by buffer name, and touches no other buffer: a harness that keeps state on a device
   * copies exactly the ports. {@code type} and {@code size} repeat the buffer's, so that a host
   * can allocate its side from the port list alone (the verifier checks that they agree).
   *
   * @param buffer the buffer the port exposes (a fixed-size buffer, one port per buffer)
   * @param subject the input group or spike set the port belongs to, for {@link PortRole#perGroup()
   *     per-group} roles; the network's output, for {@link PortRole#perOutput() per-output} ones;
   *     empty for network-wide ones
   */
  public record Port(String buffer, Direction direction, PortRole role, String subject, Scalar type, int size) {
    public Port {
      Objects.requireNonNull(buffer);
      Objects.requireNonNull(direction);
      Objects.requireNonNull(role);
      Objects.requireNonNull(subject);
      Objects.requireNonNull(type);
      if (size < 0) throw new IllegalArgumentException("negative size " + size);
    }
  }

  /** Which way a port's values travel, seen from the host. */
  public enum Direction {
    /** The host writes it before steps run. */
    IN,
    /** The host reads it after steps ran (and may reset it). */
    OUT
  }

  /** What a port carries: the host's side of the contract, one meaning per role. */
  public enum PortRole {
    /** The values in [0, 1] an input group encodes (an observation, a sample), per input group. */
    OBSERVATION(Direction.IN, true),
    /** The environment's last reward (the `reward` signal); one element. */
    REWARD(Direction.IN, false),
    /**
     * 1 during the first simulation step after an environment step (the host raises it with each
     * new reward; the step clears it), else 0: baselines take the reward in and pulses fire once
     * per environment step, not once per simulation step. One element.
     */
    ENV_TICK(Direction.IN, false),
    /** 1 after the environment step that ended the episode in failure, else 0 (the `terminated` signal). */
    TERMINATED(Direction.IN, false),
    /** The factor a training's learning-rate schedule sets; third factors reach synapses scaled by it. */
    LEARNING_RATE(Direction.IN, false),
    /**
     * Spikes counted per neuron of a spike set that outputs read (`spike_count`, `pools`, `rate`);
     * the host reads them after an action window and zeroes them before the next.
     */
    SPIKE_COUNTS(Direction.OUT, true),
    /**
     * Spikes the host forces on the next step (the efference copy of an action), per spike set
     * that outputs read: a neuron whose entry is not 0 fires, refractory or not, and its entry is
     * cleared.
     */
    FORCED_SPIKES(Direction.IN, true),
    /**
     * The value of one model parameter left free for each instance (the subject is its name, e.g.
     * {@code all.v_th}): one f64 element the host writes once, before {@code init}.
     */
    PARAMETER(Direction.IN, false),
    /**
     * The value of a network's `output` (its name is the subject) as the readout kernels last
     * computed it: one element for a scalar readout (`argmax`, `sum`), else the vector.
     */
    READOUT(Direction.OUT, false),
    /** The vector a scalar readout reduces (the pool counts of `argmax(pools(...))`), per output. */
    READOUT_ARGUMENT(Direction.OUT, false),
    /**
     * A uniform draw in [0, 1) that breaks ties of an `argmax` output: among equal largest values
     * it picks the one at that fraction (0: the first), so a silent network explores. One element.
     */
    TIE_BREAK(Direction.IN, false),
    /**
     * 1 arms the efference copy of an output `argmax(pools(p, k))`: the readout kernel forces
     * every neuron of the chosen pool to fire on the next step and clears the entry. One element.
     */
    EFFERENCE(Direction.IN, false);

    private final Direction direction;
    private final boolean perGroup;

    PortRole(Direction direction, boolean perGroup) {
      this.direction = direction;
      this.perGroup = perGroup;
    }

    /** Whether a program has one port of this role per network output, the output named as its subject. */
    public boolean perOutput() {
      return this == READOUT || this == READOUT_ARGUMENT || this == TIE_BREAK || this == EFFERENCE;
    }

    /** The direction every port of this role has. */
    public Direction direction() {
      return direction;
    }

    /** Whether a program has one port of this role per group (else per output, or at most one in all). */
    public boolean perGroup() {
      return perGroup;
    }
  }
}
