package brainc.compiler.api;

import brainc.codegen.registry.Engines;
import brainc.codegen.java.JavaArtifactTarget;
import brainc.codegen.java.JavaTarget;
import brainc.compiler.passes.PassContext;
import brainc.compiler.passes.Pipeline;
import brainc.compiler.passes.RunCheck;
import brainc.compiler.targets.CapabilityCheck;
import brainc.ir.diag.Code;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.IrModule;
import brainc.ir.model.RunSpec;
import brainc.ir.targets.ProgramKind;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code brainc compile --target NAME}: the files a target writes for a module, by relative
 * path. The target is found in the registry ({@link Targets}, {@link Engines}): an artifact
 * target of the model IR ({@code java}: synapse simulators and their property tests) or a
 * kernel-IR engine that can write its program ({@code jvm}: a class file per `run`), or the
 * {@code cuda} target of the kernel IR (a CUDA program per `run`, in a folder named after its network). What the
 * target cannot do is refused first, as diagnostics ({@link ModelException}: E11xx, W1021 as an
 * error), never met halfway through generation.
 */
public final class Artifacts {
  private Artifacts() {}

  /** The names {@code --target} takes: the artifact targets, then the engines that write files. */
  public static List<String> names() {
    return Stream.concat(Targets.artifacts().stream(), Stream.of(Targets.JVM.name())).toList();
  }

  /** The target {@code name}, if it writes files. */
  public static Optional<TargetInfo> find(String name) {
    Optional<TargetInfo> artifact = Targets.named(name).stream().filter(t -> t.role() == TargetInfo.Role.ARTIFACT).findFirst();
    if (artifact.isPresent()) return artifact;
    return name.equals(Targets.JVM.name()) ? Optional.of(Targets.JVM) : Optional.empty();
  }

  /** The GPU architectures the cuda target's Makefile builds for unless told otherwise. */
  public static final List<String> DEFAULT_CUDA_ARCHITECTURES = brainc.codegen.cuda.CudaArtifactTarget.DEFAULT_ARCHITECTURES;
  /** The files of a NIR export ({@code <Network>.nir}) and its warnings. */
  public record NirFiles(Map<String, byte[]> files, List<Diagnostic> warnings) {}

  /**
   * {@code compile --target nir}: a {@code <Network>.nir} per network a `run` statement names, or
   * every refusal of every statement (E11xx, {@link ModelException}) and no file at all.
   */
  public static NirFiles nir(IrModule module, brainc.compiler.nir.NirOptions options) throws ModelException {
    var result = brainc.compiler.nir.NirExport.export(module, options);
    if (result.refused()) throw new ModelException(result.diagnostics().stream().filter(Diagnostic::isError).toList());
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (var e : result.graphs().entrySet()) {
      try {
        files.put(e.getKey() + ".nir", brainc.codegen.nir.NirWriter.bytes(e.getValue(), options.compress()));
      } catch (java.io.IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    }
    return new NirFiles(files, result.diagnostics());
  }

  /** The files {@code target} writes for {@code module} (lowered from an error-free analysis). */
  public static Map<String, byte[]> generate(IrModule module, TargetInfo target) throws ModelException {
    return generate(module, target, DEFAULT_CUDA_ARCHITECTURES);
  }

  /**
   * As {@link #generate(IrModule, TargetInfo)}, with the GPU architectures the cuda target's
   * Makefile builds for (each {@code sm_NN}, at least sm_80; other targets ignore them).
   */
  public static Map<String, byte[]> generate(IrModule module, TargetInfo target, List<String> cudaArchitectures)
      throws ModelException {
    // The jvm engine writes the program of each `run`, so only the runs' refusals stop it; an
    // input without values (E1007) does not: compile shows how a network that is trained with
    // its inputs compiles.
    if (target == Targets.NIR) return nir(module, brainc.compiler.nir.NirOptions.DEFAULT).files();
    List<Diagnostic> found = target == Targets.JVM ? RunCheck.check(module) : CapabilityCheck.check(module, target);
    List<Diagnostic> refused = found.stream().filter(d -> d.code() != Code.E1007).map(RunCheck::asError).toList();
    if (refused.isEmpty() && target.reads() == ProgramKind.KERNEL) {
      // Where an input without values hid them, the runs' lowering problems still stop it.
      refused = Runs.statements(module).stream().flatMap(run -> RunCheck.loweringProblems(module, run, Pipeline.settings(run))
          .stream()).map(RunCheck::asError).toList();
    }
    if (!refused.isEmpty()) throw new ModelException(refused);
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (Engines.of(target) instanceof JavaArtifactTarget) {
      var sources = JavaTarget.generate(module, JavaTarget.packageFor(module.name()), d -> true, JavaTarget.DEFAULT_TRIES)
          .sources();
      sources.forEach((path, text) -> files.put(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return files;
    }
    if (Engines.of(target) instanceof brainc.codegen.cuda.CudaArtifactTarget) {
      var cuda = new brainc.codegen.cuda.CudaArtifactTarget(cudaArchitectures);
      for (RunSpec run : Runs.statements(module)) {
        var compiled = Pipeline.compile(module, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {});
        String folder = run.target().replaceAll("[^A-Za-z0-9_]", "_") + "/";
        cuda.generate(compiled.kernel()).forEach((path, bytes) -> files.put(folder + path, bytes));
      }
      return files;
    }
    if (target == Targets.JVM) {
      for (var d : module.decls()) {
        if (!(d instanceof RunSpec run)) continue;
        var compiled = Pipeline.compile(module, run, Pipeline.settings(run), new PassContext(), (p, ir) -> {});
        files.put(run.target().replaceAll("[^A-Za-z0-9_]", "_") + ".class", brainc.codegen.jvm.JvmBackend.generate(compiled.kernel()));
      }
      return files;
    }
    throw new IllegalStateException("no files are written for " + target.label());
  }
}
