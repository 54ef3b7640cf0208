package brainc.ir.targets;

import static brainc.ir.targets.Capability.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Every engine and artifact target brainc has, with what each can do: the one table the engine
 * registry binds implementations to (a test keeps the two in step), the capability check reads,
 * and `brainc targets` prints. It lives in {@code ir} so that the language server, which never
 * sees the backends, can check a statement against the target it names.
 */
public final class Targets {
  private Targets() {}

  public static final TargetInfo INTERP = new TargetInfo("interp", TargetInfo.Role.ENGINE, ProgramKind.KERNEL,
      EnumSet.of(SNAPSHOT, THREADS, FLOAT64, EXACT_INTEGRATION, RK4, SYNAPSE_ODES, PLASTICITY, DELAYS,
          PROCEDURAL_CONNECTIVITY, CLOSED_LOOP),
      "the reference interpreter: closures over primitive slots; it defines the semantics");
  public static final TargetInfo JVM = new TargetInfo("jvm", TargetInfo.Role.ENGINE, ProgramKind.KERNEL,
      EnumSet.of(SNAPSHOT, THREADS, FLOAT64, EXACT_INTEGRATION, RK4, SYNAPSE_ODES, PLASTICITY, DELAYS,
          PROCEDURAL_CONNECTIVITY, CLOSED_LOOP),
      "one hidden class per program, emitted with ASM; bit-identical to the interpreter");
  public static final TargetInfo TENSOR_INTERP = new TargetInfo("interp", TargetInfo.Role.ENGINE, ProgramKind.TENSOR,
      EnumSet.of(SNAPSHOT, THREADS, SURROGATE_GRADIENTS),
      "the reference tensor interpreter, element by element");
  public static final TargetInfo TENSOR_JVM = new TargetInfo("jvm", TargetInfo.Role.ENGINE, ProgramKind.TENSOR,
      EnumSet.of(SNAPSHOT, THREADS, SURROGATE_GRADIENTS, VECTOR_KERNELS),
      "maps and dense layers compiled to bytecode, shapes folded in; same results as the interpreter");
  public static final TargetInfo REGION_INTERP = new TargetInfo("interp", TargetInfo.Role.ENGINE, ProgramKind.REGION,
      EnumSet.of(SNAPSHOT, HTM), "the runtime's reference HTM kernels");
  public static final TargetInfo REGION_JVM = new TargetInfo("jvm", TargetInfo.Role.ENGINE, ProgramKind.REGION,
      EnumSet.of(SNAPSHOT, HTM), "HTM kernels emitted per region with its constants folded in");
  public static final TargetInfo JAVA = new TargetInfo("java", TargetInfo.Role.ARTIFACT, ProgramKind.MODEL,
      EnumSet.of(PROPERTY_TESTS, PLASTICITY, SYNAPSE_ODES, EXACT_INTEGRATION),
      "Java source (JavaPoet) and jqwik property tests of synapse models, integrated as `run` integrates them");
  public static final TargetInfo CUDA = new TargetInfo("cuda", TargetInfo.Role.ARTIFACT, ProgramKind.KERNEL,
      EnumSet.of(EXACT_INTEGRATION, RK4, SYNAPSE_ODES, PLASTICITY, DELAYS, PROCEDURAL_CONNECTIVITY),
      "a CUDA C++ program per `run` (nvcc; `make host` builds it with g++), bit-identical to the interpreter in "
          + "deterministic mode; `run --backend cuda` builds and runs it on this machine's GPU");

  public static final TargetInfo NIR = new TargetInfo("nir", TargetInfo.Role.ARTIFACT, ProgramKind.MODEL,
      EnumSet.of(GRAPH_EXPORT),
      "a NIR 1.0.7 graph (HDF5) per network, for neuromorphic tools and chips: LIF, IF, LI, CubaLIF, weights, delays");

  /** All of them, engines first, in the order `brainc targets` prints them. */
  public static final List<TargetInfo> ALL = List.of(JVM, INTERP, TENSOR_JVM, TENSOR_INTERP, REGION_JVM, REGION_INTERP,
      JAVA, CUDA, NIR);

  /** The engine or target {@code name} that reads {@code kind}. */
  public static Optional<TargetInfo> find(ProgramKind kind, String name) {
    return ALL.stream().filter(t -> t.reads() == kind && t.name().equals(name)).findFirst();
  }

  /** The names of the engines that read {@code kind}, default first. */
  public static List<String> engines(ProgramKind kind) {
    return ALL.stream().filter(t -> t.reads() == kind && t.role() == TargetInfo.Role.ENGINE).map(TargetInfo::name).toList();
  }

  /** Every name `--target` accepts (`brainc check --target`), in table order, each once. */
  public static List<String> names() {
    return ALL.stream().map(TargetInfo::name).distinct().toList();
  }

  /** Every engine or target called {@code name}, whatever it reads. */
  public static List<TargetInfo> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).toList();
  }

  /** The names of the artifact targets (`compile --target`). */
  public static List<String> artifacts() {
    return ALL.stream().filter(t -> t.role() == TargetInfo.Role.ARTIFACT).map(TargetInfo::name).toList();
  }
}
