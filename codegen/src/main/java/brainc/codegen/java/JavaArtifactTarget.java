package brainc.codegen.java;

import brainc.codegen.engine.Engine;
import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;

/** The {@code java} artifact target: Java source and jqwik property tests ({@link JavaTarget}). */
public final class JavaArtifactTarget implements Engine {
  @Override
  public TargetInfo info() {
    return Targets.JAVA;
  }
}
