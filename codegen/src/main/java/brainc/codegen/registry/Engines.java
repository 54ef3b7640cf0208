package brainc.codegen.registry;

import brainc.codegen.engine.Engine;

import brainc.codegen.cuda.CudaArtifactTarget;
import brainc.codegen.htm.HtmBackend;
import brainc.codegen.interp.Interpreter;
import brainc.codegen.java.JavaArtifactTarget;
import brainc.codegen.jvm.JvmBackend;
import brainc.codegen.train.TrainEngine;
import brainc.ir.targets.ProgramKind;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one registry of engines and artifact targets: each entry of {@link Targets#ALL} bound to
 * its implementation. Commands and the library API find engines here by program kind and name;
 * a new engine or target is one line in {@code Targets} and one here (a test checks both agree).
 */
public final class Engines {
  private Engines() {}

  private static final Map<TargetInfo, Supplier<Engine>> BOUND = new LinkedHashMap<>();

  static {
    BOUND.put(Targets.JVM, JvmBackend::new);
    BOUND.put(Targets.INTERP, Interpreter::new);
    BOUND.put(Targets.TENSOR_JVM, () -> TrainEngine.JVM);
    BOUND.put(Targets.TENSOR_INTERP, () -> TrainEngine.INTERP);
    BOUND.put(Targets.REGION_JVM, HtmBackend::jvm);
    BOUND.put(Targets.REGION_INTERP, HtmBackend::interp);
    BOUND.put(Targets.JAVA, JavaArtifactTarget::new);
    BOUND.put(Targets.CUDA, CudaArtifactTarget::new);
    BOUND.put(Targets.NIR, brainc.codegen.nir.NirTarget::new);
  }

  /** The implementation of {@code info}, fresh where engines carry options. */
  public static Engine of(TargetInfo info) {
    Supplier<Engine> s = BOUND.get(info);
    if (s == null) throw new IllegalStateException("no implementation bound to " + info.label());
    return s.get();
  }

  /** The engine or target {@code name} for programs of {@code kind}, as {@code type}. */
  public static <E extends Engine> Optional<E> find(ProgramKind kind, String name, Class<E> type) {
    return Targets.find(kind, name).map(Engines::of).filter(type::isInstance).map(type::cast);
  }

  /** Everything bound, in the order of {@link Targets#ALL}. */
  public static List<TargetInfo> all() {
    return List.copyOf(BOUND.keySet());
  }
}
