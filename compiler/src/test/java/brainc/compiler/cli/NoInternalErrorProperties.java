package brainc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.BadModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * No generated input makes `brainc check` or `brainc compile --emit-ir` fail as a bug: the
 * inputs are the stdlib and sample files with random edits, and semantically bad models (with
 * and without edits on top). Every outcome is 0 or 1, and nothing prints a stack trace or
 * "internal error". Tries are bounded so that the property runs in seconds.
 */
class NoInternalErrorProperties {
  private static final Path DIR = tempDir();

  @Property(tries = 60)
  void checkNeverFailsAsABug(@ForAll("models") String text) throws IOException {
    Path file = write(text);
    expectUserOutcome(Run.brainc("check", file.toString()), text);
  }

  @Property(tries = 60)
  void compileNeverFailsAsABug(@ForAll("models") String text) throws IOException {
    Path file = write(text);
    expectUserOutcome(Run.brainc("compile", "--emit-ir", file.toString()), text);
  }

  @Provide
  Arbitrary<String> models() {
    return Arbitraries.oneOf(BadModels.mutated(), BadModels.semantic().map(BadModels.Faulty::text),
        BadModels.mutatedSemantic());
  }

  private static void expectUserOutcome(Run r, String text) {
    String all = r.out() + r.err();
    assertTrue(r.code() == 0 || r.code() == 1, () -> "exit " + r.code() + " on:\n" + text + "\n--- stderr ---\n" + r.err());
    for (String bad : new String[] {"internal error", "\tat ", "Exception", "StackOverflowError", "OutOfMemoryError"}) {
      assertFalse(all.contains(bad), () -> "`" + bad + "` in the output on:\n" + text + "\n--- output ---\n" + all);
    }
  }

  private static Path write(String text) throws IOException {
    Path file = DIR.resolve("model.brain");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("brainc-no-70");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (var files = Files.list(DIR)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(DIR);
  }
}
