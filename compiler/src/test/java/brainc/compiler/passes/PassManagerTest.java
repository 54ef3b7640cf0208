package brainc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.Frontend;
import brainc.compiler.lower.Lowering;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.Binary;
import brainc.ir.model.BinaryOp;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.Ref;
import brainc.ir.model.RefKind;
import brainc.ir.model.RunSpec;
import brainc.ir.model.SynapseModel;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.rewrite.Rewrite;
import brainc.ir.source.SourceFile;
import brainc.ir.targets.ProgramKind;
import brainc.ir.types.Real;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one loop every pipeline runs in: declared names are the passes made, each pass is
 * verified, observed and timed in order, and each program kind's spec carries its cost model.
 */
class PassManagerTest {
  private static final String MODEL = """
      use brain.neurons.LIF
      synapse S {
        var w = 0.5 * 2
        on pre {
          deliver w
          w = w + 0.25 * 2
        }
      }
      network N {
        population p = LIF[4]
        connect p -> p weight 1 mV via S
      }
      run N for 1 ms dt 0.1 ms
      """;

  private static IrModule lower(String src) {
    Analysis a = new Frontend().analyze(SourceFile.of("t.brain", src));
    assertTrue(a.diagnostics().isEmpty(), a.diagnostics()::toString);
    return Lowering.lower(a);
  }

  private static RunSpec run(IrModule m) {
    return (RunSpec) m.decls().stream().filter(d -> d instanceof RunSpec).findFirst().orElseThrow();
  }

  @Test
  void thePassNamesAndTheirOrderAreThoseUsersKnow() {
    assertEquals(List.of("specialize-params", "fold-constants", "solve-odes", "schedule", "mark-parallel-loops", "fuse-kernels",
        "forward-loads", "eliminate-dead-locals", "choose-connectivity-format", "outline-parallel-loops"), Pipeline.PASSES);
    assertEquals(List.of("schedule-training", "mark-binary-inputs", "differentiate"), TrainPipeline.PASSES);
    assertEquals(PipelineSpec.KERNEL, PipelineSpec.of(ProgramKind.KERNEL).orElseThrow());
    assertEquals(PipelineSpec.TENSOR, PipelineSpec.of(ProgramKind.TENSOR).orElseThrow());
    assertTrue(PipelineSpec.of(ProgramKind.REGION).isEmpty(), "regions are built, not compiled by passes");
  }

  @Test
  void eachPassIsObservedVerifiedAndTimedInItsDeclaredOrder() {
    IrModule m = lower(MODEL);
    PassContext cx = new PassContext();
    List<String> seen = new ArrayList<>();
    Pipeline.Result r = Pipeline.compile(m, run(m), Pipeline.settings(run(m)), cx, (pass, ir) -> {
      seen.add(pass);
      assertTrue(pass.equals("schedule") || seen.contains("schedule") ? ir instanceof KernelProgram : ir instanceof IrModule,
          pass);
    });
    assertEquals(Pipeline.PASSES, seen);
    assertEquals(Pipeline.PASSES, List.copyOf(cx.timings().keySet()));
    List<String> explained = cx.explanations();
    assertTrue(explained.get(explained.size() - 1).matches("time: outline-parallel-loops \\d+\\.\\d{3} ms"),
        explained::toString);
    assertTrue(r.kernel().connections().size() == 1);
  }

  @Test
  void anInvalidResultIsABugNamedAfterThePassThatMadeIt() {
    Pass<IrModule, IrModule> breaks = new Pass<>() {
      @Override
      public String name() {
        return "break-things";
      }

      @Override
      public IrModule run(IrModule in, PassContext cx) {
        List<brainc.ir.model.Decl> twice = new ArrayList<>(in.decls());
        twice.addAll(in.decls());
        return new IrModule(in.name(), twice);
      }
    };
    IrModule m = lower(MODEL);
    PassManager<IrModule, IrModule> pm = PassManager.<IrModule>start().then(new FoldConstants()).then(breaks);
    assertEquals(List.of("fold-constants", "break-things"), pm.names());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pm.run(m, new PassContext(), (p, ir) -> {}));
    assertTrue(e.getMessage().startsWith("after break-things, the model IR is invalid"), e.getMessage());
  }

  @Test
  void aSpecThatMakesOtherPassesThanItDeclaresIsCaught() {
    PipelineSpec<String, IrModule, IrModule> wrong = new PipelineSpec<>(ProgramKind.MODEL, List.of("fold-constants"),
        PipelineSpec.KERNEL_COSTS, s -> PassManager.<IrModule>start().then(new SolveOdes(1e-4)));
    assertThrows(IllegalStateException.class, () -> wrong.passesFor(""));
  }

  @Test
  void connectivityFormatsFollowTheTargetsCostModel() {
    IrModule m = lower(MODEL);
    KernelProgram[] before = new KernelProgram[1];
    KernelProgram k = Pipeline.compile(m, run(m), Pipeline.settings(run(m)), new PassContext(), (p, ir) -> {
      if (p.equals("eliminate-dead-locals")) before[0] = (KernelProgram) ir;
    }).kernel();
    assertEquals(KernelProgram.Format.DENSE, k.connections().get(0).format(), "4 x 4, all present: dense by default");
    PassContext neverDense = new PassContext().costModel(new PipelineSpec.CostModel(2.0, 0, 50_000_000L));
    KernelProgram csr = new ChooseConnectivityFormat().run(before[0], neverDense);
    assertEquals(KernelProgram.Format.CSR, csr.connections().get(0).format(), "a target that never stores dense");
    assertEquals(PipelineSpec.KERNEL_COSTS.proceduralThreshold(), PassContext.Options.DEFAULTS.proceduralThreshold());
    PassContext lower = new PassContext(new PassContext.Options(false, 7));
    assertEquals(7, lower.costModel().proceduralThreshold(), "an explicit option overrides the target's threshold");
  }

  @Test
  void aRewriteThatChangesNothingReturnsTheSameInstance() {
    Expr x = new Binary(BinaryOp.ADD, new Ref(RefKind.STATE, "v", Real.DIMENSIONLESS),
        new Const(1, Real.DIMENSIONLESS), Real.DIMENSIONLESS);
    assertSame(x, Rewrite.bottomUp(x, e -> e));
    assertSame(x, ConstantFolding.fold(x));
    Expr folded = ConstantFolding.fold(new Binary(BinaryOp.MUL, new Const(2, Real.DIMENSIONLESS),
        new Const(3, Real.DIMENSIONLESS), Real.DIMENSIONLESS));
    assertEquals(new Const(6, Real.DIMENSIONLESS), folded);
  }

  @Test
  void foldingReachesSynapseModels() {
    IrModule m = lower(MODEL);
    IrModule folded = new FoldConstants().run(m, new PassContext());
    assertNotSame(m, folded);
    SynapseModel s = (SynapseModel) folded.find("S").orElseThrow();
    assertEquals(new Const(1.0, s.vars().get(0).initial().type()), s.vars().get(0).initial());
    assertSame(folded, new FoldConstants().run(folded, new PassContext()), "folding twice changes nothing");
    assertTrue(folded.decls().stream().anyMatch(d -> d instanceof Network));
  }
}
