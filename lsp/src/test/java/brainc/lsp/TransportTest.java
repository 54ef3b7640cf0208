package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The server through its real transport, sent malformed frames and bad requests: each gets an
 * error answer where the protocol allows one, the next request is answered as usual, and no
 * answer carries a Java stack trace.
 */
class TransportTest {
  private static final String TEXT = "use brain.neurons.LIF\nnetwork N {\n  population p = LIF[10]\n}\nrun N for 1 ms\n";
  private static final String URI = Fixture.URI;

  /** Runs {@code abuse} on a fresh server, then checks that a hover is still answered. */
  private static RawClient afterwards(Consumer<RawClient> abuse) throws Exception {
    RawClient c = new RawClient();
    c.initialize();
    c.open(URI, 1, TEXT);
    abuse.accept(c);
    JsonObject hover = c.request("textDocument/hover", hoverParams(2, 19)).get(10, TimeUnit.SECONDS);
    assertTrue(hover.has("result"), hover.toString());
    assertTrue(hover.get("result").toString().contains("LIF"), hover.toString());
    noStackTraces(c);
    assertTrue(c.endInput(Duration.ofSeconds(10)), "the server did not stop at the end of its input");
    return c;
  }

  static String hoverParams(int line, int character) {
    return "{\"textDocument\":{\"uri\":\"" + URI + "\"},\"position\":{\"line\":" + line + ",\"character\":" + character + "}}";
  }

  static void noStackTraces(RawClient c) {
    assertEquals(java.util.List.of(), c.illFormed, "frames from the server that are not JSON-RPC");
    for (JsonObject m : c.received) {
      if (!m.has("error")) continue;
      JsonObject e = m.getAsJsonObject("error");
      // -32603 means a bug in the server: nothing here may cause one.
      assertFalse(e.get("code").getAsInt() == -32603, "an internal error: " + m);
      assertFalse(e.has("data") && !e.get("data").isJsonNull(), "an error with data: " + m);
      assertFalse(e.get("message").getAsString().matches("(?s).*\\bat [\\w.$]+\\(.*"), "a stack trace: " + m);
    }
  }

