package brainc.lsp;

import brainc.lsp.model.TextDocument;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample and stdlib file, typed in as a person would (prefixes at a stride, so the test
 * stays fast): no feature throws, and every diagnostic lies inside the document.
 */
class RobustnessTest {
  private static final int PREFIXES_PER_FILE = 80;

  @TestFactory
  Stream<DynamicTest> typingEveryFileNeverFailsAndKeepsDiagnosticsInside() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("../samples", "../stdlib/src/main/resources/brain")) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".brain")).sorted().forEach(files::add);
      }
    }
    assertTrue(files.size() >= 10, files.toString());
    return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> type(p)));
  }

  private static void type(Path file) throws IOException {
    String text = Files.readString(file);
    String uri = file.toAbsolutePath().toUri().toString();
    try (BrainLanguageService service = new BrainLanguageService(Duration.ofHours(1))) {
      List<Throwable> failures = new ArrayList<>();
      service.setErrorSink(failures::add);
      int stride = Math.max(1, text.length() / PREFIXES_PER_FILE);
      int version = 0;
      for (int end = 0; end <= text.length(); end = end == text.length() ? end + 1 : Math.min(text.length(), end + stride)) {
        String prefix = text.substring(0, end);
        service.change(uri, ++version, prefix);
        TextDocument doc = service.document(uri).orElseThrow();
        Position last = doc.position(prefix.length());
        for (Diagnostic d : service.diagnostics(uri)) {
          assertTrue(inside(d.getRange().getStart(), doc) && inside(d.getRange().getEnd(), doc),
              file + " at " + end + ": " + d);
        }
        service.completion(uri, last, BrainLanguageService.NEVER);
        Position mid = doc.position(prefix.length() / 2);
        service.hover(uri, mid, BrainLanguageService.NEVER);
        service.signatureHelp(uri, last, BrainLanguageService.NEVER);
        service.definition(uri, mid, BrainLanguageService.NEVER);
        service.documentSymbols(uri, BrainLanguageService.NEVER);
        service.semanticTokens(uri, BrainLanguageService.NEVER);
        service.foldingRanges(uri, BrainLanguageService.NEVER);
        if (!failures.isEmpty()) throw new AssertionError(file + " at " + end, failures.get(0));
      }
    }
  }

  private static boolean inside(Position p, TextDocument doc) {
    int lines = doc.source().lines().lineCount();
    if (p.getLine() < 0 || p.getLine() >= lines || p.getCharacter() < 0) return false;
    return doc.offset(p) == doc.source().lines().lineStart(p.getLine() + 1) + p.getCharacter();
  }
}
