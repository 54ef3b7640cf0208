package brainc.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.text.KernelParser;
import brainc.ir.kernel.verify.KernelVerifier;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every kernel-IR node kind is run by every kernel engine. The engines compile statements
 * through {@link KStmt.Visitor} (the interpreter's {@code ClosureCompiler} and the emitter's
 * {@code MethodEmitter} each implement it), so a new statement kind does not compile until each
 * engine has decided to run or refuse it; this test then proves, on one program that holds every
 * statement and expression kind, that each engine runs all of them and that they agree bit for bit.
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

  private static void collect(Object o, Set<Object> seen) throws Exception {
    if (o instanceof List<?> l) {
      for (Object x : l) collect(x, seen);
    } else if (o != null && o.getClass().isRecord()) {
      seen.add(o.getClass());
      for (RecordComponent rc : o.getClass().getRecordComponents()) collect(rc.getAccessor().invoke(o), seen);
    }
  }

  @Test
  void everyEngineRunsEveryNodeKindAndTheyAgree() throws Exception {
    KernelProgram p = KernelParser.parse(EVERY_KIND);
    assertEquals(List.of(), KernelVerifier.verify(p));
    Set<Object> seen = new HashSet<>();
    collect(p, seen);
    Set<String> missing = new TreeSet<>();
    for (Class<?> sealed : List.of(KStmt.class, KExpr.class)) {
      for (Class<?> k : sealed.getPermittedSubclasses()) {
        if (!seen.contains(k)) missing.add(k.getSimpleName());
      }
    }
    assertEquals(Set.of(), missing, "node kinds the sample program lacks");
    Jk.Outcome jvm = Jk.compare(p);
    assertNull(jvm.failure(), "how the run ended");
  }
}
