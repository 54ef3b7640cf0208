package brainc.compiler.passes;

import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.model.Network;
import brainc.ir.model.RunSpec;
import brainc.ir.targets.ProgramKind;
import brainc.ir.tensor.TensorProgram;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the targets of one program kind declare about their compilation: the passes, in order,
 * by name (for {@code --dump-ir} and {@code --help}), how to make them for given settings, and
 * the cost model the passes decide by. Region programs have no passes.
 *
 * @param <S> what the passes are made for (a run and its settings; a network)
 */
public record PipelineSpec<S, I, O>(ProgramKind kind, List<String> passes, CostModel costModel,
    Function<S, PassManager<I, O>> make) {
  public PipelineSpec {
    passes = List.copyOf(passes);
  }

  /**
   * The thresholds behind {@code choose-connectivity-format}: a matrix at least {@code
   * denseDensity} full and of at most {@code denseMaxEntries} entries is stored dense; a static
   * connection of more than {@code proceduralThreshold} synapses is regenerated, not stored.
   */
  public record CostModel(double denseDensity, long denseMaxEntries, long proceduralThreshold) {
    public CostModel withProceduralThreshold(long threshold) {
      return new CostModel(denseDensity, denseMaxEntries, threshold);
    }
  }

  /** What the kernel pipeline is made for: a run and its settings after command-line overrides. */
  public record Run(RunSpec run, Pipeline.RunSettings settings) {}

  /** What the training pipeline is made for: a network, and whether resets are detached from gradients. */
  public record Training(Network net, boolean detachReset) {}

  /** The cost model of the kernel engines (jvm, interp). */
  public static final CostModel KERNEL_COSTS = new CostModel(0.5, 4_000_000L, 50_000_000L);

  /** Model IR of a run to kernel IR: the passes of the kernel engines. */
  public static final PipelineSpec<Run, IrModule, KernelProgram> KERNEL = new PipelineSpec<>(ProgramKind.KERNEL,
      List.of("specialize-params", "fold-constants", "solve-odes", "schedule", "mark-parallel-loops", "fuse-kernels", "forward-loads",
          "eliminate-dead-locals", "choose-connectivity-format", "outline-parallel-loops"),
      KERNEL_COSTS,
      r -> modelPasses(r.settings())
          .then(new LowerRun(r.run(), r.settings()))
          .then(new MarkParallelLoops()).then(new FuseKernels()).then(new ForwardLoads()).then(new EliminateDeadLocals())
          .then(new ChooseConnectivityFormat()).then(new OutlineParallelLoops()));

  /**
   * The model-IR passes that open {@link #KERNEL}, before {@code schedule}: what {@link
   * RunLegality} reads to find what the scheduler cannot lower, without lowering.
   */
  static PassManager<IrModule, IrModule> modelPasses(Pipeline.RunSettings settings) {
    return PassManager.<IrModule>start()
        .then(new SpecializePopulations()).then(new FoldConstants()).then(new SolveOdes(settings.dt()));
  }

  /** Model IR of a network to a differentiated training program: the passes of the tensor engines. */
  public static final PipelineSpec<Training, IrModule, TensorProgram> TENSOR = new PipelineSpec<>(ProgramKind.TENSOR,
      List.of("schedule-training", "mark-binary-inputs", "differentiate"),
      KERNEL_COSTS,
      t -> PassManager.<IrModule>start()
          .then(new LowerTraining(t.net(), t.detachReset())).then(new MarkBinaryInputs()).then(new Differentiate()));

  /** The passes for {@code settings}; their names are the declared ones (a mismatch is a compiler bug). */
  public PassManager<I, O> passesFor(S settings) {
    PassManager<I, O> pm = make.apply(settings);
    if (!pm.names().equals(passes)) {
      throw new IllegalStateException("the " + kind + " pipeline declares " + passes + " but makes " + pm.names());
    }
    return pm;
  }

  /** The pipeline of programs of {@code kind}; none for region programs, which are built, not compiled. */
  public static Optional<PipelineSpec<?, ?, ?>> of(ProgramKind kind) {
    return switch (kind) {
      case KERNEL -> Optional.of(KERNEL);
      case TENSOR -> Optional.of(TENSOR);
      default -> Optional.empty();
    };
  }
}
