package brainc.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizer and schedule values at the edge of their ranges that would make training meaningless. */
class TrainSettingsCheckTest {
  private static final String MODEL = """
      use brain.neurons.Leaky
      network Halves {
        input pixels[16] encode bernoulli(steps = 8)
        layer out = Leaky[2]
        connect pixels -> out dense
        output logits = spike_count(out)
      }
      train Halves on dataset fashion_mnist {
        loss cross_entropy(logits)
        SETTING
      }
      """;

  private static List<String> check(String setting) {
    SourceFile f = SourceFile.of("t.brain", MODEL.replace("SETTING", setting));
    Analysis a = new Frontend().analyze(f);
    return a.diagnostics().stream().map(d -> render(f, d)).toList();
  }

  private static String render(SourceFile f, Diagnostic d) {
    return "[" + f.lines().position(d.span().start()) + ".." + f.lines().position(d.span().end()) + "] "
        + d.code().id();
  }

  @Test
  void aZeroLearningRateIsAnErrorAtTheValue() {
    assertEquals(List.of("[10:23..10:24] E0307"), check("optimizer adam(lr = 0)"));
    assertEquals(List.of("[10:17..10:18] E0307"), check("optimizer sgd(0)"));
  }

  @Test
  void adamDecaysOfOneAndAZeroEpsilonAreErrors() {
    assertEquals(List.of("[10:26..10:29] E0307"), check("optimizer adam(beta1 = 1.0)"));
    assertEquals(List.of("[10:26..10:27] E0307"), check("optimizer adam(beta2 = 1)"));
    assertEquals(List.of("[10:24..10:25] E0307"), check("optimizer adam(eps = 0)"));
  }

  @Test
  void aMomentumOfOneAndAZeroDecayFactorAreErrors() {
    assertEquals(List.of("[10:28..10:29] E0307"), check("optimizer sgd(momentum = 1)"));
    assertEquals(List.of("[10:43..10:44] E0307"), check("schedule step_decay(every = 2, factor = 0)"));
  }

  @Test
  void anInfiniteArgumentIsAnErrorAtTheValue() {
    assertEquals(List.of("[10:23..10:36] E0309"), check("optimizer adam(lr = 1e300 * 1e300)"));
  }

  @Test
  void valuesBeyondTheCatalogRangeAreReportedOnceAndGoodValuesPass() {
    assertEquals(List.of("[10:23..10:25] E0307"), check("optimizer adam(lr = -1)"));
    assertEquals(List.of(), check("optimizer adam(lr = 0.001, beta1 = 0.9, beta2 = 0.99, eps = 1e-8)"));
    assertEquals(List.of(), check("schedule step_decay(every = 2, factor = 0.5)"));
  }
}
