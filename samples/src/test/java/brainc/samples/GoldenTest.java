package brainc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import brainc.compiler.cli.Brainc;
import brainc.compiler.driver.Analysis;
import brainc.compiler.driver.DiagnosticRenderer;
import brainc.compiler.driver.Frontend;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden corpus, one dynamic test per file:
 *
 * <ul>
 *   <li>every {@code samples/*.brain} checks without a single diagnostic;
 *   <li>every {@code golden/diagnostics/*.brain} reports exactly the diagnostics written inline
 *       under the offending lines (code, severity and exact range; message by prefix), see
 *       {@link Expectations};
 *   <li>every {@code golden/ir/*.brain} compiles with {@code brainc compile --emit-ir} to the
 *       text in the {@code .ir} file beside it.
 * </ul>
 *
 * With {@code -Dbrainc.golden.update=true} the expected files are rewritten from what the
 * compiler does now; review the diff before committing it.
 */
class GoldenTest {
  private static final Path ROOT = Path.of("");
  private static final boolean UPDATE = Boolean.getBoolean("brainc.golden.update");

  /**
   * Samples that do not check yet, each with the reason. A test of a listed sample is skipped,
   * not passed, so the list shows up in every report until it is empty.
   */
  private static final Map<String, String> KNOWN_FAILING = Map.of();

  @TestFactory
  Stream<DynamicTest> samplesCheckClean() throws IOException {
    return files(ROOT, ".brain").map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String known = KNOWN_FAILING.get(f.getFileName().toString());
      Analysis a = analyze(f);
      if (known != null && !a.diagnostics().isEmpty()) Assumptions.abort("known failure: " + known);
      assertTrue(a.diagnostics().isEmpty(), () -> "expected no diagnostics, got:\n"
          + new DiagnosticRenderer(a.sources()).human(a.diagnostics()));
    }));
  }

  @TestFactory
  Stream<DynamicTest> diagnostics() throws IOException {
    return files(ROOT.resolve("golden/diagnostics"), ".brain")
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> checkInline(f)));
  }

  /**
   * {@code golden/diagnostics/codes/CODE.brain}: the example of each code that
   * {@code docs/diagnostics.md} shows; it must report that code (and exactly what it expects).
   */
  @TestFactory
  Stream<DynamicTest> codeExamples() throws IOException {
    return files(ROOT.resolve("golden/diagnostics/codes"), ".brain")
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
          checkInline(f);
          String code = f.getFileName().toString().replace(".brain", "");
          assertTrue(new Expectations(Files.readString(f, StandardCharsets.UTF_8)).expected().stream()
              .anyMatch(e -> e.code().equals(code)), f + " is the example of " + code + " but does not report it");
        }));
  }

  @TestFactory
  Stream<DynamicTest> irSnapshots() throws IOException {
    return files(ROOT.resolve("golden/ir"), ".brain")
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> checkIr(f)));
  }

  @TestFactory
  Stream<DynamicTest> kernelSnapshots() throws IOException {
    return files(ROOT.resolve("golden/kernel"), ".brain")
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> checkKernel(f)));
  }

  /** The kernel IR after the last pass, as `brainc compile --dump-ir=after:...` prints it. */
  private static void checkKernel(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Brainc.execute(new String[] {"compile", file.toString(), "--dump-ir=after:outline-parallel-loops"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, () -> "brainc compile " + file + " --dump-ir failed:\n" + stderr);
    String kernel = out.toString(StandardCharsets.UTF_8);
    Path snapshot = Path.of(file.toString().replaceFirst("\\.brain$", ".kernel"));
    if (UPDATE) {
      Files.writeString(snapshot, kernel, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(snapshot)) fail("no snapshot " + snapshot + "; create it with -Dbrainc.golden.update=true");
    assertEquals(Files.readString(snapshot, StandardCharsets.UTF_8), kernel, "kernel IR of " + file + " differs from " + snapshot);
  }

  /** The first line of a fixture checked against one target, as `brainc check --target NAME` does. */
  private static final String TARGET = "// check --target ";

  private static void checkInline(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    SourceFile source = new SourceFile(new brainc.ir.source.SourceId(file.toString()), text);
    Analysis analysis = new Frontend().analyze(source);
    Expectations ex = new Expectations(text);
    List<Expectations.Expect> unmatched = new ArrayList<>(ex.expected());
    List<Expectations.Expect> shown = new ArrayList<>();
    List<String> loose = new ArrayList<>();
    DiagnosticRenderer renderer = new DiagnosticRenderer(analysis.sources());
    // What `brainc check` reports: the front end's diagnostics, then what a `run` would refuse;
    // in a file that starts with `// check --target NAME`, what that target refuses instead.
    List<Diagnostic> reported = new ArrayList<>(analysis.diagnostics());
    Optional<String> target = text.startsWith(TARGET) ? Optional.of(text.substring(TARGET.length()).lines().findFirst()
        .orElse("").strip()) : Optional.empty();
    reported.addAll(target.isPresent() ? brainc.compiler.api.Legality.check(analysis, target.get())
        : brainc.compiler.passes.RunCheck.check(analysis));
    for (Diagnostic d : reported) {
      Optional<Expectations.Expect> actual =
          d.span().source().equals(source.id()) ? Expectations.of(d, source) : Optional.empty();
      if (actual.isEmpty()) {
        loose.add(renderer.human(d).lines().findFirst().orElse(""));
        continue;
      }
      Optional<Expectations.Expect> hit = unmatched.stream().filter(e -> Expectations.matches(e, actual.get())).findFirst();
      if (hit.isPresent()) {
        unmatched.remove(hit.get());
        shown.add(hit.get());
      } else {
        shown.add(actual.get());
      }
    }
    String expected = ex.annotate(ex.expected(), List.of());
    String got = ex.annotate(shown, loose);
    if (UPDATE && !expected.equals(got) && loose.isEmpty()) {
      Files.writeString(file, got, StandardCharsets.UTF_8);
      return;
    }
    if (!expected.equals(got)) {
      StringBuilder why = new StringBuilder(file + ": the diagnostics differ from the expectations.\n");
      for (Expectations.Expect e : unmatched) why.append("  missing:    line ").append(e.anchorLine()).append(' ').append(e.render()).append('\n');
      for (Expectations.Expect e : shown) {
        if (!ex.expected().contains(e)) why.append("  unexpected: line ").append(e.anchorLine()).append(' ').append(e.render()).append('\n');
      }
      for (String l : loose) why.append("  unexpected: ").append(l).append('\n');
      assertEquals(expected, got, why.toString());
    }
  }

  private static void checkIr(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Brainc.execute(new String[] {"compile", file.toString(), "--emit-ir"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, () -> "brainc compile " + file + " --emit-ir failed:\n" + stderr);
    String ir = out.toString(StandardCharsets.UTF_8);
    Path snapshot = Path.of(file.toString().replaceFirst("\\.brain$", ".ir"));
    if (UPDATE) {
      Files.writeString(snapshot, ir, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(snapshot)) fail("no snapshot " + snapshot + "; create it with -Dbrainc.golden.update=true");
    assertEquals(Files.readString(snapshot, StandardCharsets.UTF_8), ir, "IR of " + file + " differs from " + snapshot);
  }

  private static Analysis analyze(Path file) throws IOException {
    return new Frontend().analyze(new SourceFile(new brainc.ir.source.SourceId(file.toString()),
        Files.readString(file, StandardCharsets.UTF_8)));
  }

  private static Stream<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) return Stream.empty();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList().stream();
    }
  }
}
