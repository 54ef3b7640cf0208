package brainc.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.text.KernelParser;
import brainc.ir.kernel.verify.KernelVerifier;
import brainc.ir.targets.ProgramKind;
import brainc.ir.targets.Targets;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every kernel-IR node kind is run by every kernel engine, decided through the visitors. Each
 * engine compiles statements and expressions through {@link KStmt.Visitor} and {@link
 * KExpr.Visitor} (the interpreter's {@code ClosureCompiler}; the emitter's {@code MethodEmitter},
 * whose conditions are a visitor too), so a new node kind does not compile until each engine has
 * decided to run or refuse it. This test counts the kinds of one program with a visitor of its own,
 * so it does not compile either until the new kind is counted; it then proves that the program
 * holds every kind and that each engine runs all of them and they agree bit for bit.
 */
class EngineNodeCoverageTest {
  static final String EVERY_KIND = """
      kernel every dt 1.0E-4 steps 6 seed 3

      buffer v : f32[4] "v"
      buffer d : f64[4] "d"
      buffer w : f32[synapses c] "w"
      spikes s[4] "s"
      queue q -> v max 3
      connection c 4 -> 4 all_to_all csr stream 9 reverse autapses

      init {
        for i in 0 .. 4 {
          v[i] = f32(uniform(stream 2, i))
        }
      }

      step {
        kernel deliver : deliver over neurons s[4] {
          drain q
        }
        kernel update : update + threshold over neurons s[4] {
          for i in 0 .. 4 {
            let x = (v[i] + f32(uniform(stream 1, i)))
            let y = select((x > 0.5f32), exp(x), (- x))
            d[i] = (f64(step) + f64(y))
            if ((x > 0.9f32) and (not (x < 0.0f32))) {
              emit s[i]
              v[i] = 0.0f32
            } else {
              v[i] = min(x, 1.0f32)
            }
          }
        }
        kernel propagate : propagate over neurons s[4] {
          for i in spikes s {
            for j, k in targets c of i {
              enqueue q[j] += w[k] after 2
            }
          }
        }
        kernel post : post_plasticity over neurons s[4] {
          for i in spikes s {
            for p, k in sources c of i {
              w[k] = (w[k] + 0.01f32)
            }
          }
        }
      }
      """;

  /** The visit methods a walk of a program calls, by name: one per node kind it holds. */
  private static final class Census implements KStmt.Visitor<Void, Void>, KExpr.Visitor<Void, Void> {
    final Set<String> seen = new TreeSet<>();

    void program(KernelProgram p) {
      block(p.init());
      block(p.stepStatements());
    }

    private void block(List<KStmt> body) {
      body.forEach(s -> s.accept(this, null));
    }

    private void exprs(KExpr... es) {
      for (KExpr e : es) e.accept(this, null);
    }

    @Override
    public Void visitForRange(KStmt.ForRange s, Void x) {
      seen.add("visitForRange");
      exprs(s.start(), s.end());
      block(s.body());
      return null;
    }

    @Override
    public Void visitForSpikes(KStmt.ForSpikes s, Void x) {
      seen.add("visitForSpikes");
      block(s.body());
      return null;
    }

    @Override
    public Void visitForTargets(KStmt.ForTargets s, Void x) {
      seen.add("visitForTargets");
      exprs(s.pre());
      block(s.body());
      return null;
    }

    @Override
    public Void visitForSources(KStmt.ForSources s, Void x) {
      seen.add("visitForSources");
      exprs(s.post());
      block(s.body());
      return null;
    }

    @Override
    public Void visitLet(KStmt.Let s, Void x) {
      seen.add("visitLet");
      exprs(s.value());
      return null;
    }

    @Override
    public Void visitStore(KStmt.Store s, Void x) {
      seen.add("visitStore");
      exprs(s.index(), s.value());
      return null;
    }

    @Override
    public Void visitIf(KStmt.If s, Void x) {
      seen.add("visitIf");
      exprs(s.condition());
      block(s.then());
      block(s.otherwise());
      return null;
    }

    @Override
    public Void visitEmit(KStmt.Emit s, Void x) {
      seen.add("visitEmit");
      exprs(s.index());
      return null;
    }

