package brainc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.source.SourceLoader;
import brainc.ir.diag.Diagnostic;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `use` between files: cycles are E0208 at the `use`, and a file that exists but cannot be used is E0213. */
class ImportsTest {
  @TempDir Path dir;

  private List<Diagnostic> check(String main) throws IOException {
    Path file = dir.resolve("m.brain");
    Files.writeString(file, main);
    return new Frontend().analyze(new SourceLoader().read(file)).diagnostics();
  }

  private static String where(Diagnostic d) {
    return Path.of(d.span().source().name()).getFileName() + "@" + d.span().start() + ".." + d.span().end() + " "
        + d.code().id();
  }

  @Test
  void aCycleIsReportedOnceAtTheUseWhereItStarts() throws IOException {
    Files.writeString(dir.resolve("a.brain"), "package a\nuse b\nneuron A { state v = 0 mV }\n");
    Files.writeString(dir.resolve("b.brain"), "package b\nuse a\nneuron B { state v = 0 mV }\n");
    List<Diagnostic> ds = check("use a\nnetwork N {}\n");
    assertEquals(List.of("a.brain@14..15 E0208"), ds.stream().map(ImportsTest::where).toList());
    assertTrue(ds.get(0).message().contains("`a` → `b` → `a`"), ds.get(0).message());
  }

  @Test
  void theModelImportedByItsOwnNameIsOneFileInACycle() throws IOException {
    // Loaded twice, its declarations would clash (E0202); as one file it is a cycle of one.
    List<String> ds = check("use m\nneuron M { state v = 0 mV }\n").stream().map(ImportsTest::where)
        .filter(d -> !d.endsWith("E0211")).toList();
    assertEquals(List.of("m.brain@4..5 E0208"), ds);
  }

  @Test
  void aDirectoryOrNonUtf8FileSaysWhatIsWrong() throws IOException {
    Files.createDirectories(dir.resolve("d.brain"));
    Files.write(dir.resolve("bad.brain"), new byte[] {(byte) 0xc3, (byte) 0x28});
    List<Diagnostic> ds = check("use d\nuse bad\nnetwork N {}\n");
    assertEquals(List.of("m.brain@4..5 E0213", "m.brain@10..13 E0213"), ds.stream().map(ImportsTest::where).toList());
    assertTrue(ds.get(0).message().contains("is a directory"), ds.get(0).message());
    assertTrue(ds.get(1).message().contains("not valid UTF-8"), ds.get(1).message());
  }

  @Test
  void aMissingFileStillSaysCannotFind() throws IOException {
    List<Diagnostic> ds = check("use nothere\nnetwork N {}\n");
    assertEquals(List.of("m.brain@4..11 E0203"), ds.stream().map(ImportsTest::where).toList());
  }
}
