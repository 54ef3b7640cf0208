package brainc.ir.kernel;

import java.util.List;
import java.util.Objects;

/**
 * What one simulation does, as every backend sees it: the buffers it owns, the spike sets,
 * delay queues and connections, the statements that initialise the buffers once, and the
 * statements of one time step. Backends see nothing else.
 *
 * <p>The driver's loop is fixed: allocate (buffers zeroed), build connections, run {@code init}
 * with step 0; then for each step {@code n} in {@code [0, steps)}: clear the spike sets, run
 * {@code step} (which by construction delivers queued spikes, updates state, detects threshold
 * crossings, resets, applies plasticity, in that order), record the probes, advance the queues.
 */
public record KernelProgram(String name, double dt, long steps, long seed, List<Buffer> buffers,
    List<SpikeSet> spikeSets, List<DelayQueue> queues, List<Connection> connections, List<KStmt> init,
    List<KStmt> step, List<Probe> probes, List<Group> groups) {

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
  }

  /** A population as people name it: a range of a spike set, for summaries and messages. */
  public record Group(String name, String spikeSet, int start, int count, String model) {}
}
