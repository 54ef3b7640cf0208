package brainc.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An editor at the byte level: the real server (transport included) on NIO pipes, driven with
 * frames written by hand, so that tests can send what no well-behaved client would. Every
 * message the server sends is kept; answers are matched to requests by id.
 */
final class RawClient implements AutoCloseable {
  static final Gson GSON = new Gson();

  final Main.Server server;
  private final OutputStream toServer;
  private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  /** Every message from the server, in order. */
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  /** Answers that matched no request (parse errors with a null id, for instance). */
  final List<JsonObject> unmatched = new CopyOnWriteArrayList<>();
  /** Frames from the server that were not well-formed JSON-RPC (there must be none). */
  final List<String> illFormed = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private final Thread reader;

  RawClient() throws IOException {
    System.setProperty("brainc.lsp.noExit", "true");
    // NIO pipes, not java.io piped streams: those fail once the thread that last wrote has ended.
    Pipe toS = Pipe.open();
    Pipe toC = Pipe.open();
    InputStream serverIn = Channels.newInputStream(toS.source());
    this.toServer = Channels.newOutputStream(toS.sink());
    InputStream clientIn = Channels.newInputStream(toC.source());
    OutputStream serverOut = Channels.newOutputStream(toC.sink());
    this.server = Main.start(serverIn, serverOut);
    this.reader = new Thread(() -> read(clientIn), "raw-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(InputStream in) {
    FrameReader frames = new FrameReader(in);
    try {
      while (true) {
        FrameReader.Frame f = frames.next();
        if (f instanceof FrameReader.End) return;
        if (!(f instanceof FrameReader.Body b) || !b.exact()) {
          illFormed.add(f.toString());
          continue;
        }
        JsonObject m;
        try {
          m = JsonParser.parseString(b.json()).getAsJsonObject();
        } catch (RuntimeException e) {
          illFormed.add(b.json());
          continue;
        }
        received.add(m);
        if (!"2.0".equals(str(m.get("jsonrpc")))) illFormed.add(m.toString());
        if (m.has("method") && m.has("id")) {
          // A request from the server (none expected from this one): answer it.
          send(String.format("{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":null}", m.get("id")));
        } else if (!m.has("method")) {
          boolean result = m.has("result");
          boolean error = m.has("error");
          if (result == error || !m.has("id")) illFormed.add(m.toString());
          JsonElement id = m.get("id");
          CompletableFuture<JsonObject> f2 = id == null || id.isJsonNull() ? null : pending.remove(id.getAsString());
          if (f2 == null) unmatched.add(m);
          else f2.complete(m);
        }
      }
    } catch (IOException e) {
      // The server closed its output.
    }
  }

  private static String str(JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  /** Writes bytes as they are. */
  synchronized void raw(byte[] bytes) {
    try {
      toServer.write(bytes);
      toServer.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  void raw(String s) {
    raw(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes one well-formed frame. */
  void send(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[header.length + body.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(body, 0, all, header.length, body.length);
    raw(all);
  }

  /** Sends a request with the given params (JSON text) and returns its answer's future. */
  CompletableFuture<JsonObject> request(String method, String paramsJson) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    pending.put(Integer.toString(id), f);
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
        + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
    return f;
  }

  /** Registers a request id written by hand (in a raw frame), to match its answer. */
  CompletableFuture<JsonObject> expect(int id) {
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    pending.put(Integer.toString(id), f);
    return f;
  }

  int nextId() {
    return ids.incrementAndGet();
  }

  JsonObject call(String method, String paramsJson) throws Exception {
    return request(method, paramsJson).get(30, TimeUnit.SECONDS);
  }

  void notify(String method, String paramsJson) {
    send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
  }

  void initialize() throws Exception {
    JsonObject r = call("initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}");
    if (!r.has("result")) throw new AssertionError(r.toString());
    notify("initialized", "{}");
  }

  void open(String uri, int version, String text) {
    notify("textDocument/didOpen", "{\"textDocument\":{\"uri\":" + GSON.toJson(uri) + ",\"languageId\":\"brain\",\"version\":"
        + version + ",\"text\":" + GSON.toJson(text) + "}}");
  }

  void change(String uri, int version, String text) {
    notify("textDocument/didChange", "{\"textDocument\":{\"uri\":" + GSON.toJson(uri) + ",\"version\":" + version
        + "},\"contentChanges\":[{\"text\":" + GSON.toJson(text) + "}]}");
  }

  /** The diagnostics published for a document version, waiting for them up to {@code timeout}. */
  JsonObject diagnostics(String uri, int version, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (int i = received.size() - 1; i >= 0; i--) {
        JsonObject m = received.get(i);
        if (!"textDocument/publishDiagnostics".equals(str(m.get("method")))) continue;
        JsonObject p = m.getAsJsonObject("params");
        if (uri.equals(str(p.get("uri"))) && p.has("version") && p.get("version").getAsInt() == version) return p;
      }
      Thread.sleep(5);
    }
    return null;
  }

  /** Ends the input, as an editor that dies does; true if the server then stopped listening. */
  boolean endInput(Duration timeout) throws Exception {
    toServer.close();
    try {
      server.listening().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      toServer.close();
    } catch (IOException e) {
      // Already closed.
    }
    server.listening().get(10, TimeUnit.SECONDS);
  }
}
