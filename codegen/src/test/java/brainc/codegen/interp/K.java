package brainc.codegen.interp;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.Scalar;
import java.util.List;

/** Short spellings of kernel IR for hand-built test programs. */
final class K {
  private K() {}

  static KExpr f32(double v) {
    return KExpr.Const.f32(v);
  }

  static KExpr f64(double v) {
    return KExpr.Const.f64(v);
  }

  static KExpr i32(int v) {
    return KExpr.Const.i32(v);
  }

  static KExpr i64(long v) {
    return new KExpr.Const(v, Scalar.I64);
  }

  static KExpr var(String name) {
    return new KExpr.Local(name, Scalar.I32);
  }

  static KExpr local(String name, Scalar type) {
    return new KExpr.Local(name, type);
  }

  static KExpr load(String buffer, KExpr index, Scalar type) {
    return new KExpr.Load(buffer, index, type);
  }

  static KExpr bin(BinaryOp op, KExpr a, KExpr b) {
    return new KExpr.Binary(op, a, b);
  }

  static KExpr step() {
    return new KExpr.StepIndex();
  }

  static KStmt store(String buffer, KExpr index, KExpr value) {
    return new KStmt.Store(buffer, index, value);
  }

  static KStmt let(String name, KExpr value) {
    return new KStmt.Let(name, value);
  }

  static KStmt when(KExpr c, KStmt... then) {
    return new KStmt.If(c, List.of(then), List.of());
  }

  static KStmt forRange(String var, int n, KStmt... body) {
    return new KStmt.ForRange(var, i32(0), i32(n), List.of(body));
  }

  static Buffer buffer(String name, Scalar type, int size) {
    return new Buffer(name, type, new Extent.Fixed(size), name.replace('_', '.'));
  }

  /** A program with everything given and the rest empty. */
  static final class Builder {
    String name = "test";
    double dt = 1e-4;
    long steps = 100;
    long seed = 1;
    List<Buffer> buffers = List.of();
    List<KernelProgram.SpikeSet> spikeSets = List.of();
    List<KernelProgram.DelayQueue> queues = List.of();
    List<KernelProgram.Connection> connections = List.of();
    List<KStmt> init = List.of();
    List<KStmt> step = List.of();
    List<KernelProgram.Probe> probes = List.of();
    List<KernelProgram.Group> groups = List.of();

    KernelProgram build() {
      // Marked as the compiler's mark-parallel-loops and outline-parallel-loops passes would:
      // backends split only outlined loops.
      return brainc.ir.kernel.ParallelLoops.outline(brainc.ir.kernel.ParallelLoops.mark(new KernelProgram(name, dt,
          steps, seed, buffers, spikeSets, queues, connections, init, KernelProgram.Kernel.of(step), probes, groups)));
    }
  }
}
