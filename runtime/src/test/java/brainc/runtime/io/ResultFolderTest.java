package brainc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFolderTest {
  @TempDir Path tmp;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void publish(Path dir, String... files) throws IOException {
    try (ResultFolder f = ResultFolder.open(dir, Map.of("command", "run"))) {
      for (String name : files) Files.writeString(f.file(name), name);
      f.commit();
    }
  }

  @Test
  void aCommitReplacesThePreviousSetWhole() throws IOException {
    Path out = tmp.resolve("out");
    publish(out, "a.npy", "b.npy");
    publish(out, "c.npy");
    assertEquals(List.of("c.npy", "manifest.json"), names(out));
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertTrue(manifest.contains("\"command\": \"run\""), manifest);
    assertTrue(manifest.contains("{\"name\": \"c.npy\", \"bytes\": 5}"), manifest);
    assertEquals(List.of("out"), names(tmp), "no staging folder is left behind");
  }

  @Test
  void withoutACommitNothingIsPublished() throws IOException {
    Path out = tmp.resolve("out");
    publish(out, "a.npy");
    try (ResultFolder f = ResultFolder.open(out, Map.of())) {
      Files.writeString(f.file("z.npy"), "z");
    }
    assertEquals(List.of("a.npy", "manifest.json"), names(out));
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void aFolderBraincDidNotWriteIsRefusedBeforeAnyWork() throws IOException {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("thesis.tex"), "precious");
    OutputException e = assertThrows(OutputException.class, () -> ResultFolder.check(mine));
    assertTrue(e.getMessage().contains("did not write"), e.getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThrows(OutputException.class, () -> ResultFolder.check(file));
    assertThrows(OutputException.class, () -> ResultFolder.check(file.resolve("sub")));
    assertEquals("precious", Files.readString(mine.resolve("thesis.tex")));
  }

  @Test
  void leftoversOfAKilledRunAreRemovedByTheNext() throws IOException {
    Files.createDirectories(tmp.resolve(".out.deadbeef.tmp"));
    publish(tmp.resolve("out"), "a.npy");
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void aLinkToAResultsFolderStaysALink() throws IOException {
    Path real = tmp.resolve("real");
    publish(real, "a.npy");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    publish(link, "b.npy");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(List.of("b.npy", "manifest.json"), names(real));
  }

  @Test
  void anOutputThatIsAnInputIsRefused() throws IOException {
    Path model = Files.writeString(tmp.resolve("m.brain"), "network N {}");
    Path viaLink = Files.createSymbolicLink(tmp.resolve("l.brain"), model);
    assertThrows(OutputException.class, () -> OutputPaths.refuseInputs("-o", viaLink, List.of(model)));
    assertThrows(OutputException.class, () -> OutputPaths.refuseInputs("--out", tmp, List.of(model)));
    OutputPaths.refuseInputs("-o", tmp.resolve("other.ir"), List.of(model));
    assertFalse(OutputPaths.sameFile(tmp.resolve("missing"), model));
  }

  @Test
  void anotherCommandsResultsAreRefusedBeforeAnyWork() throws IOException {
    Path out = tmp.resolve("out");
    try (ResultFolder f = ResultFolder.open(out, Map.of("command", "train"))) {
      Files.writeString(f.file("weights.npz"), "trained");
      f.commit();
    }
    OutputException e = assertThrows(OutputException.class, () -> ResultFolder.check(out, "run"));
    assertTrue(e.getMessage().contains("holds the results of `brainc train`"), e.getMessage());
    assertThrows(OutputException.class, () -> publish(out, "v.npy"));
    assertEquals("trained", Files.readString(out.resolve("weights.npz")));
    ResultFolder.check(out, "train");
    ResultFolder.check(out);
  }

  @Test
  void aManifestBraincDidNotWriteDoesNotMakeTheFolderBraincs() throws IOException {
    for (String text : List.of("{\"name\": \"my extension\", \"version\": \"1.0\"}", "not json", "[".repeat(100_000),
        "{\"brainc\": \"other\"}")) {
      Path mine = Files.createDirectories(tmp.resolve("ext" + text.length()));
      Files.writeString(mine.resolve("manifest.json"), text);
      Files.writeString(mine.resolve("background.js"), "precious");
      OutputException e = assertThrows(OutputException.class, () -> ResultFolder.check(mine, "run"));
      assertTrue(e.getMessage().contains("not a brainc results manifest"), e.getMessage());
      assertThrows(OutputException.class, () -> ResultFolder.check(mine));
      assertEquals("precious", Files.readString(mine.resolve("background.js")));
    }
  }

  @Test
  void aPlaceWhereNothingCanBeCreatedIsRefusedBeforeAnyWork() throws IOException {
    // For root every folder's permission bits say writable; /proc refuses all the same.
    Path proc = Path.of("/proc");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc));
    assertFalse(OutputPaths.canCreateIn(proc));
    OutputException e = assertThrows(OutputException.class, () -> ResultFolder.check(proc.resolve("brainc-out")));
    assertTrue(e.getMessage().contains("/proc is not writable"), e.getMessage());
    assertTrue(OutputPaths.canCreateIn(tmp));
    assertEquals(List.of(), names(tmp), "the probe leaves nothing behind");
  }
}