  private static JsonObject parseError(RawClient c) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      for (JsonObject m : c.unmatched) {
        if (m.has("error") && m.getAsJsonObject("error").get("code").getAsInt() == -32700) return m;
      }
      Thread.sleep(10);
    }
    return null;
  }

  private static String frame(int delta, String json) {
    return "Content-Length: " + (json.getBytes(StandardCharsets.UTF_8).length + delta) + "\r\n\r\n" + json;
  }

  @Test
  void aFrameFiveBytesShortIsAnsweredWithAParseErrorForItsIdAndTheNextIsAnswered() throws Exception {
    RawClient c = afterwards(x -> {
      int id = x.nextId();
      var answer = x.expect(id);
      x.raw(frame(-5, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":"
          + hoverParams(2, 19) + "}"));
      try {
        JsonObject a = answer.get(10, TimeUnit.SECONDS);
        assertEquals(-32700, a.getAsJsonObject("error").get("code").getAsInt(), a.toString());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(c.unmatched.isEmpty(), c.unmatched.toString());
  }

  @Test
  void aFrameFiveBytesLongIsStillReadAndSoIsTheNext() throws Exception {
    afterwards(x -> {
      int id = x.nextId();
      var answer = x.expect(id);
      x.raw(frame(5, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":"
          + hoverParams(2, 19) + "}"));
      try {
        // Answered at once: the JSON value is whole, though the count claims 5 bytes more.
        assertTrue(answer.get(10, TimeUnit.SECONDS).has("result"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void garbageBetweenFramesIsSkippedWithOneParseError() throws Exception {
    RawClient c = afterwards(x -> x.raw("hello, server\r\n\r\n"));
    assertNotNull(parseError(c));
  }

  @Test
  void bodyThatIsNotJsonGetsAParseError() throws Exception {
    RawClient c = afterwards(x -> x.raw(frame(0, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": }")));
    assertNotNull(parseError(c));
  }

  @Test
  void missingOrBadContentLengthGetsAParseError() throws Exception {
    RawClient c = afterwards(x -> {
      x.raw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
      x.raw("Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
      x.raw("Content-Length: -4\r\n\r\n");
    });
    assertNotNull(parseError(c));
  }

  @Test
  void aHugeContentLengthIsRefusedWithoutAllocatingIt() throws Exception {
    RawClient c = afterwards(x -> x.raw("Content-Length: 99999999999999\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}"));
    assertTrue(parseError(c).getAsJsonObject("error").get("message").getAsString().contains("over the limit"));
  }

  @Test
  void aFrameCutOffByTheNextIsReportedAndTheNextIsRead() throws Exception {
    afterwards(x -> {
      String json = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"";
      x.raw("Content-Length: 400\r\n\r\n" + json);
    });
  }

  @Test
  void deeplyNestedJsonIsAnsweredNotFatal() throws Exception {
    afterwards(x -> {
      try {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        int code = code(x.call("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + URI + "\"},\"position\":" + deep + "}"));
        assertTrue(code == -32602 || code == -32700, "code " + code);
        x.notify("textDocument/didChange", "{\"textDocument\":" + deep + "}");
        x.raw(frame(0, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"x\",\"params\":{\"a\":" + "{\"a\":".repeat(100_000)
            + "1" + "}".repeat(100_001) + "}"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void messagesThatAreJsonButNotJsonRpcAreAnsweredOrIgnored() throws Exception {
    afterwards(x -> {
      for (String body : new String[] {"{}", "[]", "123", "null", "\"text\"", "{\"jsonrpc\":\"2.0\",\"id\":3}",
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":null}",
          "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"textDocument/hover\"}",
          "{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"textDocument/hover\",\"params\":" + hoverParams(2, 19) + "}",
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":5},"
              + "\"position\":{\"line\":1.5,\"character\":\"0\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + URI
              + "\",\"text\":null}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"" + URI
              + "\"},\"contentChanges\":[null]}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":[]}}",
          "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"initialize\",\"params\":{\"capabilities\":7}}"}) {
        x.raw(frame(0, body));
      }
    });
  }

  @Test
  void unexpectedExceptionsBecomeOneLineInternalErrorsAndRefusalsStayRefusals() {
    var bug = Transport.internalError(new java.util.concurrent.CompletionException(new IllegalStateException("boom")));
    assertEquals(-32603, bug.getCode());
    assertEquals(null, bug.getData());
    assertTrue(bug.getMessage().contains("boom") && bug.getMessage().contains("bug in brainc"), bug.getMessage());
    assertTrue(Transport.internalError(new StackOverflowError()).getMessage().contains("nested too deeply"));
    var refusal = new org.eclipse.lsp4j.jsonrpc.ResponseErrorException(new org.eclipse.lsp4j.jsonrpc.messages.ResponseError(
        -32602, "missing `position`", null));
    assertEquals(-32602, Transport.internalError(new RuntimeException(new java.lang.reflect.InvocationTargetException(refusal)))
        .getCode());
    assertEquals(-32601, Transport.internalError(new UnsupportedOperationException()).getCode());
  }

  @Test
  void contentLengthInsideAStringIsText() {
    FrameReader.Scanner s = new FrameReader.Scanner();
    for (byte b : "{\"id\": 7, \"x\": \"Content-Length: 3\"}".getBytes(StandardCharsets.UTF_8)) s.feed(b);
    assertTrue(s.complete());
    assertEquals("7", s.id());
  }

  @Test
  void wrongTypesAndMissingParamsAreInvalidParams() throws Exception {
    afterwards(x -> {
      try {
        int[] codes = {
            code(x.call("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + URI + "\"},\"position\":\"here\"}")),
            code(x.call("textDocument/hover", "{\"textDocument\":{\"uri\":\"" + URI + "\"}}")),
            code(x.call("textDocument/hover", null)),
            code(x.call("textDocument/completion", "[1, 2]")),
            code(x.call("textDocument/hover", hoverParams(-1, 0))),
            code(x.call("textDocument/definition", hoverParams(0, -7))),
            code(x.call("textDocument/rename", hoverParams(2, 3))),
            code(x.call("textDocument/codeAction", "{\"textDocument\":{\"uri\":\"" + URI + "\"}}")),
            code(x.call("textDocument/semanticTokens/full", "{}")),
        };
        for (int code : codes) assertEquals(-32602, code, java.util.Arrays.toString(codes));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void unknownDocumentsAndPositionsPastTheEndGetEmptyAnswers() throws Exception {
    afterwards(x -> {
      try {
        String other = "{\"textDocument\":{\"uri\":\"file:///nowhere/x.brain\"},\"position\":{\"line\":0,\"character\":0}}";
        assertTrue(x.call("textDocument/hover", other).get("result").isJsonNull());
        assertEquals("[]", x.call("textDocument/definition", other).get("result").toString());
        assertTrue(x.call("textDocument/hover", hoverParams(900, 900)).has("result"));
        assertTrue(x.call("textDocument/completion", hoverParams(2, 900)).has("result"));
        assertTrue(x.call("textDocument/hover", hoverParams(Integer.MAX_VALUE, Integer.MAX_VALUE)).has("result"));
        assertTrue(x.call("textDocument/definition", hoverParams(1, Integer.MAX_VALUE)).has("result"));
        assertEquals(-32601, code(x.call("brainc/noSuchThing", "{}")));
        // Declared by lsp4j's interfaces but not implemented here: not found, not an internal error.
        assertEquals(-32601, code(x.call("textDocument/documentHighlight", hoverParams(2, 19))));
        assertEquals(-32601, code(x.call("textDocument/inlayHint", "{\"textDocument\":{\"uri\":\"" + URI
            + "\"},\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":1,\"character\":0}}}")));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void requestsAfterShutdownAreRefusedAndExitIsAccepted() throws Exception {
    RawClient c = new RawClient();
    c.initialize();
    c.open(URI, 1, TEXT);
    assertTrue(c.call("shutdown", null).has("result"));
    assertEquals(-32600, code(c.call("textDocument/hover", hoverParams(2, 19))));
    assertTrue(c.server.server().isShutdown());
    noStackTraces(c);
    assertTrue(c.endInput(Duration.ofSeconds(10)));
  }

  static int code(JsonObject answer) {
    assertTrue(answer.has("error"), answer.toString());
    return answer.getAsJsonObject("error").get("code").getAsInt();
  }
}
