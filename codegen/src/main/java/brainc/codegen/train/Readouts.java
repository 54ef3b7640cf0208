package brainc.codegen.train;

import brainc.codegen.Memory;
import brainc.ir.builtin.Builtin;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import java.util.Arrays;

/**
 * Evaluates a network's outputs (`argmax(pools(net, 3))`, `spike_count(out)`, `rate(pop)`) on
 * the spike counts a simulation accumulated since they were last cleared. Counts live in the
 * {@link KernelProgram.PortRole#SPIKE_COUNTS spike-count ports} the scheduler declares for the
 * populations that outputs read.
 */
public final class Readouts {
  private final Memory memory;
  private final KernelProgram program;
  private final double window;

  /** @param window the simulated time the counts cover, in seconds (for rates) */
  public Readouts(Memory memory, double window) {
    this.memory = memory;
    this.program = memory.program();
    this.window = window;
  }

  /** The readout {@code c} calls ({@link Builtin.Kind#READOUT}); null for anything else. */
  private static Builtin readout(Call c) {
    return Builtin.named(c.function()).filter(b -> b.kind() == Builtin.Kind.READOUT).orElse(null);
  }

  public double[] vector(Expr e) {
    if (e instanceof Call c && readout(c) != null) {
      switch (readout(c)) {
        case SPIKE_COUNT -> {
          return counts(population(c.args().get(0)));
        }
        case RATE -> {
          double[] n = counts(population(c.args().get(0)));
          for (int i = 0; i < n.length; i++) n[i] /= window;
          return n;
        }
        case POOLS -> {
          double[] v = vector(c.args().get(0) instanceof Ref r && r.kind() == RefKind.POPULATION
              ? new Call(Builtin.SPIKE_COUNT.spelling(), java.util.List.of(r), c.type()) : c.args().get(0));
          int k = (int) ((Const) c.args().get(1)).value();
          return pools(v, k);
        }
        default -> { }
      }
    }
    throw new IllegalArgumentException("this readout cannot be evaluated: " + e);
  }

  /** The vector a scalar readout reduces (the pool counts of `argmax(pools(...))`), or none. */
  public double[] argument(Expr e) {
    if (e instanceof Call c && !c.args().isEmpty() && (readout(c) == Builtin.ARGMAX || readout(c) == Builtin.SUM)) {
      return vector(c.args().get(0));
    }
    return new double[0];
  }

  public double scalar(Expr e) {
    if (e instanceof Call c && readout(c) == Builtin.ARGMAX) return argmax(vector(c.args().get(0)));
    if (e instanceof Call c && readout(c) == Builtin.SUM) return Arrays.stream(vector(c.args().get(0))).sum();
    if (e instanceof Const c) return c.value();
    throw new IllegalArgumentException("this readout cannot be evaluated: " + e);
  }

  /**
   * An action: like {@link #scalar}, except that an `argmax` tie is broken by {@code u}, a
   * uniform draw in [0, 1): a silent network then explores instead of always taking action 0.
   */
  public double action(Expr e, double u) {
    if (e instanceof Call c && readout(c) == Builtin.ARGMAX) return argmax(vector(c.args().get(0)), u);
    return scalar(e);
  }

  /** The index of the largest value; among equal largest values, the one {@code u} picks. */
  static int argmax(double[] v, double u) {
    int best = argmax(v);
    int ties = 0;
    for (double x : v) if (x == v[best]) ties++;
    int pick = Math.min(ties - 1, (int) (u * ties));
    for (int i = 0; i < v.length; i++) if (v[i] == v[best] && pick-- == 0) return i;
    return best;
  }

  /**
   * The efference copy of an action read as `argmax(pools(pop, k))`: every neuron of pool
   * {@code chosen} fires on the next step (through the population's forced-spike buffer).
   */
  public void forcePool(Expr action, int chosen) {
    if (!(action instanceof Call a && readout(a) == Builtin.ARGMAX && a.args().get(0) instanceof Call p
        && readout(p) == Builtin.POOLS && p.args().get(0) instanceof Ref r && r.kind() == RefKind.POPULATION)) {
      throw new IllegalArgumentException("an efference copy needs an action of the form argmax(pools(population, k))");
    }
    KernelProgram.Group g = population(r);
    int k = (int) ((Const) p.args().get(1)).value();
    int[] force = memory.i32(port(KernelProgram.PortRole.FORCED_SPIKES, g));
    int base = g.count() / k;
    int extra = g.count() % k;
    int at = g.start();
    for (int pool = 0; pool < k; pool++) {
      int size = base + (pool < extra ? 1 : 0);
      if (pool == chosen) java.util.Arrays.fill(force, at, at + size, 1);
      at += size;
    }
  }

  /** Contiguous pools of near-equal size (100 neurons in 3 pools: 34, 33, 33). */
  static double[] pools(double[] v, int k) {
    double[] out = new double[k];
    int base = v.length / k;
    int extra = v.length % k;
    int at = 0;
    for (int p = 0; p < k; p++) {
      int size = base + (p < extra ? 1 : 0);
      for (int i = 0; i < size; i++) out[p] += v[at++];
    }
    return out;
  }

  /** The index of the largest value; ties go to the lowest index. */
  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }

  private KernelProgram.Group population(Expr e) {
    if (!(e instanceof Ref r)) throw new IllegalArgumentException("a readout needs a population, not " + e);
    return program.groups().stream().filter(g -> g.name().equals(r.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no population " + r.name()));
  }

  private double[] counts(KernelProgram.Group g) {
    int[] c = memory.i32(port(KernelProgram.PortRole.SPIKE_COUNTS, g));
    double[] out = new double[g.count()];
    for (int i = 0; i < g.count(); i++) out[i] = c[g.start() + i];
    return out;
  }

  /** The buffer of the port of {@code role} for the spike set of {@code g}. */
  private String port(KernelProgram.PortRole role, KernelProgram.Group g) {
    return program.port(role, g.spikeSet()).orElseThrow(() -> new IllegalArgumentException(
        "no " + role.name().toLowerCase(java.util.Locale.ROOT) + " port for " + g.name())).buffer();
  }

  /** Clears the counts of every population that outputs read. */
  public void clear() {
    for (KernelProgram.Port p : program.ports()) {
      if (p.role() == KernelProgram.PortRole.SPIKE_COUNTS) Arrays.fill(memory.i32(p.buffer()), 0);
    }
  }
}
