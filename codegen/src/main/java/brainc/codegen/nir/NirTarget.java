package brainc.codegen.nir;

import brainc.codegen.engine.Engine;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;

/** The {@code nir} artifact target: a NIR graph per network ({@link NirWriter}). */
public final class NirTarget implements Engine {
  @Override
  public TargetInfo info() {
    return Targets.NIR;
  }
}
