package brainc.compiler.passes;

import brainc.codegen.htm.RegionBuilder;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Decl;
import brainc.ir.model.HtmRegion;
import brainc.ir.model.IrModule;
import java.util.ArrayList;
import java.util.List;

/**
 * What `brainc detect` would refuse in a region whatever the data (E0802 invalid-htm-setting):
 * settings that are each in range but do not go together, such as a scalar encoder with {@code
 * min >= max} or a date encoder with every feature off. Reported at the encoder (or the region)
 * by `brainc check` for every region, since `detect --corpus --region R` may use any of them;
 * `brainc detect` reports the same diagnostic before reading any CSV.
 */
public final class DetectCheck {
  private DetectCheck() {}

  /** The problems of every region of {@code module}. */
  public static List<Diagnostic> check(IrModule module) {
    List<Diagnostic> out = new ArrayList<>();
    for (Decl d : module.decls()) {
      if (d instanceof HtmRegion r) out.addAll(check(r));
    }
    return out;
  }

  /** The problem of one region, if any (the first: later ones may follow from it). */
  public static List<Diagnostic> check(HtmRegion region) {
    try {
      return RegionBuilder.modelProblem(region).map(p -> List.of(Diagnostic.error(Code.E0802,
          (p.encoder() != null ? p.encoder().origin() : region.origin()).span(), p.message()))).orElse(List.of());
    } catch (RuntimeException e) {
      // Anything else is a bug of brainc, which `brainc detect` reports as one.
      return List.of();
    } catch (LinkageError e) {
      // The language server is built without the backends (codegen); `brainc check` has them.
      return List.of();
    }
  }
}
