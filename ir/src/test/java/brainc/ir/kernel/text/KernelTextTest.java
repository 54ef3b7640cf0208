package brainc.ir.kernel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelSamples;
import brainc.ir.kernel.Scalar;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel text form of a hand-written program, exactly; the annotations that keep an
 * ill-typed program printable; and parse errors with their positions.
 */
class KernelTextTest {
  static final String LIF = """
      kernel lif dt 1.0E-4 steps 10000 seed 42

      buffer v : f32[4000] "all.v"
      buffer ge : f32[4000] "all.ge"
      buffer w : f32[synapses ee] "ee.w"
      spikes all[4000] "all"
      queue q -> ge max 5
      connection ee 3200 -> 4000 bernoulli(0.02) csr stream 7
      probe spikes s1 of all[0..3200]
      probe state vtrace of v[0..10] every 10
      probe rate inh_rate of all[3200..4000]
      group exc = all[0..3200] "LIF"
      group inh = all[3200..4000] "LIF"
      loop clear_spikes, run_kernels, record_probes, advance_queues, check_finite every 100

      init {
        for i in 0 .. 4000 {
          v[i] = (-0.07f32 + (0.01f32 * f32(uniform(stream 1, i))))
        }
        for i in 0 .. 3200 {
          for j, s in targets ee of i {
            w[s] = 5.0E-4f32
          }
        }
      }

      step {
        kernel deliver : deliver over neurons all[4000] {
          drain q
        }
        kernel "all.update" : update + threshold over neurons all[4000] {
          for i in 0 .. 4000 parallel {
            let g = (ge[i] * 0.995f32)
            ge[i] = g
            let vn = (v[i] + (0.005f32 * ((-0.065f32 - v[i]) + (g * (- v[i])))))
            if (vn > -0.05f32) {
              emit all[i]
              v[i] = -0.065f32
            } else {
              v[i] = vn
            }
          }
        }
        kernel "all.propagate" : propagate over neurons all[4000] {
          for i in spikes all {
            if (i < 3200) {
              for j, s in targets ee of i {
                enqueue q[j] += w[s] after 1
              }
            }
          }
        }
      }
      """;

  /** The mark of outline-parallel-loops prints after `parallel`, parses back, and verifies at the top of a kernel. */
  @Test
  void anOutlinedLoopRoundTrips() {
    String text = LIF.replace("4000 parallel {", "4000 parallel outlined {");
    KernelProgram p = KernelParser.parse(text);
    brainc.ir.kernel.KStmt.ForRange loop = (brainc.ir.kernel.KStmt.ForRange) p.step().get(1).body().get(0);
    org.junit.jupiter.api.Assertions.assertTrue(loop.parallel() && loop.outlined());
    assertEquals(text, KernelPrinter.print(p));
    assertEquals(p, brainc.ir.kernel.ParallelLoops.outline(KernelParser.parse(LIF)));
    assertEquals(List.of(), brainc.ir.kernel.verify.KernelVerifier.verify(p));
  }

  @Test
  void printsTheLifSampleExactly() {
    assertEquals(LIF, KernelPrinter.print(KernelSamples.lif()));
  }

  @Test
  void parsesTheLifSampleBack() {
    assertEquals(KernelSamples.lif(), KernelParser.parse(LIF));
  }

  /** Ports print after the groups, `of` only for per-group roles, and parse back into equal ports. */
  @Test
  void portsPrintAndParseBack() {
    KernelProgram lif = KernelSamples.lif();
    List<KernelProgram.Port> ports = List.of(
        new KernelProgram.Port("v", KernelProgram.Direction.IN, KernelProgram.PortRole.OBSERVATION, "all", Scalar.F32, 4000),
        new KernelProgram.Port("ge", KernelProgram.Direction.OUT, KernelProgram.PortRole.SPIKE_COUNTS, "all", Scalar.F32,
            4000));
    KernelProgram p = new KernelProgram(lif.name(), lif.dt(), lif.steps(), lif.seed(), lif.buffers(), lif.spikeSets(),
        lif.queues(), lif.connections(), lif.init(), lif.step(), lif.probes(), lif.groups(), ports, lif.loop());
    String text = KernelPrinter.print(p);
    assertEquals(LIF.replace("\nloop ", "\nport v in observation of all : f32[4000]\n"
        + "port ge out spike_counts of all : f32[4000]\nloop "), text);
    assertEquals(p, KernelParser.parse(text));
    KernelSyntaxException x = assertThrows(KernelSyntaxException.class,
        () -> KernelParser.parse(text.replace("port v in observation", "port v sideways observation")));
    assertEquals("expected a Direction keyword but found 'sideways'", x.getMessage().replaceFirst("^.*?: ", ""));
  }

