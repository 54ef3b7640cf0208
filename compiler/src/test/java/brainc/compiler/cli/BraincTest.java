package brainc.compiler.cli;

import static brainc.compiler.cli.Run.brainc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes, where output goes, and its exact shape. */
class BraincTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** The checker's wording is its own; these tests pin where and how it is shown. */
  private static String message(Path file) throws IOException {
    var analysis = new brainc.compiler.driver.Frontend().analyze(new brainc.compiler.source.SourceLoader().read(file));
    assertEquals(1, analysis.diagnostics().size(), analysis.diagnostics().toString());
    return analysis.diagnostics().get(0).message();
  }

  private static final String CLEAN = """
      neuron Cell {
        param tau = 20 ms
        state v = 0 mV
        v' = -v / tau
      }
      """;

  private static final String BROKEN = """
      neuron Cell {
        param tau = 20 ms
        state v = 0 mV
        v' = v / tau + tau
      }
      """;

  @Test
  void versionNamesTheProjectVersion() {
    Run r = brainc("--version");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("brainc " + Version.number()), r.out());
    assertFalse(Version.number().equals("unknown"), "the build fills in the version resource");
  }

  @Test
  void helpListsTheVerbsThatExist() {
    Run r = brainc("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("check") && r.out().contains("compile") && r.out().contains("run"), r.out());
    assertTrue(r.out().contains("train") && r.out().contains("verify"), r.out());
    assertFalse(r.out().contains(" lsp "), "no verb is listed before it works");
  }

  @Test
  void noCommandAndUnknownOptionsAreUsageErrors() {
    assertEquals(2, brainc().code());
    Run r = brainc("check", "--no-such-option", "x.brain");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("brainc: Unknown option: '--no-such-option'"), r.err());
    assertEquals(2, brainc("check").code());
    assertEquals(2, brainc("frobnicate").code());
  }

  @Test
  void anEmptyPathIsAUsageErrorNamingTheOption() {
    String[][] lines = {{"run", "m.brain", "--out", ""}, {"train", "m.brain", "--checkpoint", ""}, {"detect", "m.brain", "--results", ""},
        {"score-nab", "res", "--data", ""}, {"run", ""}, {"check", ""}};
    for (String[] line : lines) {
      Run r = brainc(line);
      assertEquals(2, r.code(), String.join(" ", line) + "\n" + r.err());
      assertTrue(r.err().contains("an empty path names no file or folder"), r.err());
      String flag = line[line.length - 2];
      if (flag.startsWith("--")) assertTrue(r.err().contains(flag), r.err());
    }
  }

  @Test
  void cleanFileIsSilentAndSucceeds() throws IOException {
    Run r = brainc("check", write("ok.brain", CLEAN).toString());
    assertEquals(new Run(0, "", ""), r);
  }

  @Test
  void errorsGoToStderrWithCaretsAndSummary() throws IOException {
    Path f = write("bad.brain", BROKEN);
    Run r = brainc("check", f.toString());
    assertEquals(1, r.code());
    assertEquals("", r.out());
    String expected = f + ":4:8: error[E0301]: " + message(f) + "\n"
        + " 4 |   v' = v / tau + tau\n"
        + "   |        ^^^^^^^^^^^^^\n"
        + "1 error\n";
    assertEquals(expected, r.err());
  }

  @Test
  void jsonGoesToStdout() throws IOException {
    Path f = write("bad.brain", BROKEN);
    Run r = brainc("check", "--json", f.toString());
    assertEquals(1, r.code());
    assertEquals("", r.err());
    String file = f.toString().replace("\\", "\\\\");
    assertEquals("[\n  {\"file\": \"" + file + "\", \"severity\": \"error\", \"code\": \"E0301\", "
        + "\"name\": \"unit-mismatch\", \"message\": \"" + message(f) + "\", "
        + "\"range\": {\"start\": {\"line\": 4, \"column\": 8}, \"end\": {\"line\": 4, \"column\": 21}}, "
        + "\"related\": [], \"fixes\": []}\n]\n", r.out());
    assertEquals("[]\n", brainc("check", "--json", write("ok.brain", CLEAN).toString()).out());
  }

  @Test
  void unreadableFilesAreInputErrorsAndTheRestIsStillChecked() throws IOException {
    Path missing = dir.resolve("nope.brain");
    Path bad = write("bad.brain", BROKEN);
    Run r = brainc("check", missing.toString(), bad.toString(), dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("brainc: cannot read " + missing + ": no such file\n"), r.err());
    assertTrue(r.err().contains("brainc: cannot read " + dir + ": is a directory\n"), r.err());
    assertTrue(r.err().contains("error[E0301]"), r.err());
  }

  @Test
  void invalidUtf8IsReportedNotThrown() throws IOException {
    Path f = dir.resolve("latin1.brain");
    Files.write(f, new byte[] {'n', 'e', (byte) 0xE9, (byte) 0xFF, '\n'});
    Run r = brainc("check", f.toString());
    assertEquals(1, r.code());
    assertEquals("brainc: cannot read " + f + ": not UTF-8 text at line 1, column 3 (byte 0xE9); save it as UTF-8\n",
        r.err());
  }

  @Test
  void compileWithoutEmitIrIsAUsageError() throws IOException {
    Run r = brainc("compile", write("ok.brain", CLEAN).toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("pass --emit-ir"), r.err());
  }

  @Test
  void compileStopsBeforeLoweringOnErrors() throws IOException {
    Run r = brainc("compile", write("bad.brain", BROKEN).toString(), "--emit-ir");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().endsWith("1 error\n"), r.err());
  }

  @Test
  void compileRefusesWhatCheckRefusesInEveryModeBeforeWriting() throws IOException {
    // Clean text whose `run` cannot run (a time step longer than the run): check says E0307.
    Path model = write("dt.brain", """
        neuron Cell {
          param tau = 10 ms
          state v = 0 mV
          v' = -v / tau
        }
        network N { population p = Cell[2] }
        run N for 10 ms dt 1e308 ms
        """);
    Run checked = brainc("check", model.toString());
    assertEquals(1, checked.code());
    assertTrue(checked.err().contains("dt.brain:7:1: error[E0307]"), checked.err());
    Path ir = dir.resolve("dt.ir");
    Path gen = dir.resolve("gen");
    for (String[] args : new String[][] {{"--emit-ir"}, {"--emit-ir", "-o", ir.toString()}, {"--explain"},
        {"--target", "jvm", "-o", gen.toString()}}) {
      List<String> all = new java.util.ArrayList<>(List.of("compile", model.toString()));
      all.addAll(List.of(args));
      Run r = brainc(all.toArray(String[]::new));
      assertEquals(new Run(1, "", checked.err()), r, String.join(" ", args));
    }
    assertFalse(Files.exists(ir));
    assertFalse(Files.exists(gen));
  }

  @Test
  void anEmptyFileNameOrOutputSaysSo() throws IOException {
    // An empty argument (an unset variable) is a usage error naming what is empty, never the
    // working directory.
    Run empty = brainc("check", "");
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("an empty path names no file or folder"), empty.err());
    Run output = brainc("compile", "--emit-ir", "-o=", write("ok.brain", CLEAN).toString());
    assertEquals(2, output.code());
    assertTrue(output.err().contains("'--output': an empty path"), output.err());
  }

  @Test
  void compileEmitsIrToStdoutOrAtomicallyToAFile() throws IOException {
    Path model = write("ok.brain", CLEAN);
    Run printed = brainc("compile", model.toString(), "--emit-ir");
    assertEquals(0, printed.code(), printed.err());
    assertEquals("", printed.err());
    assertTrue(printed.out().contains("Cell"), printed.out());
    Path out = dir.resolve("ok.ir");
    Run written = brainc("compile", model.toString(), "--emit-ir", "-o", out.toString());
    assertEquals(new Run(0, "", ""), written);
    assertEquals(printed.out(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void atomicWriteReplacesWholeFilesAndLeavesNoTemporaries() throws IOException {
    Path target = write("out.ir", "old");
    StringWriter err = new StringWriter();
    assertTrue(Inputs.writeAtomically(target, "new text\n", new PrintWriter(err)));
    assertEquals("new text\n", Files.readString(target));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
    Path nowhere = dir.resolve("missing-dir/out.ir");
    assertFalse(Inputs.writeAtomically(nowhere, "x", new PrintWriter(err, true)));
    assertTrue(err.toString().startsWith("brainc: cannot write " + nowhere + ": "), err.toString());
  }

  @Test
  void checkJsonReportsAnUnreadableFileInsteadOfAnEmptyList() throws IOException {
    Path missing = dir.resolve("nope.brain");
    Run r = brainc("check", "--json", missing.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("{\"file\": \"" + missing + "\", \"severity\": \"error\", \"code\": \"E0806\", "
        + "\"name\": \"unreadable-input\", \"message\": \"cannot read " + missing + ": no such file\""), r.out());
    assertTrue(r.err().contains("brainc: cannot read " + missing + ": no such file"), r.err());
  }

  @Test
  void compileOutputsAreCheckedBeforeAnyWork() throws IOException {
    Path model = write("ok.brain", CLEAN);
    Run r = brainc("compile", model.toString(), "--emit-ir", "-o", model.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("is the input"), r.err());
    assertEquals(CLEAN, Files.readString(model));
    Path nowhere = dir.resolve("missing-dir/out.ir");
    r = brainc("compile", model.toString(), "--emit-ir", "-o", nowhere.toString());
    assertEquals("brainc: cannot write " + nowhere + ": no such folder " + dir.resolve("missing-dir") + "\n", r.err());
    // A folder of generated files is never one the user wrote, nor the model's own folder.
    Files.createDirectories(dir.resolve("gen"));
    write("gen/mine.txt", "mine");
    r = brainc("compile", model.toString(), "--target", "java", "-o", dir.resolve("gen").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("did not write"), r.err());
    r = brainc("compile", model.toString(), "--target", "jvm", "-o", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("holds the input"), r.err());
  }

  @Test
  void writeFailuresNameTheCauseNotThePathTwice() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("out.ir"));
    StringWriter err = new StringWriter();
    assertFalse(Inputs.writeAtomically(folder, "x", new PrintWriter(err, true)));
    assertEquals("cannot write " + folder + ": it is a folder; name a file", err.toString().strip().replace("brainc: ", ""));
  }

  @Test
  void flagsThatWouldBeIgnoredAreUsageErrors() throws IOException {
    Path model = write("ok.brain", CLEAN);
    Run r = brainc("compile", model.toString(), "--explain", "-o", dir.resolve("x.txt").toString());
    assertEquals(2, r.code(), r.err());
    assertFalse(Files.exists(dir.resolve("x.txt")));
    r = brainc("compile", model.toString(), "--target", "jvm", "--emit-ir", "-o", dir.resolve("gen").toString());
    assertEquals(2, r.code(), r.err());
    r = brainc("fmt", "--write", "--check", model.toString());
    assertEquals(2, r.code(), r.err());
    r = brainc("detect", model.toString(), "--region", "R");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--region needs --corpus"), r.err());
  }
}
