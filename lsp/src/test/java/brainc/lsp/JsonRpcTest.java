package brainc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;

/** The real server over piped streams and JSON-RPC, driven as an editor drives it. */
class JsonRpcTest {
  private static final String TEXT = "use brain.neurons.LIF\nnetwork N {\n  population p = LIF[10] {  }\n}\nrun N for 1 s\n";

  @Test
  void initializeOpenCompleteHoverDefinitionShutdown() throws Exception {
    System.setProperty("brainc.lsp.noExit", "true");
    // NIO pipes, not java.io piped streams: those fail once the thread that last wrote has ended.
    Pipe toServer = Pipe.open();
    Pipe toClient = Pipe.open();
    var serverIn = Channels.newInputStream(toServer.source());
    var clientOut = Channels.newOutputStream(toServer.sink());
    var clientIn = Channels.newInputStream(toClient.source());
    var serverOut = Channels.newOutputStream(toClient.sink());
    Main.start(serverIn, serverOut);

    CompletableFuture<PublishDiagnosticsParams> diagnostics = new CompletableFuture<>();
    LanguageClient client = new LanguageClient() {
      public void telemetryEvent(Object object) {}
      public void publishDiagnostics(PublishDiagnosticsParams d) {
        diagnostics.complete(d);
      }
      public void showMessage(MessageParams m) {}
      public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) {
        return CompletableFuture.completedFuture(null);
      }
      public void logMessage(MessageParams m) {}
    };
    var launcher = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    launcher.startListening();
    LanguageServer server = launcher.getRemoteProxy();

    InitializeParams init = new InitializeParams();
    init.setCapabilities(new ClientCapabilities());
    var caps = server.initialize(init).get(10, TimeUnit.SECONDS).getCapabilities();
    assertEquals(org.eclipse.lsp4j.TextDocumentSyncKind.Full, caps.getTextDocumentSync().getLeft());
    assertTrue(caps.getHoverProvider().getLeft());
    server.initialized(new InitializedParams());

    String uri = Fixture.URI;
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "brain", 1, TEXT)));
    var doc = new TextDocumentIdentifier(uri);

    var completion = server.getTextDocumentService().completion(new CompletionParams(doc, new Position(2, 27)))
        .get(10, TimeUnit.SECONDS).getRight().getItems();
    assertTrue(completion.stream().anyMatch(i -> i.getLabel().equals("tau_m")), completion.toString());

    var hover = server.getTextDocumentService().hover(new HoverParams(doc, new Position(2, 19))).get(10, TimeUnit.SECONDS);
    assertTrue(hover.getContents().getRight().getValue().contains("Leaky integrate-and-fire"));

    var definition = server.getTextDocumentService().definition(new DefinitionParams(doc, new Position(4, 4)))
        .get(10, TimeUnit.SECONDS).getLeft();
    assertEquals(1, definition.size());
    assertEquals(1, definition.get(0).getRange().getStart().getLine());

    PublishDiagnosticsParams published = diagnostics.get(10, TimeUnit.SECONDS);
    assertEquals(uri, published.getUri());
    assertEquals(List.of(), published.getDiagnostics());

    server.shutdown().get(10, TimeUnit.SECONDS);
    server.exit();
  }
}
