package brainc.codegen;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import brainc.runtime.sim.Connectivity;
import brainc.runtime.sim.ConnectivitySpec;
import brainc.runtime.sim.Csr;
import brainc.runtime.sim.DelayRingDouble;
import brainc.runtime.sim.DelayRingFloat;
import brainc.runtime.sim.Procedural;
import brainc.runtime.sim.SpikeSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one simulation of a kernel program, allocated the way every backend must: the
 * connections are built first (their synapse counts size the per-synapse buffers), then the
 * buffers, zeroed, then spike sets and delay queues.
 *
 * <p>Buffers are Java arrays of their {@link Scalar}: {@code float[]}, {@code double[]}, {@code
 * int[]}, {@code long[]} and {@code boolean[]} for BOOL. A DENSE connection is kept as CSR: its
 * synapse index is the CSR index (row by row, targets increasing), which is what per-synapse
 * buffers and their probes mean on every backend. A PROCEDURAL connection keeps only its {@link
 * Procedural} generator, so it may own no per-synapse buffer and no reverse index.
 */
public final class Memory {
  private final KernelProgram program;
  private final Map<String, Object> buffers = new LinkedHashMap<>();
  private final Map<String, Buffer> declarations = new LinkedHashMap<>();
  private final Map<String, SpikeSet> spikeSets = new LinkedHashMap<>();
  private final Map<String, Object> queues = new LinkedHashMap<>();
  private final Map<String, Csr> csrs = new LinkedHashMap<>();
  private final Map<String, Procedural> procedurals = new LinkedHashMap<>();
  private final long seed;

  private Memory(KernelProgram program, long seed) {
    this.program = program;
    this.seed = seed;
  }

  /** Builds the connections and allocates everything {@code program} declares, with its own seed. */
  public static Memory allocate(KernelProgram program) {
    return allocate(program, program.seed());
  }

  /**
   * As {@link #allocate(KernelProgram)}, with {@code seed} keying every random draw (connections
   * here, {@code rand} in the kernels, which read {@link #seed()}): one compiled program, many
   * instances.
   */
  public static Memory allocate(KernelProgram program, long seed) {
    return allocate(program, seed, java.util.Map.of());
  }

  /**
   * As {@link #allocate(KernelProgram, long)}, with the value of every free parameter (each
   * {@code parameter} port, by its subject) written before {@code init} runs.
   *
   * @throws IllegalArgumentException if a parameter has no value, or a value no parameter
   */
  public static Memory allocate(KernelProgram program, long seed, java.util.Map<String, Double> parameters) {
    Memory m = allocateAll(program, seed);
    int used = 0;
    for (KernelProgram.Port p : program.ports()) {
      if (p.role() != KernelProgram.PortRole.PARAMETER) continue;
      Double v = parameters.get(p.subject());
      if (v == null) throw new IllegalArgumentException("no value for the free parameter " + p.subject());
      m.f64(p.buffer())[0] = v;
      used++;
    }
    if (used != parameters.size()) {
      throw new IllegalArgumentException("values for parameters the program does not leave free: " + parameters.keySet());
    }
    return m;
  }

  private static Memory allocateAll(KernelProgram program, long seed) {
    Memory m = new Memory(program, seed);
    for (Connection c : program.connections()) {
      ConnectivitySpec spec = spec(c, seed);
      if (m.csrs.containsKey(c.name()) || m.procedurals.containsKey(c.name())) {
        throw new IllegalArgumentException("connection " + c.name() + " is declared twice");
      }
      if (c.format() == Format.PROCEDURAL) {
        if (c.reverse()) {
          throw new IllegalArgumentException(
              "connection " + c.name() + " is PROCEDURAL and cannot have the reverse index it asks for");
        }
        m.procedurals.put(c.name(), new Procedural(spec));
      } else {
        m.csrs.put(c.name(), Connectivity.build(spec, c.reverse()));
      }
    }
    for (Buffer b : program.buffers()) {
      int size = m.size(b);
      Object array;
      switch (b.type()) {
        case F32: array = new float[size]; break;
        case F64: array = new double[size]; break;
        case I32: array = new int[size]; break;
        case I64: array = new long[size]; break;
        case BOOL: array = new boolean[size]; break;
        default: throw new IllegalStateException(b.type().toString());
      }
      if (m.buffers.put(b.name(), array) != null) {
        throw new IllegalArgumentException("buffer " + b.name() + " is declared twice");
      }
      m.declarations.put(b.name(), b);
    }
    for (KernelProgram.SpikeSet s : program.spikeSets()) {
      if (m.spikeSets.put(s.name(), new SpikeSet(s.label(), s.size())) != null) {
        throw new IllegalArgumentException("spike set " + s.name() + " is declared twice");
      }
    }
    for (DelayQueue q : program.queues()) {
      Buffer target = m.declaration(q.target());
      Object ring;
      if (target.type() == Scalar.F32) {
        ring = new DelayRingFloat(q.maxDelay(), m.f32(q.target()).length);
      } else if (target.type() == Scalar.F64) {
        ring = new DelayRingDouble(q.maxDelay(), m.f64(q.target()).length);
      } else {
        throw new IllegalArgumentException("queue " + q.name() + " targets " + target.type() + " buffer "
            + q.target() + "; queues add into F32 or F64 buffers");
      }
      if (m.queues.put(q.name(), ring) != null) {
        throw new IllegalArgumentException("queue " + q.name() + " is declared twice");
      }
    }
    return m;
  }

