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
}
