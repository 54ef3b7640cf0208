package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every corpus file typed in once through the transport (a fixed seed per file); see {@link Typing}. */
class TypingTest {
  @TestFactory
  Stream<DynamicTest> everyCorpusFileTypedInThroughTheTransport() {
    List<Path> files = Corpus.files();
    assertTrue(files.size() >= 20, files.toString());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
        () -> Typing.session(f, new Random(f.getFileName().toString().hashCode()), 6)));
  }
}
