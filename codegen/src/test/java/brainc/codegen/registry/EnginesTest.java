package brainc.codegen.registry;

import brainc.codegen.engine.Engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import brainc.ir.targets.TargetInfo;
import brainc.ir.targets.Targets;
import org.junit.jupiter.api.Test;

class EnginesTest {
  @Test
  void everyTargetOfTheTableIsBoundToAnImplementationThatDescribesItself() {
    assertEquals(Targets.ALL, Engines.all());
    for (TargetInfo t : Targets.ALL) {
      Engine e = Engines.of(t);
      assertSame(t, e.info(), t.label());
      assertEquals(t.name(), e.name());
    }
  }

  @Test
  void enginesAreFoundByKindAndName() {
    for (TargetInfo t : Targets.ALL) {
      assertSame(t, Engines.find(t.reads(), t.name(), Engine.class).orElseThrow().info());
    }
    assertEquals(java.util.Optional.empty(), Engines.find(brainc.ir.targets.ProgramKind.KERNEL, "nir", Engine.class));
    // cuda reads the kernel IR but runs nowhere in this process: it is no Backend.
    assertSame(Targets.CUDA, Engines.find(brainc.ir.targets.ProgramKind.KERNEL, "cuda", Engine.class).orElseThrow().info());
    assertEquals(java.util.Optional.empty(), Engines.find(brainc.ir.targets.ProgramKind.KERNEL, "cuda", brainc.codegen.Backend.class));
  }
}
