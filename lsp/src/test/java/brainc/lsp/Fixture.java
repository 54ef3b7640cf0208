package brainc.lsp;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.lsp4j.Position;

/** A service with one open document whose cursor is marked `$0` in the text. */
final class Fixture {
  static final String URI = Path.of("/tmp/brainc-lsp-test/model.brain").toUri().toString();

  final BrainLanguageService service = new BrainLanguageService(Duration.ofMillis(20));
  final String text;
  final Position cursor;

  Fixture(String marked) {
    int at = marked.indexOf("$0");
    this.text = at < 0 ? marked : marked.substring(0, at) + marked.substring(at + 2);
    service.setErrorSink(t -> {
      throw new AssertionError("feature failed", t);
    });
    service.open(URI, 1, text);
    this.cursor = service.document(URI).orElseThrow().position(Math.max(0, at));
  }

  static Fixture of(String marked) {
    return new Fixture(marked);
  }
}
