package brainc.compiler.passes;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.Scalar;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Network;
import brainc.ir.model.Ref;
import brainc.ir.rewrite.ConstantFolding;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Lowers the signal functions of spike events into statements of the signals kernel, which runs
 * once per step after the spikes of the step are known; each keeps its state in small buffers of
 * its own (so snapshots and resumes carry it), and both engines run the same statements.
 *
 * <ul>
 *   <li>{@code coincidence(a, b, within)}: 1 on a step in which a neuron of {@code b} spikes and a
 *       neuron of {@code a} spiked 1 to W steps before (W = within / dt rounded, at least 1), else
 *       0. It keeps the steps since {@code a}'s last spike, saturated at W + 1.
 *   <li>{@code delayed(x, min, max, capacity)}: on a step where {@code x} is not 0, its value is
 *       scheduled to arrive after a delay drawn uniformly from the whole steps in [min, max] (each
 *       rounded, at least 1), from the counter-based generator keyed by (seed, stream, step, slot);
 *       the function's value is the sum of what arrives this step. At most {@code capacity}
 *       events wait at once; an event finding every slot taken is dropped.
 *   <li>{@code leaky(x, tau)}: {@code s ← s · exp(−dt / tau) + x} each step; the value is s.
 * </ul>
 */
final class LowerSpikeSignals {
  private final Network net;
  private final Scalar real;
  private final double dt;
  private final List<KernelProgram.Buffer> buffers;
  private final List<KStmt> init;
  private final LongSupplier nextStream;
  private final ToIntFunction<String> sizeOf;
  private int count;

  LowerSpikeSignals(Network net, Scalar real, double dt, List<KernelProgram.Buffer> buffers, List<KStmt> init,
      LongSupplier nextStream, ToIntFunction<String> sizeOf) {
    this.net = net;
    this.real = real;
    this.dt = dt;
    this.buffers = buffers;
    this.init = init;
    this.nextStream = nextStream;
    this.sizeOf = sizeOf;
  }

  static boolean handles(Call c) {
    return List.of("coincidence", "delayed", "leaky").contains(c.function());
  }

  /** Whole steps of a time constant argument, at least 1. */
  private long steps(brainc.ir.model.Expr e) {
    double seconds = ((Const) ConstantFolding.fold(e)).value();
    return Math.max(1, Math.round(seconds / dt));
  }

  private KExpr real(double v) {
    return new KExpr.Const(real == Scalar.F32 ? (float) v : v, real);
  }

  private static final KExpr ZERO = KExpr.Const.i32(0);

  private String buffer(String signal, String what, int size) {
    String name = "signal." + signal + "." + what + "." + count;
    buffers.add(new KernelProgram.Buffer(name, real, new KernelProgram.Extent.Fixed(size), what + " of signal " + signal));
    return name;
  }

  private KExpr load(String b) {
    return new KExpr.Load(b, ZERO, real);
  }

  private static KExpr bin(KExpr.BinaryOp op, KExpr a, KExpr b) {
    return new KExpr.Binary(op, a, b);
  }

  /**
   * {@code body} for each spike of the population or named slice {@code name} in this step; the
   * spike's index (of the whole population) is in {@code var}.
   */
  private KStmt forSpikesOf(String name, String var, List<KStmt> body) {
    KernelGroups.Target t = KernelGroups.targetOf(net, name);
    int n = sizeOf.applyAsInt(name);
    int whole = sizeOf.applyAsInt(t.population());
    if (t.offset() == 0 && n == whole) return new KStmt.ForSpikes(t.population(), var, body);
    KExpr i = new KExpr.Local(var, Scalar.I32);
    KExpr in = bin(KExpr.BinaryOp.AND, bin(KExpr.BinaryOp.GE, i, KExpr.Const.i32(t.offset())),
        bin(KExpr.BinaryOp.LT, i, KExpr.Const.i32(t.offset() + n)));
    return new KStmt.ForSpikes(t.population(), var, List.of(new KStmt.If(in, body, List.of())));
  }

