package brainc.compiler.cli;

import brainc.codegen.Backend;
import brainc.codegen.engine.Engines;
import brainc.ir.target.ProgramKind;
import brainc.ir.target.Targets;
import java.util.List;
import java.util.Optional;

/**
 * The kernel engines by name, for `train … in environment` until it prepares its network through
 * the library API; `run` already does. A view of the registry ({@link Engines}), not a second
 * one: delete it once TrainCommand no longer uses it.
 */
final class Backends {
  static final List<String> NAMES = Targets.engines(ProgramKind.KERNEL);

  private Backends() {}

  static Optional<Backend> byName(String name) {
    return Engines.find(ProgramKind.KERNEL, name, Backend.class);
  }
}
