package brainc.compiler.targets;

import brainc.compiler.passes.DetectCheck;
import brainc.compiler.passes.RunCheck;
import brainc.compiler.passes.TrainCheck;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Decl;
import brainc.ir.model.IrModule;
import brainc.ir.model.TrainSpec;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one engine or artifact target would refuse in a module, before anything is lowered for
 * it: `brainc check --target NAME`. The statements it looks at follow from the program kind the
 * target reads: the kernel IR's engines take every `run` and every `train ... in environment`,
 * the tensor IR's every `train ... on dataset`, the HTM engines every `detect`, and an artifact
 * target of the model IR (`java`) every synapse model it would emit. Everything is reported as
 * an error, with the code the verb would refuse it with: E11xx for what this target lacks (see
 * {@link JavaTargetCheck}), W1020/W1021 for what the lowering shared by every engine of the kind
 * does not implement yet, and the model errors the statement checks find.
 *
 * <pre>
 *   brainc check --target java stdp_rk.brain
 *   → stdp_rk.brain:4:3: error[E1101]: `java` (model IR) integrates synapse equations as `run` does ...
 * </pre>
 */
public final class CapabilityCheck {
  private CapabilityCheck() {}

  /** Everything each engine or target called {@code name} refuses in {@code module}; unknown names find nothing. */
  public static List<Diagnostic> check(IrModule module, String name) {
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (TargetInfo t : Targets.named(name)) out.addAll(check(module, t));
    return new ArrayList<>(out);
  }

  /** Everything {@code target} refuses in {@code module}, as errors. */
  public static List<Diagnostic> check(IrModule module, TargetInfo target) {
    List<Diagnostic> found = new ArrayList<>();
    switch (target.reads()) {
      case KERNEL -> {
        found.addAll(RunCheck.check(module));
        if (target == Targets.CUDA) {
          found.addAll(CudaTargetCheck.check(module));
          break;
        }
        for (Decl d : module.decls()) {
          if (d instanceof TrainSpec t && !t.sourceKind().equals(TrainSpec.DATASET)) found.addAll(TrainCheck.check(module, t));
        }
      }
      case TENSOR -> {
        for (Decl d : module.decls()) {
          if (d instanceof TrainSpec t && t.sourceKind().equals(TrainSpec.DATASET)) found.addAll(TrainCheck.check(module, t));
        }
      }
      case REGION -> found.addAll(DetectCheck.check(module));
      case MODEL -> {
        if (target == Targets.JAVA) found.addAll(JavaTargetCheck.check(module, d -> true));
        if (target == Targets.NIR) {
          found.addAll(brainc.compiler.nir.NirExport.check(module, brainc.compiler.nir.NirOptions.DEFAULT).stream()
              .filter(Diagnostic::isError).toList());
        }
      }
    }
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (Diagnostic d : found) out.add(RunCheck.asError(d));
    return new ArrayList<>(out);
  }
}
