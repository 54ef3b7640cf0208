package brainc.compiler.passes;

import brainc.ir.builtin.Builtin;
import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.KernelProgram.Port;
import brainc.ir.kernel.KernelProgram.PortRole;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.Output;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lowers a network's outputs into readout kernels ({@link KernelKind#READOUT}, run by the driver
 * after the last step of each run a host asks for) that compute each output from the spike
 * counts of the window and write it to a {@link PortRole#READOUT} port: a host reads ports, never
 * the model's expressions.
 *
 * <p>What it lowers: {@code spike_count(p)}, {@code rate(p)} (counts over the run's simulated
 * time), {@code pools(v, k)} (contiguous pools of near-equal size: 100 neurons in 3 pools are 34,
 * 33, 33), and the scalars {@code argmax(v)} (ties broken by the {@link PortRole#TIE_BREAK} draw),
 * {@code sum(v)} (compensated, as {@code DoubleStream.sum}) and constants; {@code p} is a
 * population or slice whose model spikes. An output of another form gets no kernel and no port
 * (a `run` ignores outputs; a training that needs it says so). An output {@code argmax(pools(p,
 * k))} also gets an {@link PortRole#EFFERENCE} port: the efference copy of the chosen pool.
 *
 * <p>Every value is a double computed in the order the host computed it before, so results are
 * the same bits.
 */
final class LowerReadouts {
  /** What a readout reads: the spike counts of {@code count} neurons from {@code start} of a spike set. */
  private record Source(String counts, String force, int start, int count) {}

  /** A vector the kernel has materialised in a buffer of its own. */
  private record Vector(String buffer, int size) {}

  private final List<Group> groups;
  private final List<Port> ports;
  private final double window;
  private final List<Buffer> buffers = new ArrayList<>();
  private final List<Port> newPorts = new ArrayList<>();
  private List<KStmt> body;
  private String output;
  private String prefix;
  private int scratch;

  /**
   * @param groups the program's groups (populations, slices, inputs), by which outputs name what they read
   * @param ports the ports declared so far (the spike counts and forced spikes of what outputs read)
   * @param window the simulated time a run covers, in seconds: the denominator of {@code rate}
   */
  LowerReadouts(List<Group> groups, List<Port> ports, double window) {
    this.groups = groups;
    this.ports = ports;
    this.window = window;
  }

  /** The buffers the kernels use (ports' and scratch), in order. */
  List<Buffer> buffers() {
    return buffers;
  }

  /** The readout ports, in order. */
  List<Port> ports() {
    return newPorts;
  }

  /** The readout kernel of {@code o}, or none when its readout is of a form this version cannot lower. */
  Optional<Kernel> lower(Output o, String kernelName) {
    int buffersBefore = buffers.size();
    int portsBefore = newPorts.size();
    body = new ArrayList<>();
    output = o.name();
    prefix = "readout." + o.name();
    scratch = 0;
    String value = prefix;
    boolean lowered;
    try {
      lowered = output(o, value);
    } catch (NotLowered e) {
      lowered = false;
    }
    if (!lowered) {
      buffers.subList(buffersBefore, buffers.size()).clear();
      newPorts.subList(portsBefore, newPorts.size()).clear();
      return Optional.empty();
    }
    return Optional.of(new Kernel(kernelName, KernelKind.READOUT, new IndexSpace.Single(), body));
  }

  private boolean output(Output o, String value) {
    Expr e = o.readout();
    Builtin b = readout(e);
    if (e instanceof Const c) {
      declare(value, 1, "output " + o.name());
      port(value, PortRole.READOUT, o.name(), 1);
      body.add(store(value, 0, KExpr.Const.f64(c.value())));
      return true;
    }
    if (b == Builtin.ARGMAX || b == Builtin.SUM) {
      Expr arg = ((Call) e).args().get(0);
      String argument = prefix + ".argument";
      Vector v = vector(arg, argument);
      declare(value, 1, "output " + o.name());
      port(value, PortRole.READOUT, o.name(), 1);
      port(argument, PortRole.READOUT_ARGUMENT, o.name(), v.size());
      if (b == Builtin.ARGMAX) {
        argmax(o, v, value);
        efference(o, arg, value);
      } else {
        sum(v, value);
      }
      return true;
    }
    Vector v = vector(e, value);
    port(value, PortRole.READOUT, o.name(), v.size());
    return true;
  }

  /** Signals a readout of a form this version does not lower. */
  private static final class NotLowered extends RuntimeException {
    NotLowered() {
      super(null, null, false, false);
    }
  }

  private static Builtin readout(Expr e) {
    if (!(e instanceof Call c)) return null;
    return Builtin.named(c.function()).filter(b -> b.kind() == Builtin.Kind.READOUT).orElse(null);
  }

  /** Computes the vector {@code e} into the buffer {@code into} (declared here). */
  private Vector vector(Expr e, String into) {
    Builtin b = readout(e);
    if (b == Builtin.SPIKE_COUNT || b == Builtin.RATE) {
      Source s = source(((Call) e).args().get(0));
      declare(into, s.count(), (b == Builtin.RATE ? "rates" : "spike counts") + " of " + ((Ref) ((Call) e).args().get(0)).name()
          + " for output " + output);
      KExpr i = new KExpr.Local("i", Scalar.I32);
      KExpr count = new KExpr.Cast(Scalar.F64, new KExpr.Load(s.counts(), plus(KExpr.Const.i32(s.start()), i), Scalar.I32));
      KExpr v = b == Builtin.RATE ? new KExpr.Binary(KExpr.BinaryOp.DIV, count, KExpr.Const.f64(window)) : count;
      body.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(s.count()), List.of(
          new KStmt.Store(into, i, v))));
      return new Vector(into, s.count());
    }
    if (b == Builtin.POOLS && ((Call) e).args().get(1) instanceof Const kc) {
      Expr arg = ((Call) e).args().get(0);
      Expr counted = arg instanceof Ref r && r.kind() == RefKind.POPULATION
          ? new Call(Builtin.SPIKE_COUNT.spelling(), List.of(r), ((Call) e).type()) : arg;
      Vector v = vector(counted, prefix + ".t" + (++scratch));
      int k = (int) kc.value();
      if (k < 1 || k > v.size()) throw new NotLowered();
      declare(into, k, k + " pools for output " + output);
      KExpr p = new KExpr.Local("p", Scalar.I32);
      KExpr j = new KExpr.Local("j", Scalar.I32);
      KExpr from = poolStart(p, v.size(), k);
      KExpr sum = new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Load(into, p, Scalar.F64), new KExpr.Load(v.buffer(), j,
          Scalar.F64));
      body.add(new KStmt.ForRange("p", KExpr.Const.i32(0), KExpr.Const.i32(k), List.of(
          new KStmt.Store(into, p, KExpr.Const.f64(0)),
          new KStmt.ForRange("j", from, plus(from, poolSize(p, v.size(), k)), List.of(new KStmt.Store(into, p, sum))))));
      return new Vector(into, k);
    }
    throw new NotLowered();
  }

  /** The first element of pool {@code p} of {@code n} elements in {@code k} pools: p * (n / k) + min(p, n % k). */
  private static KExpr poolStart(KExpr p, int n, int k) {
    KExpr start = new KExpr.Binary(KExpr.BinaryOp.MUL, p, KExpr.Const.i32(n / k));
    return n % k == 0 ? start : plus(start, new KExpr.Binary(KExpr.BinaryOp.MIN, p, KExpr.Const.i32(n % k)));
  }

  /** The size of pool {@code p}: n / k, and one more for the first n % k pools. */
  private static KExpr poolSize(KExpr p, int n, int k) {
    if (n % k == 0) return KExpr.Const.i32(n / k);
    return plus(KExpr.Const.i32(n / k), new KExpr.Select(
        new KExpr.Binary(KExpr.BinaryOp.LT, p, KExpr.Const.i32(n % k)), KExpr.Const.i32(1), KExpr.Const.i32(0)));
  }

  /** {@code a + b} on I32, without adding a constant 0 (what people read in the kernel text). */
  private static KExpr plus(KExpr a, KExpr b) {
    if (a instanceof KExpr.Const c && c.value() == 0) return b;
    if (b instanceof KExpr.Const c && c.value() == 0) return a;
    return new KExpr.Binary(KExpr.BinaryOp.ADD, a, b);
  }

  /** The group an output names, and the count buffer of its spike set (declared for the populations outputs read). */
  private Source source(Expr e) {
    if (!(e instanceof Ref r)) throw new NotLowered();
    Group g = groups.stream().filter(x -> x.name().equals(r.name())).findFirst().orElseThrow(NotLowered::new);
    String counts = port(PortRole.SPIKE_COUNTS, g.spikeSet()).orElseThrow(NotLowered::new);
    String force = port(PortRole.FORCED_SPIKES, g.spikeSet()).orElse(null);
    return new Source(counts, force, g.start(), g.count());
  }

  private Optional<String> port(PortRole role, String subject) {
    return ports.stream().filter(p -> p.role() == role && p.subject().equals(subject)).findFirst().map(Port::buffer);
  }

  /**
   * The index of the largest value; among the {@code ties} equal largest ones, the one at
   * {@code min(ties - 1, (int) (u * ties))} for the draw {@code u} of the tie-break port (0: the
   * first). Scratch {@code pick}: [0] the first largest, [1] the ties, [2] the countdown.
   */
  private void argmax(Output o, Vector v, String value) {
    String tie = prefix + ".tie";
    declare(tie, 1, "tie-break draw of output " + o.name());
    port(tie, PortRole.TIE_BREAK, o.name(), 1);
    String pick = prefix + ".pick";
    buffers.add(new Buffer(pick, Scalar.I32, new Extent.Fixed(3), "argmax of output " + o.name()));
    KExpr i = new KExpr.Local("i", Scalar.I32);
    KExpr vi = new KExpr.Load(v.buffer(), i, Scalar.F64);
    KExpr best = new KExpr.Load(v.buffer(), new KExpr.Load(pick, KExpr.Const.i32(0), Scalar.I32), Scalar.F64);
    KExpr ties = new KExpr.Load(pick, KExpr.Const.i32(1), Scalar.I32);
    KExpr countdown = new KExpr.Load(pick, KExpr.Const.i32(2), Scalar.I32);
    body.add(new KStmt.Store(pick, KExpr.Const.i32(0), KExpr.Const.i32(0)));
    body.add(new KStmt.ForRange("i", KExpr.Const.i32(1), KExpr.Const.i32(v.size()), List.of(new KStmt.If(
        new KExpr.Binary(KExpr.BinaryOp.GT, vi, best), List.of(new KStmt.Store(pick, KExpr.Const.i32(0), i)), List.of()))));
    KExpr tied = new KExpr.Binary(KExpr.BinaryOp.EQ, vi, best);
    body.add(new KStmt.Store(pick, KExpr.Const.i32(1), KExpr.Const.i32(0)));
    body.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(v.size()), List.of(new KStmt.If(tied,
        List.of(new KStmt.Store(pick, KExpr.Const.i32(1), new KExpr.Binary(KExpr.BinaryOp.ADD, ties, KExpr.Const.i32(1)))),
        List.of()))));
    KExpr drawn = new KExpr.Cast(Scalar.I32, new KExpr.Binary(KExpr.BinaryOp.MUL,
        new KExpr.Load(tie, KExpr.Const.i32(0), Scalar.F64), new KExpr.Cast(Scalar.F64, ties)));
    body.add(new KStmt.Store(pick, KExpr.Const.i32(2), new KExpr.Binary(KExpr.BinaryOp.MIN,
        new KExpr.Binary(KExpr.BinaryOp.SUB, ties, KExpr.Const.i32(1)), drawn)));
    body.add(store(value, 0, new KExpr.Cast(Scalar.F64, new KExpr.Load(pick, KExpr.Const.i32(0), Scalar.I32))));
    body.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(v.size()), List.of(new KStmt.If(tied, List.of(
        new KStmt.If(new KExpr.Binary(KExpr.BinaryOp.EQ, countdown, KExpr.Const.i32(0)),
            List.of(store(value, 0, new KExpr.Cast(Scalar.F64, i))), List.of()),
        new KStmt.Store(pick, KExpr.Const.i32(2), new KExpr.Binary(KExpr.BinaryOp.SUB, countdown, KExpr.Const.i32(1)))),
        List.of()))));
  }

  /**
   * For {@code argmax(pools(p, k))}: while the efference port holds 1, every neuron of the chosen
   * pool of {@code p} is forced to fire on the next step, and the port is cleared (one copy per
   * decision the host arms).
   */
  private void efference(Output o, Expr arg, String value) {
    if (!(readout(arg) == Builtin.POOLS && ((Call) arg).args().get(0) instanceof Ref r && r.kind() == RefKind.POPULATION
        && ((Call) arg).args().get(1) instanceof Const kc)) {
      return;
    }
    Source s = source(r);
    if (s.force() == null) return;
    int k = (int) kc.value();
    String armed = prefix + ".efference";
    declare(armed, 1, "efference copy of output " + o.name());
    port(armed, PortRole.EFFERENCE, o.name(), 1);
    KExpr chosen = new KExpr.Local("chosen", Scalar.I32);
    KExpr from = plus(KExpr.Const.i32(s.start()), poolStart(chosen, s.count(), k));
    KExpr i = new KExpr.Local("i", Scalar.I32);
    body.add(new KStmt.If(new KExpr.Binary(KExpr.BinaryOp.NE, new KExpr.Load(armed, KExpr.Const.i32(0), Scalar.F64),
        KExpr.Const.f64(0)), List.of(
            new KStmt.Let("chosen", new KExpr.Cast(Scalar.I32, new KExpr.Load(value, KExpr.Const.i32(0), Scalar.F64))),
            new KStmt.ForRange("i", from, plus(from, poolSize(chosen, s.count(), k)),
                List.of(new KStmt.Store(s.force(), i, KExpr.Const.i32(1)))),
            store(armed, 0, KExpr.Const.f64(0))), List.of()));
  }

  /**
   * The compensated (Kahan) sum of {@code DoubleStream.sum} on this JDK: the running sum less its
   * compensation. The values are finite (counts and rates), so its infinite-sum case never arises.
   */
  private void sum(Vector v, String value) {
    String kahan = prefix + ".sum";
    declare(kahan, 2, "compensated sum for output " + output);
    KExpr s = new KExpr.Load(kahan, KExpr.Const.i32(0), Scalar.F64);
    KExpr c = new KExpr.Load(kahan, KExpr.Const.i32(1), Scalar.F64);
    KExpr i = new KExpr.Local("i", Scalar.I32);
    KExpr tmp = new KExpr.Local("tmp", Scalar.F64);
    KExpr sum = new KExpr.Local("sum", Scalar.F64);
    KExpr velvel = new KExpr.Local("velvel", Scalar.F64);
    body.add(store(kahan, 0, KExpr.Const.f64(0)));
    body.add(store(kahan, 1, KExpr.Const.f64(0)));
    body.add(new KStmt.ForRange("i", KExpr.Const.i32(0), KExpr.Const.i32(v.size()), List.of(
        new KStmt.Let("tmp", new KExpr.Binary(KExpr.BinaryOp.SUB, new KExpr.Load(v.buffer(), i, Scalar.F64), c)),
        new KStmt.Let("sum", s),
        new KStmt.Let("velvel", new KExpr.Binary(KExpr.BinaryOp.ADD, sum, tmp)),
        store(kahan, 1, new KExpr.Binary(KExpr.BinaryOp.SUB, new KExpr.Binary(KExpr.BinaryOp.SUB, velvel, sum), tmp)),
        store(kahan, 0, velvel))));
    body.add(store(value, 0, new KExpr.Binary(KExpr.BinaryOp.SUB, s, c)));
  }

  private void declare(String name, int size, String label) {
    buffers.add(new Buffer(name, Scalar.F64, new Extent.Fixed(size), label));
  }

  private void port(String buffer, PortRole role, String output, int size) {
    newPorts.add(new Port(buffer, role.direction(), role, output, Scalar.F64, size));
  }

  private static KStmt store(String buffer, int index, KExpr value) {
    return new KStmt.Store(buffer, KExpr.Const.i32(index), value);
  }
}
