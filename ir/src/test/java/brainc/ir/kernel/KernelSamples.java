package brainc.ir.kernel;

import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Const;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Group;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.KernelProgram.SpikeSet;
import java.util.List;

/** Hand-written kernel programs that tests share. */
public final class KernelSamples {
  private KernelSamples() {}

  public static KExpr i(String name) {
    return new KExpr.Local(name, Scalar.I32);
  }

  public static KExpr f32(String name) {
    return new KExpr.Local(name, Scalar.F32);
  }

  public static KExpr load(String buffer, KExpr index) {
    return new KExpr.Load(buffer, index, Scalar.F32);
  }

  public static KExpr bin(BinaryOp op, KExpr a, KExpr b) {
    return new KExpr.Binary(op, a, b);
  }

  /**
   * 4000 leaky integrate-and-fire neurons (3200 excitatory) with an exponentially decaying
   * conductance {@code ge}, fed through a delay queue by a CSR Bernoulli connection from the
   * excitatory neurons to all of them.
   */
  public static KernelProgram lif() {
    List<Buffer> buffers = List.of(
        new Buffer("v", Scalar.F32, new Extent.Fixed(4000), "all.v"),
        new Buffer("ge", Scalar.F32, new Extent.Fixed(4000), "all.ge"),
        new Buffer("w", Scalar.F32, new Extent.Synapses("ee"), "ee.w"));
    List<SpikeSet> spikeSets = List.of(new SpikeSet("all", 4000, "all"));
    List<DelayQueue> queues = List.of(new DelayQueue("q", "ge", 5));
    List<Connection> connections =
        List.of(new Connection("ee", 3200, 4000, new Rule.Bernoulli(0.02), Format.CSR, 7, false, false));
    List<KStmt> init = List.of(
        new KStmt.ForRange("i", Const.i32(0), Const.i32(4000), List.of(
            new KStmt.Store("v", i("i"), bin(BinaryOp.ADD, Const.f32(-0.07),
                bin(BinaryOp.MUL, Const.f32(0.01),
                    new KExpr.Cast(Scalar.F32, new KExpr.Rand(KExpr.Dist.UNIFORM, 1, i("i")))))))),
        new KStmt.ForRange("i", Const.i32(0), Const.i32(3200), List.of(
            new KStmt.ForTargets("ee", i("i"), "j", "s", List.of(
                new KStmt.Store("w", i("s"), Const.f32(5.0E-4)))))));
    IndexSpace all = new IndexSpace.Neurons("all", 4000);
    List<Kernel> step = List.of(
        new Kernel("deliver", KernelKind.DELIVER, all, List.of(new KStmt.Drain("q"))),
        new Kernel("all.update", List.of(KernelKind.UPDATE, KernelKind.THRESHOLD), all, List.of(
        new KStmt.ForRange("i", Const.i32(0), Const.i32(4000), List.of(
            new KStmt.Let("g", bin(BinaryOp.MUL, load("ge", i("i")), Const.f32(0.995))),
            new KStmt.Store("ge", i("i"), f32("g")),
            new KStmt.Let("vn", bin(BinaryOp.ADD, load("v", i("i")),
                bin(BinaryOp.MUL, Const.f32(0.005),
                    bin(BinaryOp.ADD, bin(BinaryOp.SUB, Const.f32(-0.065), load("v", i("i"))),
                        bin(BinaryOp.MUL, f32("g"), new KExpr.Unary(KExpr.UnaryOp.NEG, load("v", i("i")))))))),
            new KStmt.If(bin(BinaryOp.GT, f32("vn"), Const.f32(-0.05)),
                List.of(new KStmt.Emit("all", i("i")), new KStmt.Store("v", i("i"), Const.f32(-0.065))),
                List.of(new KStmt.Store("v", i("i"), f32("vn"))))), true))),
        new Kernel("all.propagate", KernelKind.PROPAGATE, all, List.of(
        new KStmt.ForSpikes("all", "i", List.of(
            new KStmt.If(bin(BinaryOp.LT, i("i"), Const.i32(3200)), List.of(
                new KStmt.ForTargets("ee", i("i"), "j", "s", List.of(
                    new KStmt.Enqueue("q", Const.i32(1), i("j"), load("w", i("s")))))),
                List.of()))))));
    List<Probe> probes = List.of(
        new Probe.Spikes("s1", "all", 0, 3200),
        new Probe.State("vtrace", "v", 0, 10, 10),
        new Probe.Rate("inh_rate", "all", 3200, 800));
    List<Group> groups = List.of(
        new Group("exc", "all", 0, 3200, "LIF"),
        new Group("inh", "all", 3200, 800, "LIF"));
    return new KernelProgram("lif", 1.0E-4, 10000, 42, buffers, spikeSets, queues, connections, init, step,
        probes, groups);
  }
}
