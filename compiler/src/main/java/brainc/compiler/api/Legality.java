package brainc.compiler.api;

import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.targets.CapabilityCheck;
import brainc.ir.diag.Diagnostic;
import brainc.ir.target.Targets;
import java.util.List;

/**
 * Target legality as diagnostics: what an engine or artifact target would refuse in a model,
 * found without lowering anything for it or running anything ({@code brainc check --target}).
 * E11xx codes name what the target lacks; W1020/W1021 what no engine of its kind runs yet.
 */
public final class Legality {
  private Legality() {}

  /**
   * What each engine or target called {@code target} (one of {@link Targets#names()}) refuses in
   * an analysed model, as errors; nothing when the analysis has errors (those come first).
   */
  public static List<Diagnostic> check(Analysis analysis, String target) {
    if (!Targets.names().contains(target)) throw new IllegalArgumentException("no engine or target `" + target + "`");
    if (analysis.hasErrors()) return List.of();
    return CapabilityCheck.check(Lowering.lower(analysis), target);
  }
}
