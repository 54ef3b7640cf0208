package brainc.codegen.jvm;

import static brainc.codegen.jvm.Jk.bin;
import static brainc.codegen.jvm.Jk.buffer;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KExpr.BinaryOp;
import brainc.ir.kernel.KExpr.Fn;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Buffer;
import brainc.ir.kernel.KernelProgram.Connection;
import brainc.ir.kernel.KernelProgram.DelayQueue;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random small well-typed kernel programs (expression trees over every scalar type with Rand,
 * Select, Call and Cast; random connection rules, formats and delays) run the same on the
 * interpreter and the jvm backend, bit for bit, or fail the same way.
 */
class JvmProperties {
  private static final int N = 8;
  private static final Scalar[] TYPES = Scalar.values();

  @Property(tries = 50)
  void jvmAgreesWithTheInterpreter(@ForAll("programs") KernelProgram p) {
    Jk.Outcome out = Jk.compare(p);
    String end = out.failure() == null ? "ran" : out.failure().replaceAll(":.*", "");
    Statistics.collect(end, out.sim() != null && out.sim().recorder().arrays().get("spikes").size() > 0
        ? "spiked" : "silent");
  }

  @Provide
  Arbitrary<KernelProgram> programs() {
    return Arbitraries.randomValue(r -> new Gen(r).program());
  }

  /** One program, drawn from {@code r}. */
  static final class Gen {
    final Random r;
    final List<Var> scope = new ArrayList<>();
    boolean synapses;
    int lets;

    record Var(String name, Scalar type) {}

    Gen(Random r) {
      this.r = r;
    }

    KernelProgram program() {
      Rule[] rules = {new Rule.AllToAll(), new Rule.OneToOne(), new Rule.Bernoulli(0.3), new Rule.FixedFanIn(3),
          new Rule.FixedFanOut(3)};
      Rule rule = rules[r.nextInt(rules.length)];
      Format format = Format.values()[r.nextInt(3)];
      if (format == Format.PROCEDURAL && rule instanceof Rule.FixedFanIn) {
        format = Format.CSR;
      }
      synapses = format != Format.PROCEDURAL;
      int maxDelay = 1 + r.nextInt(4);
      Jk.Builder b = new Jk.Builder();
      b.name = "random";
      b.seed = r.nextInt(1000);
      b.steps = 12;
      List<Buffer> buffers = new ArrayList<>();
      for (Scalar t : TYPES) {
        buffers.add(buffer("b" + t, t, N));
      }
      if (synapses) {
        buffers.add(new Buffer("w", Scalar.F32, new Extent.Synapses("c"), "c.w"));
      }
      b.buffers = buffers;
      b.spikeSets = List.of(new KernelProgram.SpikeSet("s", N, "s"));
      b.queues = List.of(new DelayQueue("q", "bF32", maxDelay), new DelayQueue("qd", "bF64", maxDelay));
      b.connections = List.of(new Connection("c", N, N, rule, format, r.nextInt(5), synapses, r.nextBoolean()));

      List<KStmt> init = new ArrayList<>();
      scope.add(new Var("i", Scalar.I32));
      List<KStmt> body = new ArrayList<>();
      for (Scalar t : TYPES) {
        store(body, "b" + t, index(), t);
      }
      scope.clear();
      init.add(new KStmt.ForRange("i", Jk.i32(0), Jk.i32(N), body));
      b.init = init;

      List<KStmt> step = new ArrayList<>();
      step.add(new KStmt.Drain("q"));
      step.add(new KStmt.Drain("qd"));
      scope.add(new Var("i", Scalar.I32));
      body = new ArrayList<>();
      for (int k = r.nextInt(3); k > 0; k--) {
        let(body);
      }
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        Scalar t = TYPES[r.nextInt(TYPES.length)];
        store(body, "b" + t, index(), t);
      }
      body.add(new KStmt.If(expr(Scalar.BOOL, 3), List.of(new KStmt.Emit("s", Jk.var("i"))), List.of()));
      scope.clear();
      step.add(new KStmt.ForRange("i", Jk.i32(0), Jk.i32(N), body));

