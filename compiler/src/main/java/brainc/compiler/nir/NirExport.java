package brainc.compiler.nir;

import brainc.codegen.nir.NirGraph;
import brainc.compiler.passes.FoldConstants;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.PassManager;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.passes.PipelineSpec;
import brainc.compiler.passes.RunCheck;
import brainc.compiler.passes.SpecializePopulations;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.Decl;
import brainc.ir.model.DetectSpec;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.model.TrainSpec;
import brainc.ir.targets.ProgramKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nir} target's compilation: for each `run` statement's network, the model IR through
 * {@code specialize-params → fold-constants → recognize-nir}, then the writer ({@code emit}, in
 * {@code brainc.codegen.nir}). Chip mapping ({@code quantize → partition}) will sit between
 * recognition and emission; it is not part of this version. What cannot be exported is reported
 * for every statement in one run.
 */
public final class NirExport {
  private NirExport() {}

  /** A `run` statement and the module it belongs to, with the export's choices and where its warnings go. */
  public record Statement(IrModule module, RunSpec run, NirOptions options, List<Diagnostic> notes) {}

  /** The model passes of the nir target, by name; {@code emit} writes their result. */
  public static final PipelineSpec<Statement, IrModule, NirGraph> PIPELINE = new PipelineSpec<>(ProgramKind.MODEL,
      List.of("specialize-params", "fold-constants", "recognize-nir"), PipelineSpec.KERNEL_COSTS,
      s -> PassManager.<IrModule>start().then(new SpecializePopulations()).then(new FoldConstants())
          .then(new RecognizeNir(s.module(), s.run(), s.options(), s.notes())));

  /** The graphs by network name (each network once), and every diagnostic: errors mean no graph may be written. */
  public record Result(Map<String, NirGraph> graphs, List<Diagnostic> diagnostics) {
    public Result {
      graphs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(graphs));
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean refused() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
  }

  /** The graphs of every `run` statement of {@code module}, or why not. */
  public static Result export(IrModule module, NirOptions options) {
    return go(module, options, true);
  }

  /** What {@link #export} refuses and warns of, without drawing a synapse ({@code brainc check --target nir}). */
  public static List<Diagnostic> check(IrModule module, NirOptions options) {
    return go(module, options, false).diagnostics();
  }

  private static Result go(IrModule module, NirOptions options, boolean materialise) {
    Map<String, NirGraph> graphs = new LinkedHashMap<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Decl d : module.decls()) {
      if (d instanceof DetectSpec s) {
        diagnostics.add(Diagnostic.error(Code.E1112, s.origin().span(), "`nir` cannot export `detect`: HTM regions "
            + "have no NIR form"));
      } else if (d instanceof TrainSpec t) {
        diagnostics.add(Diagnostic.error(Code.E1112, t.origin().span(), t.sourceKind().equals(TrainSpec.DATASET)
            ? "`nir` exports the networks of `run` statements; `" + t.target() + "`'s trained weights are in the "
            + "weights.npz that `brainc train` writes, which the export does not read yet"
            : "`nir` cannot export `train ... in environment`: agents, workspaces, rule bases and meta loops have no "
            + "NIR form"));
      } else if (d instanceof RunSpec run && seen.add(run.target())) {
        // The synapses are drawn as `run` draws them, from its kernel program: what stops that
        // lowering stops the export too.
        List<Diagnostic> lowering = RunCheck.loweringProblems(module, run, Pipeline.settings(run));
        if (!lowering.isEmpty()) {
          lowering.stream().map(RunCheck::asError).forEach(diagnostics::add);
          continue;
        }
        List<Diagnostic> notes = new ArrayList<>();
        try {
          if (materialise) {
            graphs.put(run.target(), PIPELINE.passesFor(new Statement(module, run, options, notes))
                .run(module, new PassContext().target(run.target()), (p, ir) -> {}));
          } else {
            IrModule folded = PassManager.<IrModule>start().then(new SpecializePopulations()).then(new FoldConstants())
                .run(module, new PassContext().target(run.target()), (p, ir) -> {});
            diagnostics.addAll(new RecognizeNir(module, run, options, notes).refusals(folded));
          }
        } catch (RecognizeNir.Refused e) {
          diagnostics.addAll(e.diagnostics());
        }
        diagnostics.addAll(notes);
      }
    }
    return new Result(graphs, diagnostics);
  }
}
