package brainc.samples.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import brainc.compiler.api.Compiler;
import brainc.compiler.api.RunOptions;
import brainc.compiler.api.Runs;
import brainc.ir.model.IrModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated {@code model.cu} of two samples, kept in {@code golden/cuda/}: a change to the
 * cuda target shows up as a reviewable diff. Rewrite them with {@code -Dbrainc.golden.update=true}.
 */
class CudaGoldenTest {
  private static final boolean UPDATE = Boolean.getBoolean("brainc.golden.update");

  @TestFactory
  Stream<DynamicTest> generatedProgramsMatchTheirGoldenFiles() {
    return Stream.of("cuba.brain", "stdp_pair.brain").map(f -> DynamicTest.dynamicTest(f, () -> check(f)));
  }

  private static void check(String file) throws Exception {
    IrModule module = Compiler.lower(Compiler.check(Path.of(file)));
    List<String> texts = Runs.statements(module).stream().map(run -> {
      try {
        return CudaHost.source(Runs.prepare(module, run, RunOptions.DEFAULTS).kernel());
      } catch (brainc.compiler.api.ModelException e) {
        throw new AssertionError(e.diagnostics().toString());
      }
    }).toList();
    String got = String.join("\n", texts);
    Path golden = Path.of("golden/cuda", file.replaceFirst("\\.brain$", ".cu"));
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, got, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) fail("no golden file " + golden + "; create it with -Dbrainc.golden.update=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), got, "model.cu of " + file + " differs from " + golden);
  }
}
