package brainc.lsp;

import brainc.lsp.model.TextDocument;
import brainc.lsp.model.Uris;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Frontend;
import brainc.ir.source.SourceFile;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One editing session through the real transport: a file typed in prefix by prefix, with
 * random requests (in range and out of range) and malformed frames between keystrokes. At the
 * end: every request was answered with a result or an expected error (never an internal
 * error, never a stack trace), the diagnostics published for the final text equal {@code
 * brainc check}'s, and the server stops when its input ends.
 */
final class Typing {
  private Typing() {}

  static final List<String> DOCUMENT_METHODS = List.of("textDocument/documentSymbol",
      "textDocument/semanticTokens/full", "textDocument/foldingRange", "textDocument/formatting");
  static final List<String> POSITION_METHODS = List.of("textDocument/completion", "textDocument/hover",
      "textDocument/definition", "textDocument/references", "textDocument/signatureHelp",
      "textDocument/prepareRename", "textDocument/rename", "textDocument/codeAction");
  static final List<String> NEW_NAMES = List.of("renamed", "network", "population", "run", "1abc", "a b", "",
      "tau_m", "LIF", "p", "x'", "spike", "when", "µ_rate");

  /** Error codes a request may get here: invalid params (a negative position), a refused rename, cancelled, modified. */
  static final Set<Integer> ALLOWED_ERRORS = Set.of(-32602, -32803, -32800, -32801);

