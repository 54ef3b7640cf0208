package brainc.ir.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import brainc.ir.kernel.KernelProgram.Kernel;
import brainc.ir.kernel.text.KernelPrinter;
import org.junit.jupiter.api.Test;

class KernelRewriterTest {
  /** Replaces every F32 constant 0.995 by 0.5, and nothing else. */
  private static final class Halve extends KernelRewriter {
    @Override
    protected KExpr rewrite(KExpr e) {
      return e instanceof KExpr.Const c && c.type() == Scalar.F32 && c.value() == (float) 0.995 ? KExpr.Const.f32(0.5) : e;
    }
  }

  @Test
  void aRewriteThatChangesNothingReturnsTheSameObjects() {
    KernelProgram p = KernelSamples.lif();
    assertSame(p, new KernelRewriter().program(p));
    for (long seed = 0; seed < 50; seed++) {
      KernelProgram g = new KernelGen(seed, false).program();
      assertSame(g, new KernelRewriter().program(g));
    }
  }

  @Test
  void aRewriteRebuildsOnlyThePathToWhatChanged() {
    KernelProgram p = KernelSamples.lif();
    KernelProgram q = new Halve().program(p);
    assertNotSame(p, q);
    assertEquals(KernelPrinter.print(p).replace("0.995f32", "0.5f32"), KernelPrinter.print(q));
    assertSame(p.init(), q.init());
    for (int i = 0; i < p.step().size(); i++) {
      Kernel a = p.step().get(i);
      Kernel b = q.step().get(i);
      if (i == 1) {
        assertNotSame(a, b);
        assertEquals(a.kinds(), b.kinds());
      } else {
        assertSame(a, b);
      }
    }
  }
}
