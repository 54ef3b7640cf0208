package brainc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `brainc fmt`: prints, checks or rewrites; never touches a file with syntax errors. */
class FmtCommandTest {
  @TempDir Path dir;

  private static int brainc(StringWriter out, StringWriter err, String... args) {
    return Brainc.execute(args, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void checkWriteAndCheckAgain() throws IOException {
    Path f = dir.resolve("n.brain");
    Files.writeString(f, "neuron   N{\nparam tau=20 ms\n}\n");
    StringWriter out = new StringWriter();
    assertEquals(1, brainc(out, new StringWriter(), "fmt", "--check", f.toString()));
    assertTrue(out.toString().contains("not formatted"), out.toString());
    assertEquals(0, brainc(new StringWriter(), new StringWriter(), "fmt", "--write", f.toString()));
    assertEquals("neuron N {\n  param tau = 20 ms\n}\n", Files.readString(f));
    assertEquals(0, brainc(new StringWriter(), new StringWriter(), "fmt", "--check", f.toString()));
  }

  @Test
  void aFileWithSyntaxErrorsIsLeftAsItIs() throws IOException {
    Path f = dir.resolve("bad.brain");
    String text = "neuron N {\n  param tau = (20 ms\n}\n";
    Files.writeString(f, text);
    StringWriter err = new StringWriter();
    assertEquals(1, brainc(new StringWriter(), err, "fmt", "--write", f.toString()));
    assertTrue(err.toString().contains("has syntax errors; it is left as it is"), err.toString());
    assertEquals(text, Files.readString(f));
  }

  @Test
  void writeGoesThroughALinkAndKeepsTheMode() throws IOException {
    Path real = Files.createDirectory(dir.resolve("src")).resolve("n.brain");
    Files.writeString(real, "neuron   N{\nparam tau=20 ms\n}\n");
    Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("n.brain"), Path.of("src/n.brain"));
    StringWriter err = new StringWriter();
    assertEquals(0, brainc(new StringWriter(), err, "fmt", "--write", link.toString()), err.toString());
    assertTrue(Files.isSymbolicLink(link), "the link was replaced by a copy");
    assertEquals("neuron N {\n  param tau = 20 ms\n}\n", Files.readString(real));
    assertEquals("rw-r-----",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
  }

  @Test
  void checkSaysOnStderrHowToFix() throws IOException {
    Path f = dir.resolve("n.brain");
    Files.writeString(f, "neuron   N{\n}\n");
    StringWriter err = new StringWriter();
    assertEquals(1, brainc(new StringWriter(), err, "fmt", "--check", f.toString()));
    assertTrue(err.toString().contains("1 file is not formatted"), err.toString());
  }
}