  static void session(Path file, Random random, int cuts) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String uri = file.toUri().toString();
    TreeSet<Integer> ends = new TreeSet<>();
    for (int i = 0; i < cuts; i++) ends.add(random.nextInt(text.length() + 1));
    ends.add(text.length());
    List<CompletableFuture<JsonObject>> answers = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    try (RawClient c = new RawClient()) {
      c.initialize();
      int version = 0;
      for (int end : ends) {
        String prefix = text.substring(0, end);
        version++;
        if (version == 1) c.open(uri, version, prefix);
        else c.change(uri, version, prefix);
        int between = random.nextInt(5);
        for (int k = 0; k < between; k++) {
          if (random.nextInt(6) == 0) {
            malformed(c, random, uri);
          } else {
            String request = request(random, uri, prefix);
            String method = request.substring(0, request.indexOf(' '));
            asked.add(request);
            answers.add(c.request(method, request.substring(request.indexOf(' ') + 1)));
          }
        }
      }
      for (int i = 0; i < answers.size(); i++) {
        JsonObject a = answers.get(i).get(30, TimeUnit.SECONDS);
        if (a.has("error")) {
          int code = a.getAsJsonObject("error").get("code").getAsInt();
          assertTrue(ALLOWED_ERRORS.contains(code), asked.get(i) + " -> " + a);
          if (code == -32602) assertTrue(asked.get(i).contains("-"), "invalid params for " + asked.get(i) + ": " + a);
        }
      }
      JsonObject published = c.diagnostics(uri, version, Duration.ofSeconds(30));
      assertNotNull(published, "no diagnostics for the final text of " + file);
      assertEquals(expected(uri, text), published(published), file.toString());
      TransportTest.noStackTraces(c);
      for (JsonObject m : c.unmatched) {
        // Answers to the hand-written requests inside broken frames: a result when the frame
        // could still be read, else a parse error, an invalid request or invalid params.
        if (!m.has("error")) continue;
        int code = m.getAsJsonObject("error").get("code").getAsInt();
        assertTrue(code == -32700 || code == -32600 || code == -32602 || code == -32800 || code == -32801, m.toString());
      }
      assertTrue(c.endInput(Duration.ofSeconds(10)), "the server did not stop at the end of its input");
    }
  }

  /** A random request as "method params", at a position in range or out of it. */
  static String request(Random random, String uri, String text) {
    String doc = "{\"uri\":" + RawClient.GSON.toJson(uri) + "}";
    if (random.nextInt(4) == 0) {
      String method = DOCUMENT_METHODS.get(random.nextInt(DOCUMENT_METHODS.size()));
      String extra = method.endsWith("formatting") ? ",\"options\":{\"tabSize\":2,\"insertSpaces\":true}" : "";
      return method + " {\"textDocument\":" + doc + extra + "}";
    }
    String method = POSITION_METHODS.get(random.nextInt(POSITION_METHODS.size()));
    String pos = position(random, text);
    if (method.endsWith("codeAction")) {
      return method + " {\"textDocument\":" + doc + ",\"range\":{\"start\":" + pos + ",\"end\":" + position(random, text)
          + "},\"context\":{\"diagnostics\":[]}}";
    }
    String extra = method.endsWith("/rename") ? ",\"newName\":" + RawClient.GSON.toJson(NEW_NAMES.get(random.nextInt(NEW_NAMES.size())))
        : method.endsWith("references") ? ",\"context\":{\"includeDeclaration\":" + random.nextBoolean() + "}" : "";
    return method + " {\"textDocument\":" + doc + ",\"position\":" + pos + extra + "}";
  }

  private static String position(Random random, String text) {
    int lines = (int) text.chars().filter(ch -> ch == '\n').count() + 1;
    int line;
    int character;
    switch (random.nextInt(8)) {
      case 0:
        line = lines + random.nextInt(1000);
        character = random.nextInt(5);
        break;
      case 1:
        line = random.nextInt(lines);
        character = 200 + random.nextInt(100000);
        break;
      case 2:
        line = random.nextBoolean() ? -1 - random.nextInt(5) : random.nextInt(lines);
        character = line < 0 ? random.nextInt(3) : -1 - random.nextInt(5);
        break;
      default:
        line = random.nextInt(lines);
        character = random.nextInt(60);
        break;
    }
    return "{\"line\":" + line + ",\"character\":" + character + "}";
  }

  /** Writes one kind of broken frame. */
  static void malformed(RawClient c, Random random, String uri) {
    String hover = "{\"jsonrpc\":\"2.0\",\"id\":" + (900_000 + random.nextInt(1000))
        + ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":" + RawClient.GSON.toJson(uri)
        + "},\"position\":{\"line\":0,\"character\":0}}}";
    int n = hover.getBytes(StandardCharsets.UTF_8).length;
    switch (random.nextInt(9)) {
      case 0 -> c.raw("Content-Length: " + (n - 1 - random.nextInt(8)) + "\r\n\r\n" + hover);
      case 1 -> c.raw("Content-Length: " + (n + 1 + random.nextInt(8)) + "\r\n\r\n" + hover);
      case 2 -> c.raw("garbage between frames \u00e9\r\n");
      case 3 -> c.raw("Content-Length: " + n + "\r\n\r\n" + hover.replace("\"method\"", "method"));
      case 4 -> c.raw("Content-Type: application/json\r\n\r\n" + hover);
      case 5 -> c.raw("Content-Length: 9999999999\r\n\r\n" + hover);
      case 6 -> c.raw("Content-Length: " + (n + 300) + "\r\n\r\n" + hover.substring(0, n / 2));
      case 7 -> c.send(hover.replace("{\"line\":0,\"character\":0}", "\"nowhere\""));
      default -> c.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":7}}");
    }
  }

  /** What `brainc check` reports for this text in this document: code and range, in order. */
  static List<String> expected(String uri, String text) throws Exception {
    AtomicReference<List<brainc.ir.diag.Diagnostic>> out = new AtomicReference<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    // The command line's front end runs on a thread with a deep stack; so does this one.
    Thread t = new Thread(null, () -> {
      try {
        // What `brainc check` reports: the front end's diagnostics, then RunCheck's (which lowers).
        out.set(brainc.lsp.features.Diagnostics.reported(new Frontend().analyze(new SourceFile(Uris.sourceId(uri), text))));
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "expected-check", BrainLanguageService.STACK_BYTES);
    t.start();
    t.join();
    if (failed.get() != null) throw new AssertionError(failed.get());
    TextDocument doc = TextDocument.of(uri, 0, text);
    List<String> result = new ArrayList<>();
    for (brainc.ir.diag.Diagnostic d : out.get()) {
      if (!d.span().source().equals(doc.id())) continue;
      var r = doc.range(d.span());
      result.add(d.code().id() + "@" + r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-"
          + r.getEnd().getLine() + ":" + r.getEnd().getCharacter());
    }
    return result;
  }

  /** The published diagnostics in the same form. */
  static List<String> published(JsonObject params) {
    List<String> result = new ArrayList<>();
    for (JsonElement e : params.getAsJsonArray("diagnostics")) {
      JsonObject d = e.getAsJsonObject();
      JsonObject r = d.getAsJsonObject("range");
      JsonObject s = r.getAsJsonObject("start");
      JsonObject en = r.getAsJsonObject("end");
      result.add(d.get("code").getAsString() + "@" + s.get("line").getAsInt() + ":" + s.get("character").getAsInt() + "-"
          + en.get("line").getAsInt() + ":" + en.get("character").getAsInt());
    }
    assertFalse(result.contains(null));
    return result;
  }
}
