package brainc.compiler.api;

import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.targets.CapabilityCheck;
import brainc.ir.diag.Diagnostic;
import brainc.ir.targets.Targets;
import java.util.List;

/**
 * Target legality as diagnostics: what an engine or artifact target would refuse in a model,
 * found without lowering anything for it or running anything ({@code brainc check --target}).
 * E11xx codes name what the target lacks; W1020/W1021 what no engine of its kind runs yet.
 */
public final class Legality {
  private Legality() {}

  /**
   * What {@code brainc check} (and the language server) add to the front end's diagnostics: for
   * each `run`, `train` and `detect` statement, what the engine it would use refuses, at check's
   * levels (a valid model that no engine runs yet is a warning, W1020/W1021; the verb refuses it
   * with the same code). The engines of one program kind share their lowering and today their
   * capabilities for every construct a statement can hold, so the engine a statement names
   * (`backend`) and the default find the same; nothing when the analysis has errors.
   */
  public static List<Diagnostic> statements(Analysis analysis) {
    return brainc.compiler.passes.RunCheck.check(analysis);
  }

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
