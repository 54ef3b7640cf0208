package brainc.compiler.targets;

import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Decl;
import brainc.ir.model.DetectSpec;
import brainc.ir.model.IrModule;
import brainc.ir.model.TrainSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What the `cuda` target refuses beyond what every kernel-IR engine refuses: it compiles `run`
 * statements only, so each `train` (training stays on the JVM) and each `detect` (HTM regions)
 * statement is an E1104 at the statement; `--float64` is E1105 where a verb takes it.
 */
public final class CudaTargetCheck {
  private CudaTargetCheck() {}

  /** An E1104 at every statement of {@code module} other than `run`. */
  public static List<Diagnostic> check(IrModule module) {
    List<Diagnostic> out = new ArrayList<>();
    for (Decl d : module.decls()) {
      if (d instanceof TrainSpec t) {
        out.add(Diagnostic.error(Code.E1104, t.origin().span(), "`cuda` (kernel IR) compiles `run` statements only, "
            + "not `train " + t.target() + "`: train it with `brainc train` (engines jvm, interp)"));
      } else if (d instanceof DetectSpec s) {
        out.add(Diagnostic.error(Code.E1104, s.origin().span(), "`cuda` (kernel IR) compiles `run` statements only, "
            + "not `detect " + s.target() + "`: HTM regions run with `brainc detect` (engines jvm, interp)"));
      }
    }
    return out;
  }

  /** The E1105 of `--float64` for the run statement at {@code at}. */
  public static Diagnostic float64(brainc.ir.source.Span at) {
    return Diagnostic.error(Code.E1105, at, "`cuda` (kernel IR) computes in float32 only: drop --float64, or run in "
        + "double precision with --backend jvm");
  }
}
