package brainc.ir.kernel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.kernel.KExpr;
import brainc.ir.kernel.KStmt;
import brainc.ir.kernel.KernelGen;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.KernelProgram.Extent;
import brainc.ir.kernel.KernelProgram.Format;
import brainc.ir.kernel.KernelProgram.IndexSpace;
import brainc.ir.kernel.KernelProgram.KernelKind;
import brainc.ir.kernel.KernelProgram.Probe;
import brainc.ir.kernel.KernelProgram.Rule;
import brainc.ir.kernel.Scalar;
import brainc.ir.kernel.verify.KernelVerifier;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Proves that the printer, parser and verifier handle every kernel node kind: it walks
 * {@link Class#getPermittedSubclasses()} of each sealed hierarchy and the constants of each enum
 * the IR uses, and checks that the generated corpus, which round-trips and verifies, contains
 * every one of them. A new node kind fails here until the generator (and so the text form and
 * the verifier) covers it.
 */
class KernelNodeCoverageTest {
  private static final List<Class<?>> SEALED =
      List.of(KStmt.class, KExpr.class, Extent.class, Rule.class, Probe.class, IndexSpace.class,
          KernelProgram.Phase.class);
  private static final List<Class<? extends Enum<?>>> ENUMS = List.of(Scalar.class, Format.class, KernelKind.class,
      KExpr.UnaryOp.class, KExpr.BinaryOp.class, KExpr.Fn.class, KExpr.Dist.class);

  /** Collects the record classes and enum constants reachable from a value. */
  private static void collect(Object o, Set<Object> seen) throws Exception {
    if (o instanceof List) {
      for (Object x : (List<?>) o) collect(x, seen);
    } else if (o instanceof Enum) {
      seen.add(o);
    } else if (o != null && o.getClass().isRecord()) {
      seen.add(o.getClass());
      for (RecordComponent rc : o.getClass().getRecordComponents()) collect(rc.getAccessor().invoke(o), seen);
    }
  }

  @Test
  void everyNodeKindIsGeneratedRoundTripsAndVerifies() throws Exception {
    Set<Object> seen = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      KernelProgram p = new KernelGen(seed, true).program();
      String text = KernelPrinter.print(p);
      assertEquals(p, KernelParser.parse(text), text);
      assertEquals(List.of(), KernelVerifier.verify(p), text);
      collect(p, seen);
    }
    Set<String> missing = new TreeSet<>();
    for (Class<?> s : SEALED) {
      for (Class<?> k : s.getPermittedSubclasses()) {
        if (!seen.contains(k)) missing.add(k.getName());
      }
    }
    for (Class<? extends Enum<?>> e : ENUMS) {
      for (Enum<?> c : e.getEnumConstants()) {
        if (!seen.contains(c)) missing.add(e.getSimpleName() + "." + c.name());
      }
    }
    assertEquals(Set.of(), missing, "node kinds that no generated program contains");
  }
}
