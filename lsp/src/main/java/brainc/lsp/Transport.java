package brainc.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The JSON-RPC transport: lsp4j's endpoint and message classes over our own {@link FrameReader},
 * so that a malformed frame costs one error answer and never the connection.
 *
 * <ul>
 *   <li>A frame that cannot be read, or whose body is not JSON, is answered with a parse error
 *       (-32700), with the request's id when the reader saw one and {@code null} otherwise.
 *   <li>A message whose parameters do not fit the method (wrong types, required fields
 *       missing) is answered with invalid params (-32602) when it is a request.
 *   <li>An exception a handler did not expect becomes an internal error (-32603) whose message
 *       says so; its stack trace goes to stderr, never into the answer.
 * </ul>
 */
final class Transport {
  private static final Logger LOG = Logger.getLogger(Transport.class.getName());

  private Transport() {}

  /** Serves {@code server} on the streams; the future completes when the input ends. */
  static CompletableFuture<Void> serve(BrainLanguageServer server, InputStream in, OutputStream out) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ExecutorService lsp4j = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "brainc-lsp-jsonrpc");
      t.setDaemon(true);
      return t;
    });
    Builder builder = new Builder(done);
    builder.setLocalService(server).setRemoteInterface(LanguageClient.class).setInput(in).setOutput(out)
        .setExecutorService(lsp4j).validateMessages(true).setExceptionHandler(Transport::internalError);
    Launcher<LanguageClient> launcher = builder.create();
    server.connect(launcher.getRemoteProxy());
    launcher.startListening();
    return done.whenComplete((v, t) -> {
      server.dispose();
      lsp4j.shutdown();
    });
  }

  /** The answer to an exception no handler expected: a bug in the server, described without its stack. */
  static ResponseError internalError(Throwable t) {
    // A refusal thrown before a handler returned its future arrives wrapped (lsp4j calls the
    // handler by reflection): it is an answer, not a bug.
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof org.eclipse.lsp4j.jsonrpc.ResponseErrorException r) return r.getResponseError();
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      // lsp4j's default for a protocol method this server does not implement.
      if (c instanceof UnsupportedOperationException) {
        return new ResponseError(ResponseErrorCode.MethodNotFound, "brainc-lsp does not support this request "
            + "(see the capabilities it announced in its answer to `initialize`)", null);
      }
    }
    Throwable cause = t;
    while (cause.getCause() != null && cause != cause.getCause()
        && (cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.lang.reflect.InvocationTargetException
            || cause.getClass() == RuntimeException.class)) {
      cause = cause.getCause();
    }
    LOG.log(Level.SEVERE, "internal error in a request", cause);
    String what = cause instanceof StackOverflowError ? "the text is nested too deeply to analyse"
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ResponseError(ResponseErrorCode.InternalError,
        "brainc-lsp: internal error: " + what + " (this is a bug in brainc; please report it with the file)", null);
  }

  /** lsp4j's launcher with our reader in place of its StreamMessageProducer. */
  private static final class Builder extends Launcher.Builder<LanguageClient> {
    private final CompletableFuture<Void> done;
    private MessageJsonHandler json;
    private MessageConsumer outgoing;

    Builder(CompletableFuture<Void> done) {
      this.done = done;
    }

    @Override
    protected MessageJsonHandler createJsonHandler() {
      json = super.createJsonHandler();
      return json;
    }

    @Override
    protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
      // Outgoing messages are written as they are: lsp4j's validator on this side would drop an
      // answer that breaks one of its rules instead of sending it.
      outgoing = new StreamMessageConsumer(output, jsonHandler);
      RemoteEndpoint endpoint = new RemoteEndpoint(outgoing, ServiceEndpoints.toEndpoint(localServices), exceptionHandler);
      jsonHandler.setMethodProvider(endpoint);
      return endpoint;
    }

    @Override
    protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer ignored, MessageConsumer incoming,
        LanguageClient remoteProxy) {
      Producer producer = new Producer(input, json, outgoing);
      return new ConcurrentMessageProcessor(producer, incoming) {
        @Override
        public void run() {
          try {
            super.run();
          } finally {
            done.complete(null);
          }
        }
      };
    }
  }

  /** Reads frames, parses messages and answers the ones that cannot be handled. */
  static final class Producer implements MessageProducer {
    private final FrameReader frames;
    private final MessageJsonHandler json;
    private final MessageConsumer out;

    Producer(InputStream in, MessageJsonHandler json, MessageConsumer out) {
      this.frames = new FrameReader(in);
      this.json = json;
      this.out = out;
    }

    @Override
    public void listen(MessageConsumer callback) {
      while (true) {
        FrameReader.Frame f;
        try {
          f = frames.next();
        } catch (IOException e) {
          LOG.log(Level.INFO, "the input failed: " + e.getMessage());
          return;
        }
        if (f instanceof FrameReader.End) return;
        if (f instanceof FrameReader.Malformed m) {
          reply(m.id(), ResponseErrorCode.ParseError, m.reason());
          continue;
        }
        FrameReader.Body body = (FrameReader.Body) f;
        try {
          handle(body, callback);
        } catch (StackOverflowError e) {
          // JSON nested deeper than the reader's stack: refuse the message, keep the connection.
          reply(body.id(), ResponseErrorCode.ParseError, "the message is nested too deeply to read");
        }
      }
    }

    private void handle(FrameReader.Body body, MessageConsumer callback) {
      JsonElement tree;
      try {
        tree = JsonParser.parseString(body.json());
        if (!tree.isJsonObject()) {
          reply(body.id(), ResponseErrorCode.InvalidRequest, "a message must be a JSON object, not `"
              + abbreviate(body.json()) + "`");
          return;
        }
      } catch (RuntimeException e) {
        reply(body.id(), ResponseErrorCode.ParseError, "the message is not valid JSON: " + detail(e));
        return;
      }
      Message message;
      try {
        message = json.parseMessage(body.json());
      } catch (MessageIssueException e) {
        issues(e, body);
        return;
      } catch (RuntimeException e) {
        // Valid JSON that lsp4j cannot read as a message: a value of the wrong type somewhere.
        reply(body.id(), ResponseErrorCode.InvalidParams, "the message does not fit the protocol: " + detail(e));
        return;
      }
      try {
        callback.consume(message);
      } catch (MessageIssueException e) {
        issues(e, body);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "a message could not be handled", e);
        if (message instanceof RequestMessage r) {
          ResponseError error = internalError(e);
          respond(r.getRawId() == null ? null : idText(r), error);
        }
      }
    }

    private void issues(MessageIssueException e, FrameReader.Body body) {
      List<MessageIssue> issues = e.getIssues();
      String text = issues.stream().map(MessageIssue::getText).reduce((a, b) -> a + "; " + b).orElse("invalid message");
      int code = issues.isEmpty() ? ResponseErrorCode.InvalidParams.getValue() : issues.get(0).getIssueCode();
      if (code == ResponseErrorCode.ParseError.getValue() || code == ResponseErrorCode.InternalError.getValue()) {
        // lsp4j says "parse error" for JSON that parsed but does not fit: the parameters are wrong.
        code = ResponseErrorCode.InvalidParams.getValue();
        Throwable cause = issues.isEmpty() ? null : issues.get(0).getCause();
        if (cause != null) text = "the message does not fit the protocol: " + detail(cause);
      }
      Message m = e.getRpcMessage();
      String id = m instanceof RequestMessage r && r.getRawId() != null ? idText(r) : body.id();
      if (id == null && !(m instanceof RequestMessage)) {
        // A notification gets no answer; note it where a person can read it.
        LOG.warning("ignored a notification that does not fit the protocol: " + text);
        return;
      }
      respond(id, new ResponseError(code, text, null));
    }

    private void reply(String id, ResponseErrorCode code, String message) {
      respond(id, new ResponseError(code, message, null));
    }

    private void respond(String idJson, ResponseError error) {
      ResponseMessage r = new ResponseMessage();
      r.setJsonrpc("2.0");
      if (idJson != null) {
        try {
          JsonElement id = JsonParser.parseString(idJson);
          if (id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()) {
            r.setRawId(org.eclipse.lsp4j.jsonrpc.messages.Either.forRight(id.getAsNumber()));
          } else if (id.isJsonPrimitive()) {
            r.setRawId(org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft(id.getAsString()));
          }
        } catch (RuntimeException e) {
          // Not a usable id: answer with a null id, as for a message that could not be read.
        }
      }
      r.setError(error);
      try {
        out.consume(r);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not send an error answer", e);
      }
    }

    private static String idText(RequestMessage r) {
      Object id = r.getRawId().get();
      return id instanceof Number n ? n.toString() : '"' + id.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String detail(Throwable e) {
      Throwable c = e;
      while (c.getCause() != null && c.getCause() != c) c = c.getCause();
      String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
      // Gson appends a link to its troubleshooting guide; the path in the message says enough.
      return m.replaceAll("\\s*See https://github\\.com/google/gson\\S*", "").replaceAll("\\s+", " ");
    }

    private static String abbreviate(String s) {
      String t = s.strip().replaceAll("\\s+", " ");
      return t.length() <= 60 ? t : t.substring(0, 60) + "…";
    }
  }
}