    @Override
    public Void visitEnqueue(KStmt.Enqueue s, Void x) {
      seen.add("visitEnqueue");
      exprs(s.delay(), s.index(), s.value());
      return null;
    }

    @Override
    public Void visitDrain(KStmt.Drain s, Void x) {
      seen.add("visitDrain");
      return null;
    }

    @Override
    public Void visitConst(KExpr.Const e, Void x) {
      seen.add("visitConst");
      return null;
    }

    @Override
    public Void visitLoad(KExpr.Load e, Void x) {
      seen.add("visitLoad");
      exprs(e.index());
      return null;
    }

    @Override
    public Void visitLocal(KExpr.Local e, Void x) {
      seen.add("visitLocal");
      return null;
    }

    @Override
    public Void visitUnary(KExpr.Unary e, Void x) {
      seen.add("visitUnary");
      exprs(e.operand());
      return null;
    }

    @Override
    public Void visitBinary(KExpr.Binary e, Void x) {
      seen.add("visitBinary");
      exprs(e.left(), e.right());
      return null;
    }

    @Override
    public Void visitCall(KExpr.Call e, Void x) {
      seen.add("visitCall");
      e.args().forEach(a -> a.accept(this, null));
      return null;
    }

    @Override
    public Void visitSelect(KExpr.Select e, Void x) {
      seen.add("visitSelect");
      exprs(e.condition(), e.then(), e.otherwise());
      return null;
    }

    @Override
    public Void visitCast(KExpr.Cast e, Void x) {
      seen.add("visitCast");
      exprs(e.operand());
      return null;
    }

    @Override
    public Void visitRand(KExpr.Rand e, Void x) {
      seen.add("visitRand");
      exprs(e.index());
      return null;
    }

    @Override
    public Void visitStepIndex(KExpr.StepIndex e, Void x) {
      seen.add("visitStepIndex");
      return null;
    }
  }

  /** The visit method of each node kind: one per permitted subclass, as the visitors declare. */
  private static Set<String> visitMethods() {
    Set<String> all = new TreeSet<>();
    for (Class<?> visitor : List.of(KStmt.Visitor.class, KExpr.Visitor.class)) {
      for (Method m : visitor.getDeclaredMethods()) all.add(m.getName());
    }
    Set<String> kinds = new TreeSet<>();
    for (Class<?> sealed : List.of(KStmt.class, KExpr.class)) {
      for (Class<?> k : sealed.getPermittedSubclasses()) kinds.add("visit" + k.getSimpleName());
    }
    assertEquals(kinds, all, "one visit method per node kind");
    return all;
  }

  /** Whether {@code engine} (or a class nested in it) holds a visitor of {@code visitor}'s type. */
  private static boolean dispatchesThrough(Class<?> engine, Class<?> visitor) {
    List<Class<?>> classes = new ArrayList<>(List.of(engine));
    classes.addAll(List.of(engine.getDeclaredClasses()));
    for (Class<?> c : classes) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getType() == visitor) return true;
      }
    }
    return false;
  }

  /** The kernel engines of the registry are the two this test covers: a third must join it. */
  @Test
  void everyKernelEngineDispatchesThroughTheVisitors() throws Exception {
    assertEquals(List.of("jvm", "interp"), Targets.engines(ProgramKind.KERNEL));
    for (String engine : List.of("brainc.codegen.interp.ClosureCompiler", "brainc.codegen.jvm.KernelEmitter")) {
      Class<?> c = Class.forName(engine);
      assertTrue(dispatchesThrough(c, KStmt.Visitor.class), engine + " compiles statements through KStmt.Visitor");
      assertTrue(dispatchesThrough(c, KExpr.Visitor.class), engine + " compiles expressions through KExpr.Visitor");
    }
  }

  @Test
  void everyEngineRunsEveryNodeKindAndTheyAgree() {
    KernelProgram p = KernelParser.parse(EVERY_KIND);
    assertEquals(List.of(), KernelVerifier.verify(p));
    Census census = new Census();
    census.program(p);
    assertEquals(visitMethods(), census.seen, "node kinds the sample program holds");
    Jk.Outcome jvm = Jk.compare(p);
    assertNull(jvm.failure(), "how the run ended");
  }
}