  /** The value of {@code c} this step; its statements go to {@code before} (they run before the signal is stored). */
  KExpr lower(Call c, KExpr x, String signal, List<KStmt> before) {
    count++;
    switch (c.function()) {
      case "coincidence" -> {
        String pre = ((Ref) c.args().get(0)).name();
        String post = ((Ref) c.args().get(1)).name();
        long w = steps(c.args().get(2));
        String since = buffer(signal, "steps_since_pre", 1);
        String hit = buffer(signal, "coincidence", 1);
        init.add(new KStmt.Store(since, ZERO, real(w + 1)));
        before.add(new KStmt.Store(since, ZERO, bin(KExpr.BinaryOp.MIN, bin(KExpr.BinaryOp.ADD, load(since), real(1)),
            real(w + 1))));
        before.add(new KStmt.Store(hit, ZERO, real(0)));
        before.add(forSpikesOf(post, "post_" + count, List.of(new KStmt.If(bin(KExpr.BinaryOp.LE, load(since), real(w)),
            List.of(new KStmt.Store(hit, ZERO, real(1))), List.of()))));
        before.add(forSpikesOf(pre, "pre_" + count, List.of(new KStmt.Store(since, ZERO, real(0)))));
        return load(hit);
      }
      case "delayed" -> {
        long lo = steps(c.args().get(1));
        long hi = Math.max(lo, steps(c.args().get(2)));
        int capacity = (int) ((Const) ConstantFolding.fold(c.args().get(3))).value();
        long stream = nextStream.getAsLong();
        String left = buffer(signal, "steps_left", capacity);
        String carried = buffer(signal, "carried", capacity);
        String in = buffer(signal, "event", 1);
        String out = buffer(signal, "arrived", 1);
        String placed = buffer(signal, "placed", 1);
        String q = "slot_" + count;
        KExpr slot = new KExpr.Local(q, Scalar.I32);
        KExpr leftQ = new KExpr.Load(left, slot, real);
        // Arrivals first, so that an event scheduled d steps ahead arrives exactly d steps later.
        before.add(new KStmt.Store(out, ZERO, real(0)));
        before.add(new KStmt.ForRange(q, ZERO, KExpr.Const.i32(capacity), List.of(
            new KStmt.If(bin(KExpr.BinaryOp.GT, leftQ, real(0)), List.of(
                new KStmt.Store(left, slot, bin(KExpr.BinaryOp.SUB, leftQ, real(1))),
                new KStmt.If(bin(KExpr.BinaryOp.EQ, leftQ, real(0)), List.of(
                    new KStmt.Store(out, ZERO, bin(KExpr.BinaryOp.ADD, load(out), new KExpr.Load(carried, slot, real)))),
                    List.of())),
                List.of()))));
        // Then this step's event takes the first free slot with a delay of lo + floor(u * (hi - lo + 1)) steps.
        before.add(new KStmt.Store(in, ZERO, x));
        String q2 = "free_" + count;
        KExpr slot2 = new KExpr.Local(q2, Scalar.I32);
        KExpr u = new KExpr.Rand(KExpr.Dist.UNIFORM, stream, slot2);
        KExpr delay = bin(KExpr.BinaryOp.MIN, bin(KExpr.BinaryOp.ADD, new KExpr.Const((double) lo, Scalar.F64),
            new KExpr.Call(KExpr.Fn.FLOOR, List.of(bin(KExpr.BinaryOp.MUL, u, new KExpr.Const((double) (hi - lo + 1), Scalar.F64))))),
            new KExpr.Const((double) hi, Scalar.F64));
        before.add(new KStmt.If(bin(KExpr.BinaryOp.NE, load(in), real(0)), List.of(
            new KStmt.Store(placed, ZERO, real(0)),
            new KStmt.ForRange(q2, ZERO, KExpr.Const.i32(capacity), List.of(
                new KStmt.If(bin(KExpr.BinaryOp.AND, bin(KExpr.BinaryOp.EQ, load(placed), real(0)),
                    bin(KExpr.BinaryOp.EQ, new KExpr.Load(left, slot2, real), real(0))), List.of(
                    new KStmt.Store(left, slot2, new KExpr.Cast(real, delay)),
                    new KStmt.Store(carried, slot2, load(in)),
                    new KStmt.Store(placed, ZERO, real(1))),
                    List.of())))),
            List.of()));
        return load(out);
      }
      default -> {
        double decay = Math.exp(-dt / ((Const) ConstantFolding.fold(c.args().get(1))).value());
        String s = buffer(signal, "leaky", 1);
        before.add(new KStmt.Store(s, ZERO, bin(KExpr.BinaryOp.ADD, bin(KExpr.BinaryOp.MUL, load(s), real(decay)), x)));
        return load(s);
      }
    }
  }
}
