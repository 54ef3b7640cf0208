package brainc.samples.adversarial;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one command did: its exit code, its two streams and the directory it ran against. */
public final class Outcome {
  public final Path dir;
  public final int exit;
  public final String out;
  public final String err;
  final boolean killed;

  Outcome(Path dir, int exit, String out, String err, boolean killed) {
    this.dir = dir;
    this.exit = exit;
    this.out = out;
    this.err = err;
    this.killed = killed;
  }

  public Path path(String relative) {
    return dir.resolve(relative);
  }

  public String text(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- assertions, each failing with the whole outcome so a failure explains itself ----

  void assertDiagnostic(String severity, String code, int line, int col, int endCol) {
    // file:LINE:COL: severity[CODE]: message, then the source line, then the carets.
    Pattern header = Pattern.compile(
        "(?m)^\\S*:" + line + ":" + col + ": " + severity + "\\[" + code + "\\]: .*$");
    Matcher m = header.matcher(err);
    if (!m.find()) fail("expected " + severity + "[" + code + "] at " + line + ":" + col + "\n" + this);
    if (endCol < 0) return;
    String[] after = err.substring(m.end()).split("\n", 4);
    if (after.length < 3) fail("no caret line after the diagnostic\n" + this);
    String carets = after[2];
    int bar = carets.indexOf("| ");
    int first = carets.indexOf('^');
    int last = carets.lastIndexOf('^');
    if (bar < 0 || first < 0) fail("no caret line after the diagnostic\n" + this);
    int start = first - (bar + 2) + 1;
    int end = last - (bar + 2) + 2;
    if (start != col || end != endCol) {
      fail("expected carets over " + col + ".." + endCol + ", got " + start + ".." + end + "\n" + this);
    }
  }

  void assertContains(String stream, String fragment) {
    if (!stream.contains(fragment)) fail("expected to find `" + fragment + "`\n" + this);
  }

  void assertLacks(String stream, String fragment) {
    if (stream.contains(fragment)) fail("did not expect `" + fragment + "`\n" + this);
  }

  void assertEquals(String expected, String actual, String what) {
    if (!expected.equals(actual)) fail(what + " was not `" + expected + "`\n" + this);
  }

  void assertExists(String relative) {
    if (!Files.exists(path(relative), LinkOption.NOFOLLOW_LINKS)) fail(relative + " is missing\n" + this);
  }

  void assertAbsent(String relative) {
    if (Files.exists(path(relative), LinkOption.NOFOLLOW_LINKS)) fail(relative + " should not exist\n" + this);
  }

  @Override
  public String toString() {
    return "exit " + exit + (killed ? " (killed)" : "") + "\n--- stdout ---\n" + clip(out)
        + "\n--- stderr ---\n" + clip(err);
  }

  private static String clip(String s) {
    return s.length() <= 4000 ? s : s.substring(0, 4000) + "\n... (" + s.length() + " chars)";
  }
}
