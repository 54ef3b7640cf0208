package brainc.codegen.engine;

import brainc.ir.targets.TargetInfo;

/**
 * An engine runs verified programs of one kind in this process (a kernel program, a training
 * program, an HTM region); an artifact target writes files for another tool. Each is described by
 * its {@link TargetInfo} (name, program kind, capabilities) and found through {@link Engines},
 * the one registry; the kind-specific interfaces ({@code Backend}, {@code TrainEngine}, {@code
 * HtmBackend}, ...) extend this one.
 */
public interface Engine {
  /** Its name, role, program kind and capabilities, as {@code brainc.ir.targets.Targets} lists them. */
  TargetInfo info();

  /** The name used on the command line ({@code interp}, {@code jvm}, {@code java}). */
  default String name() {
    return info().name();
  }
}
