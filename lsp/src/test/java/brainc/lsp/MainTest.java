package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line of `brainc lsp`, and the process ending when it should. */
class MainTest {
  private record Result(int code, String out, String err) {}

  private static Result commandLine(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.commandLine(args, new PrintWriter(out, true, StandardCharsets.UTF_8),
        new PrintWriter(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpAndVersionPrintAndExitZero() {
    Result help = commandLine("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage: brainc lsp"), help.out());
    assertEquals(0, commandLine("-h").code());
    Result version = commandLine("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("brainc-lsp "), version.out());
  }

  @Test
  void unknownOptionsAndArgumentsAreUsageErrorsNamingTheValidOnes() {
    for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"model.brain"},
        new String[] {"--clientProcessId=abc"}, new String[] {"--clientProcessId"}, new String[] {"--stdio", "-x"})) {
      Result r = commandLine(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertTrue(r.err().startsWith("brainc lsp: "), r.err());
      assertTrue(r.err().contains("--help"), r.err());
      assertEquals("", r.out());
    }
    assertTrue(commandLine("--bogus").err().contains("`--bogus`"));
  }

  @Test
  void theOptionsEditorsPassStartTheServer() {
    // vscode-languageclient appends --stdio and --clientProcessId=<pid> to the command.
    assertEquals(-1, commandLine().code());
    assertEquals(-1, commandLine("--stdio", "--clientProcessId=4242").code());
    assertEquals(-1, commandLine("--clientProcessId", "17").code());
  }

  private static Process server(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  @Test
  void theProcessExitsWhenItsInputEnds() throws Exception {
    Process p = server("--stdio");
    p.getOutputStream().close();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server is still running after its input ended");
    assertEquals(1, p.exitValue(), "an input that ends without shutdown is an abnormal end");
  }

  @Test
  void theProcessExitsWhenTheEditorNamedByClientProcessIdEnds() throws Exception {
    // The "editor": `cat`, which lives until its input is closed.
    Process editor = new ProcessBuilder("cat").start();
    Process p = server("--stdio", "--clientProcessId=" + editor.pid());
    // Once the server answers, it is watching the editor.
    frame(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
    byte[] header = new byte[16];
    assertEquals(16, p.getInputStream().readNBytes(header, 0, 16));
    editor.getOutputStream().close();
    assertTrue(editor.waitFor(10, TimeUnit.SECONDS));
    // The input stays open, as when an editor dies without closing its pipes.
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server outlived its editor");
    assertEquals(1, p.exitValue());
    p.getOutputStream().close();
  }

  @Test
  void shutdownThenExitEndsWithZeroAndExitAloneWithOne() throws Exception {
    for (boolean shutdown : new boolean[] {true, false}) {
      Process p = server();
      OutputStream in = p.getOutputStream();
      if (shutdown) frame(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}");
      frame(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server did not exit");
      assertEquals(shutdown ? 0 : 1, p.exitValue());
      if (shutdown) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("\"id\":1") && out.contains("\"result\":null"), out);
      }
    }
  }

  @Test
  void helpIsPrintedByTheProcessWithoutServing() throws Exception {
    Process p = server("--help");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertTrue(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("Usage: brainc lsp"));
    Process bad = server("--nope");
    assertTrue(bad.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, bad.exitValue());
    assertTrue(File.pathSeparator.length() == 1);
  }

  private static void frame(OutputStream out, String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }
}