  /** The seed of this instance's random draws. */
  public long seed() {
    return seed;
  }

  /**
   * The runtime description of a connection's synapses. The IR's stream is a long; the generator
   * reads streams as unsigned 32-bit values, so a stream outside [0, 2^32) is rejected rather
   * than silently truncated.
   */
  public static ConnectivitySpec spec(Connection c, long seed) {
    ConnectivitySpec.Kind kind;
    double p = 0;
    int k = 0;
    Rule rule = c.rule();
    if (rule instanceof Rule.AllToAll) {
      kind = ConnectivitySpec.Kind.ALL_TO_ALL;
    } else if (rule instanceof Rule.OneToOne) {
      kind = ConnectivitySpec.Kind.ONE_TO_ONE;
    } else if (rule instanceof Rule.Bernoulli b) {
      kind = ConnectivitySpec.Kind.BERNOULLI;
      p = b.p();
    } else if (rule instanceof Rule.FixedFanIn f) {
      kind = ConnectivitySpec.Kind.FIXED_FAN_IN;
      k = f.k();
    } else if (rule instanceof Rule.FixedFanOut f) {
      kind = ConnectivitySpec.Kind.FIXED_FAN_OUT;
      k = f.k();
    } else {
      throw new IllegalArgumentException("unknown connectivity rule " + rule);
    }
    return new ConnectivitySpec(kind, c.preSize(), c.postSize(), p, k, seed, stream(c.stream()), c.autapses());
  }

  /** A generator stream as CounterRng takes it: the low 32 bits of a value in [0, 2^32). */
  public static int stream(long stream) {
    if (stream < 0 || stream > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("random stream " + stream + " is outside [0, 2^32)");
    }
    return (int) stream;
  }

  private int size(Buffer b) {
    if (b.extent() instanceof Extent.Fixed f) {
      return f.size();
    }
    String conn = ((Extent.Synapses) b.extent()).connection();
    if (procedurals.containsKey(conn)) {
      throw new IllegalArgumentException("buffer " + b.name() + " (" + b.label() + ") is per synapse of "
          + conn + ", which is PROCEDURAL and keeps no synapses");
    }
    return csr(conn).synapses();
  }

  public KernelProgram program() {
    return program;
  }

  /** The declaration of buffer {@code name}. */
  public Buffer declaration(String name) {
    Buffer b = declarations.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no buffer " + name);
    }
    return b;
  }

  /** The array of buffer {@code name}, whatever its type. */
  public Object buffer(String name) {
    declaration(name);
    return buffers.get(name);
  }

  public float[] f32(String name) {
    return (float[]) typed(name, Scalar.F32);
  }

  public double[] f64(String name) {
    return (double[]) typed(name, Scalar.F64);
  }

  public int[] i32(String name) {
    return (int[]) typed(name, Scalar.I32);
  }

  public long[] i64(String name) {
    return (long[]) typed(name, Scalar.I64);
  }

  public boolean[] bool(String name) {
    return (boolean[]) typed(name, Scalar.BOOL);
  }

  private Object typed(String name, Scalar type) {
    Buffer b = declaration(name);
    if (b.type() != type) {
      throw new IllegalArgumentException("buffer " + name + " is " + b.type() + ", not " + type);
    }
    return buffers.get(name);
  }

  public SpikeSet spikeSet(String name) {
    SpikeSet s = spikeSets.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no spike set " + name);
    }
    return s;
  }

  /** A {@link DelayRingFloat} or a {@link DelayRingDouble}. */
  public Object queue(String name) {
    Object q = queues.get(name);
    if (q == null) {
      throw new IllegalArgumentException("no queue " + name);
    }
    return q;
  }

  /** True if connection {@code name} is regenerated on use rather than stored. */
  public boolean isProcedural(String name) {
    if (!procedurals.containsKey(name) && !csrs.containsKey(name)) {
      throw new IllegalArgumentException("no connection " + name);
    }
    return procedurals.containsKey(name);
  }

  public Csr csr(String name) {
    Csr c = csrs.get(name);
    if (c == null) {
      throw new IllegalArgumentException(procedurals.containsKey(name)
          ? "connection " + name + " is PROCEDURAL and has no CSR" : "no connection " + name);
    }
    return c;
  }

  public Procedural procedural(String name) {
    Procedural p = procedurals.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no PROCEDURAL connection " + name);
    }
    return p;
  }

  Map<String, Object> buffers() {
    return buffers;
  }

  Map<String, SpikeSet> spikeSets() {
    return spikeSets;
  }

  Map<String, Object> queues() {
    return queues;
  }

  /** The number of synapses of every connection; procedural ones are counted by regenerating their rows. */
  long synapses() {
    long n = 0;
    for (Csr c : csrs.values()) {
      n += c.synapses();
    }
    for (Procedural p : procedurals.values()) {
      int[] row = new int[p.maxRowLength()];
      for (int i = 0; i < p.spec().preSize(); i++) {
        n += p.row(i, row);
      }
    }
    return n;
  }
}
