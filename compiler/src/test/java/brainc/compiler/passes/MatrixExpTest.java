package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The matrix exponential on inputs a checker cannot see: infinite, NaN and huge entries end quickly. */
class MatrixExpTest {
  @Test
  void infiniteOrNanEntriesGiveNanAtOnce() {
    for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
      double[][] r = assertTimeoutPreemptively(Duration.ofSeconds(2),
          () -> MatrixExp.expm(new double[][] {{-1, bad}, {0, 0}}));
      assertTrue(Double.isNaN(r[0][0]) && !MatrixExp.finite(r));
    }
  }

  @Test
  void hugeFiniteEntriesEndQuickly() {
    double[][] r = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> MatrixExp.expm(new double[][] {{1e300, 1e300}, {1e300, 1e300}}));
    assertTrue(!MatrixExp.finite(r));
  }

  @Test
  void ordinaryInputIsUnchanged() {
    double[][] r = MatrixExp.expm(new double[][] {{-0.01}});
    assertEquals(Math.exp(-0.01), r[0][0], 1e-15);
  }
}
