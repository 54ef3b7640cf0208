package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Texts that {@code brainc check} handles in about a second and that recurse deeply: the
 * server publishes the same diagnostics within a few seconds and answers every request with
 * a result, not a StackOverflowError.
 */
class DeepInputTest {
  static final String URI = java.nio.file.Path.of("/tmp/brainc-lsp-test/deep.brain").toUri().toString();

  /** 5,000 nested parentheses. */
  static String nestedParentheses() {
    return "use brain.neurons.LIF\nnetwork N {\n  population p = LIF[" + "(".repeat(5000) + "1" + ")".repeat(5000)
        + "]\n}\nrun N for 1 ms\n";
  }

  /** An expression of 20,000 terms. */
  static String longExpression() {
    StringBuilder b = new StringBuilder("use brain.neurons.LIF\nnetwork N {\n  population p = LIF[1");
    for (int i = 1; i < 20000; i++) b.append(i % 3 == 0 ? " - 1" : " + 1");
    return b.append("]\n}\nrun N for 1 ms\n").toString();
  }

  /** The same, with a unit error at its end, so that there is a diagnostic to compare. */
  static String longExpressionWithError() {
    return longExpression().replace("]\n}", " + 1 mV]\n}");
  }

  @TestFactory
  Stream<DynamicTest> deepInputsGetDiagnosticsAndAnswers() {
    return Stream.of(
        DynamicTest.dynamicTest("5,000 nested parentheses", () -> check(nestedParentheses())),
        DynamicTest.dynamicTest("20,000-term expression", () -> check(longExpression())),
        DynamicTest.dynamicTest("20,000-term expression with an error", () -> check(longExpressionWithError())));
  }

  @org.junit.jupiter.api.Test
  void theServiceCalledDirectlyIsAsRobust() throws Exception {
    // A caller on an ordinary thread (a test, an embedder) is served on a deep-stack worker too.
    try (BrainLanguageService service = new BrainLanguageService(Duration.ofHours(1))) {
      service.setErrorSink(t -> {
        throw new AssertionError(t);
      });
      service.open(URI, 1, nestedParentheses());
      assertEquals(List.of(), service.diagnostics(URI));
      var pos = new org.eclipse.lsp4j.Position(2, 2000);
      service.hover(URI, pos, BrainLanguageService.NEVER);
      service.completion(URI, pos, BrainLanguageService.NEVER);
      service.semanticTokens(URI, BrainLanguageService.NEVER);
      service.formatting(URI, BrainLanguageService.NEVER);
      assertTrue(service.workspaceSymbols("N", BrainLanguageService.NEVER).size() >= 1);
    }
  }

  @org.junit.jupiter.api.Test
  void theCursorContextOfManyOpenBracketsOnOneLineIsLinear() {
    // Each open bracket's header used to be cut out of the line when it was seen: quadratic,
    // 30 s for 50,000 parentheses. Headers are now read only for the brackets a feature asks about.
    String text = "network N {\n  population p = LIF[" + "(".repeat(200_000);
    long start = System.nanoTime();
    var cx = brainc.lsp.features.CursorContext.at(text, text.length());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200_000, cx.calls.size());
    assertEquals("", cx.callee());
    assertTrue(ms < 5_000, "took " + ms + " ms");
  }

  private static void check(String text) throws Exception {
    try (RawClient c = new RawClient()) {
      c.initialize();
      long start = System.nanoTime();
      c.open(URI, 1, text);
      JsonObject published = c.diagnostics(URI, 1, Duration.ofSeconds(20));
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.println("[deep-input] diagnostics published in " + ms + " ms for " + text.length() + " chars");
      assertNotNull(published, "no diagnostics within 20 s");
      assertTrue(ms < 10_000, "diagnostics took " + ms + " ms");
      assertEquals(Typing.expected(URI, text), Typing.published(published));
      int mid = text.indexOf("LIF[") + 4 + 2500;
      int line = 2;
      int character = mid - text.indexOf("  population");
      for (String method : List.of("textDocument/hover", "textDocument/definition", "textDocument/completion",
          "textDocument/signatureHelp", "textDocument/references", "textDocument/prepareRename")) {
        for (int ch : new int[] {character, 20, 2}) {
          String pos = "{\"textDocument\":{\"uri\":\"" + URI + "\"},\"position\":{\"line\":" + line + ",\"character\":" + ch
              + "}" + (method.endsWith("references") ? ",\"context\":{\"includeDeclaration\":true}" : "") + "}";
          JsonObject a = c.call(method, pos);
          // `LIF` is the standard library's: renaming it is refused with a message.
          assertTrue(a.has("result") || method.endsWith("prepareRename") && TransportTest.code(a) == -32803,
              method + ": " + a);
        }
      }
      String doc = "{\"textDocument\":{\"uri\":\"" + URI + "\"}}";
      for (String method : List.of("textDocument/documentSymbol", "textDocument/semanticTokens/full",
          "textDocument/foldingRange")) {
        JsonObject a = c.call(method, doc);
        assertTrue(a.has("result"), method + ": " + a);
      }
      JsonObject format = c.call("textDocument/formatting", "{\"textDocument\":{\"uri\":\"" + URI
          + "\"},\"options\":{\"tabSize\":2,\"insertSpaces\":true}}");
      assertTrue(format.has("result"), format.toString());
      JsonObject actions = c.call("textDocument/codeAction", "{\"textDocument\":{\"uri\":\"" + URI
          + "\"},\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":5,\"character\":0}},\"context\":{\"diagnostics\":[]}}");
      assertTrue(actions.has("result"), actions.toString());
      JsonObject rename = c.call("textDocument/rename", "{\"textDocument\":{\"uri\":\"" + URI
          + "\"},\"position\":{\"line\":2,\"character\":13},\"newName\":\"q\"}");
      assertTrue(rename.has("result"), rename.toString());
      TransportTest.noStackTraces(c);
      assertTrue(c.endInput(Duration.ofSeconds(10)));
    }
  }
}