  private static KernelProgram withStep(KStmt... step) {
    KernelProgram p = KernelSamples.lif();
    return new KernelProgram(p.name(), p.dt(), p.steps(), p.seed(), p.buffers(), p.spikeSets(), p.queues(),
        p.connections(), List.of(), List.of(new KernelProgram.Kernel("k", KernelProgram.KernelKind.UPDATE,
            new KernelProgram.IndexSpace.Single(), List.of(step))), List.of(), List.of());
  }

  private static String stepText(KernelProgram p) {
    String text = KernelPrinter.print(p);
    return text.substring(text.indexOf("step {"));
  }

  @Test
  void annotatesLoadsAndLocalsWhoseTypeCannotBeDerived() {
    KernelProgram p = withStep(new KStmt.Store("v", new KExpr.Local("k", Scalar.I64),
        new KExpr.Binary(KExpr.BinaryOp.ADD, new KExpr.Load("v", KExpr.Const.i32(0), Scalar.F64),
            new KExpr.Load("nope", KExpr.Const.i32(1), Scalar.BOOL))));
    assertEquals("step {\n  kernel k : update over single {\n    v[k : i64] = (v[0] : f64 + nope[1] : bool)\n  }\n}\n",
        stepText(p));
    assertEquals(p, KernelParser.parse(KernelPrinter.print(p)));
  }

  @Test
  void writesConstantsSoThatTheirBitsComeBack() {
    KernelProgram p = withStep(new KStmt.Let("a", new KExpr.Const(0.1, Scalar.F32)),
        new KStmt.Let("b", new KExpr.Const(-0.0, Scalar.I32)),
        new KStmt.Let("c", new KExpr.Const(Double.NEGATIVE_INFINITY, Scalar.F64)),
        new KStmt.Let("d", new KExpr.Const(Float.NaN, Scalar.F32)),
        new KStmt.Let("e", new KExpr.Const(-3, Scalar.I64)),
        new KStmt.Let("f", new KExpr.Const(1e300, Scalar.I32)),
        new KStmt.Let("if", KExpr.Const.bool(false)));
    assertEquals("step {\n  kernel k : update over single {\n    let a = 0.1f32d\n    let b = -0.0i32\n"
        + "    let c = -Infinityf64\n    let d = NaNf32\n    let e = -3i64\n    let f = 1.0E300i32\n"
        + "    let \"if\" = false\n  }\n}\n", stepText(p));
    assertEquals(p, KernelParser.parse(KernelPrinter.print(p)));
  }

  private static String errorOf(String text) {
    return assertThrows(KernelSyntaxException.class, () -> KernelParser.parse(text)).getMessage();
  }

  @Test
  void reportsSyntaxErrorsWithLineAndColumn() {
    assertEquals("1:8: expected a name but found '3'", errorOf("kernel 3"));
    assertEquals("3:15: expected ']' but found 'x'",
        errorOf("kernel k dt 1.0 steps 1 seed 0\nbuffer v : f32[4000] \"v\"\nspikes all[10 x]"));
    assertEquals("2:53: 'j' is not a local in scope and has no ': type'",
        errorOf("kernel k dt 1.0 steps 1 seed 0 init { }\nstep { kernel a : update over single { v[j : i32] = j } }"));
    assertEquals("2:48: a constant needs a type suffix (f32, f64, i32, i64, bool) but found '0.5'",
        errorOf("kernel k dt 1.0 steps 1 seed 0 init { }\nstep { kernel a : update over single { let x = 0.5 } }"));
    assertEquals("1:32: invalid kernel IR: negative size -1",
        errorOf("kernel k dt 1.0 steps 1 seed 0 spikes s[-1] \"s\" init { } step { }"));
    assertEquals("1:1: invalid kernel IR: dt must be positive: 0.0",
        errorOf("kernel k dt 0.0 steps 1 seed 0 init { } step { }"));
    assertEquals("1:47: 'exp' takes 1 argument but has 2",
        errorOf("kernel k dt 1.0 steps 1 seed 0 init { let x = exp(1.0f32, 2.0f32) } step { }"));
    assertEquals("1:59: expected a KernelKind keyword but found 'lunch'",
        errorOf("kernel k dt 1.0 steps 1 seed 0 init { } step { kernel a : lunch over single { } }"));
    assertEquals("1:37: expected a driver phase (clear_spikes, run_kernels, record_probes, advance_queues, "
        + "run_readouts, check_finite) but found 'nap'", errorOf("kernel k dt 1.0 steps 1 seed 0 loop nap init { } step { }"));
    assertEquals("1:71: expected an index space (neurons, synapses, single) but found 'everything'",
        errorOf("kernel k dt 1.0 steps 1 seed 0 init { } step { kernel a : update over everything { } }"));
  }
}
