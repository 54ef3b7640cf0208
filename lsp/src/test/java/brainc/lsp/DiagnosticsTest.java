package brainc.lsp;

import brainc.lsp.model.TextDocument;
import brainc.lsp.model.Uris;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Frontend;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;

/** Published diagnostics equal `brainc check`'s: same codes, messages, ranges and order. */
class DiagnosticsTest {
  @Test
  void sameAsTheCompilerOnEveryGoldenDiagnosticsFile() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of("../samples"))) {
      s.filter(p -> p.toString().endsWith(".brain")).sorted().forEach(files::add);
    }
    int compared = 0;
    for (Path p : files) {
      String text = Files.readString(p);
      String uri = p.toAbsolutePath().toUri().toString();
      var expected = brainc.lsp.features.Diagnostics.reported(new Frontend().analyze(new SourceFile(Uris.sourceId(uri), text))).stream()
          .filter(d -> d.span().source().equals(Uris.sourceId(uri))).toList();
      try (BrainLanguageService service = new BrainLanguageService()) {
        service.open(uri, 1, text);
        List<Diagnostic> actual = service.diagnostics(uri);
        TextDocument doc = service.document(uri).orElseThrow();
        assertEquals(expected.size(), actual.size(), p.toString());
        for (int i = 0; i < expected.size(); i++) {
          var e = expected.get(i);
          var a = actual.get(i);
          assertEquals(e.code().id(), a.getCode().getLeft(), p.toString());
          assertEquals(e.message(), a.getMessage());
          assertEquals(doc.range(e.span()), a.getRange());
          assertEquals(e.isError() ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, a.getSeverity());
          compared++;
        }
      }
    }
    assertTrue(compared > 5, "only " + compared + " diagnostics compared");
  }

  @Test
  void publishedOnceAfterTheLastOfQuickEdits() throws Exception {
    List<PublishDiagnosticsParams> published = new CopyOnWriteArrayList<>();
    try (BrainLanguageService service = new BrainLanguageService(Duration.ofMillis(150))) {
      service.setPublisher(published::add);
      String uri = Fixture.URI;
      service.open(uri, 1, "neuron N {\n  param tau = 10 ms\n");
      service.change(uri, 2, "neuron N {\n  param tau = 10 ms\n  state v = 0 mV\n");
      service.change(uri, 3, "neuron N {\n  param tau = 10 ms\n  state v = 0 mV\n  v' = -v / tau\n}\n");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (published.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
      Thread.sleep(300);
      assertEquals(1, published.size(), published.toString());
      assertEquals(3, published.get(0).getVersion());
      assertEquals(List.of(), published.get(0).getDiagnostics());
    }
  }
}
