package brainc.runtime.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {
  @TempDir Path dir;

  @Test
  void loadsFilesWindowsAndProfiles() throws Exception {
    NabCorpus corpus = new NabFixture(dir).file("zeta/z.csv", 30).file("alpha/a.csv", 20, new int[] {10, 13}, new int[] {15, 16})
        .load();
    assertEquals(List.of("alpha/a.csv", "zeta/z.csv"), corpus.files().stream().map(NabDataFile::path).toList(), "sorted by path");
    NabDataFile a = corpus.files().get(0);
    assertEquals(20, a.rows());
    assertEquals(List.of(new NabWindow(10, 13), new NabWindow(15, 16)), a.windows());
    assertEquals("alpha", a.category());
    assertEquals("a.csv", a.fileName());
    assertEquals(2, corpus.windowCount());
    assertEquals(50, corpus.rowCount());
    assertEquals(List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate"),
        corpus.profiles().stream().map(CostProfile::name).toList());
    assertEquals(new CostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0, 1.0), corpus.profiles().get(2));
  }

  @Test
  void aMissingDirectoryIsNamed() {
    NabException e = assertThrows(NabException.class, () -> NabCorpus.load(dir.resolve("nowhere")));
    assertTrue(e.getMessage().startsWith("NAB corpus directory not found: " + dir.resolve("nowhere")), e.getMessage());
  }

  @Test
  void aWindowBoundThatIsNoTimestampOfTheFileIsAnError() throws Exception {
    NabFixture fixture = new NabFixture(dir).file("cat/a.csv", 20);
    fixture.writeLabels();
    Files.writeString(dir.resolve(NabCorpus.WINDOWS_FILE),
        "{\"cat/a.csv\": [[\"2020-01-01 00:10:00.000000\", \"2020-01-02 00:00:00.000000\"]]}");
    NabException e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
    assertTrue(e.getMessage().contains("window bound 2020-01-02 00:00:00.000000 is not a timestamp of the data file"), e.getMessage());
  }

  @Test
  void everyDataFileNeedsAnEntryInTheLabels() throws Exception {
    NabFixture fixture = new NabFixture(dir).file("cat/a.csv", 20);
    fixture.writeLabels();
    Files.writeString(dir.resolve(NabCorpus.WINDOWS_FILE), "{}");
    NabException e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
    assertTrue(e.getMessage().contains("no entry for data file \"cat/a.csv\""), e.getMessage());
    Files.writeString(dir.resolve(NabCorpus.WINDOWS_FILE), "{\"cat/a.csv\": [], \"cat/b.csv\": []}");
    e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
    assertTrue(e.getMessage().contains("windows for \"cat/b.csv\", which is not a data file"), e.getMessage());
  }

  @Test
  void overlappingWindowsAreAnError() throws Exception {
    NabException e = assertThrows(NabException.class,
        () -> new NabFixture(dir).file("cat/a.csv", 20, new int[] {5, 10}, new int[] {10, 12}).load());
    assertTrue(e.getMessage().contains("overlaps the previous one"), e.getMessage());
  }

  @Test
  void badJsonAndBadTimestampsNameFileAndLine() throws Exception {
    new NabFixture(dir).file("cat/a.csv", 20).writeLabels();
    Files.writeString(dir.resolve(NabCorpus.PROFILES_FILE), "{\n\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0,}}}");
    NabException e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
    assertEquals(dir.resolve(NabCorpus.PROFILES_FILE) + ":2:45: expected a member name in double quotes", e.getMessage());

    Files.writeString(dir.resolve(NabCorpus.PROFILES_FILE), NabFixture.PROFILES);
    Path data = dir.resolve("data/cat/a.csv");
    List<String> lines = Files.readAllLines(data);
    lines.set(3, "yesterday,4");
    Files.write(data, lines, StandardCharsets.UTF_8);
    e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
    assertEquals(data + ":4: cannot read timestamp \"yesterday\" (expected YYYY-MM-DD HH:MM:SS)", e.getMessage());
  }

  @Test
  void weightsThatMakeTheScoresMeaninglessAreRefused() throws Exception {
    new NabFixture(dir).file("cat/a.csv", 20).writeLabels();
    String[][] bad = {
        {"\"tpWeight\": 1e400, \"fpWeight\": 0.11, \"fnWeight\": 1.0", "tpWeight is Infinity"},
        {"\"tpWeight\": 1.0, \"fpWeight\": 1e300, \"fnWeight\": 1.0", "fpWeight is 1.0E300"},
        {"\"tpWeight\": 1.0, \"fpWeight\": -0.11, \"fnWeight\": 1.0", "fpWeight must not be negative"},
        {"\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": -1.0", "fnWeight must not be negative"},
        {"\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0, \"tnWeight\": \"x\"", "needs a number tnWeight"},
    };
    for (String[] b : bad) {
      Files.writeString(dir.resolve(NabCorpus.PROFILES_FILE), "{\"standard\": {\"CostMatrix\": {" + b[0] + "}}}");
      NabException e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
      assertTrue(e.getMessage().contains(b[1]), e.getMessage());
    }
  }

  @Test
  void aCategoryThatIsALinkToAFolderIsRead() throws Exception {
    NabFixture f = new NabFixture(dir).file("cat/a.csv", 20);
    f.writeLabels();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.move(dir.resolve("data/cat"), elsewhere.resolve("cat"));
    Files.createSymbolicLink(dir.resolve("data/cat"), elsewhere.resolve("cat"));
    assertEquals(1, NabCorpus.load(dir).files().size());
  }

  @Test
  void aDataFileThatIsNoRegularFileIsRefusedNotSkipped() throws Exception {
    new NabFixture(dir).file("cat/a.csv", 20).writeLabels();
    Files.createSymbolicLink(dir.resolve("data/cat/b.csv"), dir.resolve("gone.csv"));
    NabException e = assertThrows(NabException.class, () -> NabCorpus.load(dir));
    assertTrue(e.getMessage().contains("b.csv is not a regular file (a pipe, a device or a link to nothing)"), e.getMessage());
  }
}