      scope.add(new Var("k", Scalar.I32));
      scope.add(new Var("post", Scalar.I32));
      scope.add(new Var("syn", Scalar.I32));
      List<KStmt> onPre = new ArrayList<>();
      KExpr delay = switch (r.nextInt(3)) {
        case 0 -> Jk.i32(r.nextInt(maxDelay + 1));
        case 1 -> bin(BinaryOp.REM, Jk.var("post"), Jk.i32(maxDelay + 1));
        default -> new KExpr.Cast(Scalar.I64, bin(BinaryOp.REM, Jk.var("k"), Jk.i32(maxDelay + 1)));
      };
      onPre.add(sanitized(onPre, Scalar.F32, v -> new KStmt.Enqueue("q", delay, Jk.var("post"), v)));
      onPre.add(sanitized(onPre, Scalar.F64, v -> new KStmt.Enqueue("qd", Jk.i32(1), Jk.var("post"), v)));
      if (synapses) {
        store(onPre, "w", Jk.var("syn"), Scalar.F32);
      }
      scope.clear();
      List<KStmt> onSpike = new ArrayList<>();
      onSpike.add(new KStmt.ForTargets("c", Jk.var("k"), "post", "syn", onPre));
      if (synapses) {
        scope.add(new Var("k", Scalar.I32));
        scope.add(new Var("pre", Scalar.I32));
        scope.add(new Var("syn2", Scalar.I32));
        List<KStmt> onPost = new ArrayList<>();
        store(onPost, "w", Jk.var("syn2"), Scalar.F32);
        scope.clear();
        onSpike.add(new KStmt.ForSources("c", Jk.var("k"), "pre", "syn2", onPost));
      }
      step.add(new KStmt.ForSpikes("s", "k", onSpike));
      b.step = step;
      b.probes = List.of(new Probe.Spikes("spikes", "s", 0, N), new Probe.State("f", "bF32", 0, N, 1));
      return b.build();
    }

    private void let(List<KStmt> body) {
      Scalar t = TYPES[r.nextInt(TYPES.length)];
      String name = "x" + lets++;
      body.add(Jk.let(name, expr(t, 3)));
      scope.add(new Var(name, t));
    }

    /** Stores a random value; floats are kept finite, or the driver's NaN check would end most runs. */
    private void store(List<KStmt> body, String buffer, KExpr index, Scalar t) {
      if (!t.isFloat()) {
        body.add(Jk.store(buffer, index, expr(t, 3)));
        return;
      }
      body.add(sanitized(body, t, v -> Jk.store(buffer, index, v)));
    }

    private KStmt sanitized(List<KStmt> body, Scalar t, java.util.function.Function<KExpr, KStmt> use) {
      String name = "t" + lets++;
      body.add(Jk.let(name, expr(t, 3)));
      KExpr v = Jk.local(name, t);
      KExpr limit = t == Scalar.F32 ? Jk.f32(1e6) : Jk.f64(1e6);
      KExpr zero = t == Scalar.F32 ? Jk.f32(0) : Jk.f64(0);
      return use.apply(new KExpr.Select(bin(BinaryOp.LE, new KExpr.Call(Fn.ABS, List.of(v)), limit), v, zero));
    }

    /** An index into the size-N buffers: a loop variable, a constant, or a random draw. */
    private KExpr index() {
      switch (r.nextInt(4)) {
        case 0: return Jk.i32(r.nextInt(N));
        case 1: return new KExpr.Cast(Scalar.I32, bin(BinaryOp.MUL, uniform(), Jk.f64(N)));
        case 2: return new KExpr.Cast(Scalar.I64, loopVar());
        default: return loopVar();
      }
    }

    private KExpr loopVar() {
      List<Var> ints = scope.stream().filter(v -> v.type() == Scalar.I32 && !v.name().startsWith("x")
          && !v.name().startsWith("syn")).toList();
      return ints.isEmpty() ? Jk.i32(r.nextInt(N)) : Jk.var(ints.get(r.nextInt(ints.size())).name());
    }

    private KExpr uniform() {
      return new KExpr.Rand(KExpr.Dist.UNIFORM, r.nextInt(4), loopVar());
    }

    private KExpr rand() {
      KExpr.Dist d = r.nextBoolean() ? KExpr.Dist.UNIFORM : KExpr.Dist.NORMAL;
      KExpr idx = r.nextBoolean() ? loopVar() : bin(BinaryOp.ADD, new KExpr.StepIndex(), Jk.i64(r.nextInt(100)));
      return new KExpr.Rand(d, r.nextInt(4), idx);
    }

    KExpr expr(Scalar t, int depth) {
      if (depth == 0 || r.nextInt(4) == 0) {
        return leaf(t);
      }
      int d = depth - 1;
      int pick = r.nextInt(6);
      if (pick == 0) {
        return new KExpr.Select(expr(Scalar.BOOL, d), expr(t, d), expr(t, d));
      }
      if (pick == 1) {
        Scalar from = TYPES[r.nextInt(TYPES.length)];
        return new KExpr.Cast(t, expr(from, d));
      }
      switch (t) {
        case BOOL: {
          if (pick == 2) {
            return new KExpr.Unary(KExpr.UnaryOp.NOT, expr(t, d));
          }
          if (pick == 3) {
            return bin(r.nextBoolean() ? BinaryOp.AND : BinaryOp.OR, expr(t, d), expr(t, d));
          }
          Scalar of = TYPES[r.nextInt(TYPES.length)];
          BinaryOp[] cmps = of == Scalar.BOOL ? new BinaryOp[] {BinaryOp.EQ, BinaryOp.NE}
              : new BinaryOp[] {BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE, BinaryOp.EQ, BinaryOp.NE};
          return bin(cmps[r.nextInt(cmps.length)], expr(of, d), expr(of, d));
        }
        case F32:
        case F64:
          if (pick == 2) {
            Fn fn = Fn.values()[r.nextInt(Fn.values().length)];
            List<KExpr> args = new ArrayList<>();
            for (int a = 0; a < fn.arity; a++) {
              args.add(expr(t, d));
            }
            return new KExpr.Call(fn, args);
          }
          if (pick == 3) {
            return new KExpr.Unary(KExpr.UnaryOp.NEG, expr(t, d));
          }
          return arithmetic(t, d);
        default:
          if (pick == 3) {
            return new KExpr.Unary(KExpr.UnaryOp.NEG, expr(t, d));
          }
          return arithmetic(t, d);
      }
    }

    private KExpr arithmetic(Scalar t, int d) {
      BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.REM, BinaryOp.MIN,
          BinaryOp.MAX};
      BinaryOp op = ops[r.nextInt(ops.length)];
      KExpr right = expr(t, d);
      if (t.isInt() && (op == BinaryOp.DIV || op == BinaryOp.REM)) {
        // Integer division by zero throws on both backends alike; keep most runs going.
        KExpr zero = constant(t, 0);
        right = new KExpr.Select(bin(BinaryOp.EQ, right, zero), constant(t, 3), right);
      }
      return bin(op, expr(t, d), right);
    }

    private static KExpr constant(Scalar t, double v) {
      return new KExpr.Const(t == Scalar.F32 ? (float) v : v, t);
    }

    private KExpr leaf(Scalar t) {
      List<Var> locals = scope.stream().filter(v -> v.type() == t).toList();
      int pick = r.nextInt(4);
      if (pick == 0 && !locals.isEmpty()) {
        return Jk.local(locals.get(r.nextInt(locals.size())).name(), t);
      }
      if (pick == 1) {
        return new KExpr.Load("b" + t, index(), t);
      }
      if (pick == 2 && t == Scalar.F64) {
        return rand();
      }
      if (pick == 2 && t == Scalar.I64) {
        return new KExpr.StepIndex();
      }
      switch (t) {
        case BOOL: return KExpr.Const.bool(r.nextBoolean());
        case I32: return Jk.i32(r.nextInt(21) - 10);
        case I64: return Jk.i64(r.nextInt(2001) - 1000);
        default: {
          double[] special = {0.0, -0.0, 1.0, 0.5, -2.5, 3.0e-3, 1e10, 7.25};
          double v = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : r.nextGaussian() * 4;
          return constant(t, v);
        }
      }
    }
  }
}
