package brainc.lsp;

import brainc.lsp.features.SemanticTokens;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The lsp4j adapter: translates protocol messages to {@link BrainLanguageService} calls and
 * nothing else. Requests run on the service's executor (threads with a stack as deep as the
 * command line's) with lsp4j's cancel checker; text synchronisation is full (each change
 * carries the whole document).
 *
 * <p>Parameters are checked here, before any work: a request without its parameters, without a
 * document or with a negative position is answered with invalid params (-32602); a document
 * that is not open gets the protocol's empty answer ({@code null} or {@code []}); a request
 * after {@code shutdown} gets invalid request (-32600).
 */
public final class BrainLanguageServer implements LanguageServer, LanguageClientAware {
  private final BrainLanguageService service;
  private final TextDocuments documents = new TextDocuments();
  private final Workspace workspace = new Workspace();
  private volatile LanguageClient client;
  private volatile boolean shutdown;

  public BrainLanguageServer(BrainLanguageService service) {
    this.service = service;
  }

  public BrainLanguageServer() {
    this(new BrainLanguageService());
  }

  public BrainLanguageService service() {
    return service;
  }

  @Override
  public void connect(LanguageClient client) {
    this.client = client;
    service.setPublisher(client::publishDiagnostics);
    service.setErrorSink(t -> client.logMessage(new MessageParams(MessageType.Error, "brainc: " + t)));
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    ServerCapabilities c = new ServerCapabilities();
    c.setTextDocumentSync(TextDocumentSyncKind.Full);
    CompletionOptions completion = new CompletionOptions(false, List.of(".", "{", ",", " ", "("));
    c.setCompletionProvider(completion);
    c.setHoverProvider(true);
    c.setDefinitionProvider(true);
    c.setReferencesProvider(true);
    c.setDocumentSymbolProvider(true);
    c.setFoldingRangeProvider(true);
    c.setDocumentFormattingProvider(true);
    c.setWorkspaceSymbolProvider(true);
    c.setRenameProvider(new RenameOptions(true));
    c.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ",", "{")));
    c.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
    SemanticTokensWithRegistrationOptions tokens = new SemanticTokensWithRegistrationOptions(SemanticTokens.legend());
    tokens.setFull(true);
    c.setSemanticTokensProvider(tokens);
    return CompletableFuture.completedFuture(new InitializeResult(c, new ServerInfo("brainc-lsp", Main.version())));
  }

  @Override
  public void initialized(InitializedParams params) {}

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdown = true;
    return CompletableFuture.completedFuture(null);
  }

  /** Whether the client has asked the server to shut down (so that `exit` ends with status 0). */
  public boolean isShutdown() {
    return shutdown;
  }

  /** Stops the service's threads: the connection has ended. */
  public void dispose() {
    service.close();
  }

  @Override
  public void exit() {
    Main.exit(shutdown ? 0 : 1);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspace;
  }

  /** The text of a read-only standard-library document, for clients that cannot open the scheme themselves. */
  @JsonRequest("brainc/stdlibSource")
  public CompletableFuture<String> stdlibSource(String uri) {
    return CompletableFuture.completedFuture(uri == null ? null : service.stdlibText(uri).orElse(null));
  }

  private <T> CompletableFuture<T> async(Function<CancelChecker, T> f) {
    if (shutdown) throw invalid(ResponseErrorCode.InvalidRequest, "the server is shutting down: only `exit` is accepted now");
    return CompletableFutures.computeAsync(service.executor(), f);
  }

  static ResponseErrorException invalid(ResponseErrorCode code, String message) {
    return new ResponseErrorException(new ResponseError(code, message, null));
  }

  /** The parameters of a request, or an invalid-params answer saying which are missing. */
  static <T> T need(T params, String what) {
    if (params == null) throw invalid(ResponseErrorCode.InvalidParams, "missing " + what);
    return params;
  }

  /** The document URI of a request (required). */
  static String uri(org.eclipse.lsp4j.TextDocumentIdentifier doc) {
    need(doc, "`textDocument`");
    return need(doc.getUri(), "`textDocument.uri`");
  }

  /** A position of a request (required, and not negative: the protocol's line and character are unsigned). */
  static Position position(Position p) {
    need(p, "`position`");
    if (p.getLine() < 0 || p.getCharacter() < 0) {
      throw invalid(ResponseErrorCode.InvalidParams, "position " + p.getLine() + ":" + p.getCharacter()
          + " is negative; lines and characters count from 0");
    }
    return p;
  }

  static org.eclipse.lsp4j.Range range(org.eclipse.lsp4j.Range r) {
    need(r, "`range`");
    position(r.getStart());
    position(r.getEnd());
    return r;
  }

  private final class TextDocuments implements TextDocumentService {
    @Override
    public void didOpen(DidOpenTextDocumentParams p) {
      if (p == null || p.getTextDocument() == null || p.getTextDocument().getUri() == null
          || p.getTextDocument().getText() == null) {
        return;
      }
      service.open(p.getTextDocument().getUri(), p.getTextDocument().getVersion(), p.getTextDocument().getText());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams p) {
      if (p == null || p.getTextDocument() == null || p.getTextDocument().getUri() == null) return;
      var changes = p.getContentChanges();
      if (changes == null || changes.isEmpty() || changes.get(changes.size() - 1) == null
          || changes.get(changes.size() - 1).getText() == null) {
        return;
      }
      service.change(p.getTextDocument().getUri(), p.getTextDocument().getVersion(),
          changes.get(changes.size() - 1).getText());
    }

    @Override
    public void didClose(DidCloseTextDocumentParams p) {
      if (p == null || p.getTextDocument() == null || p.getTextDocument().getUri() == null) return;
      service.close(p.getTextDocument().getUri());
    }

    @Override
    public void didSave(DidSaveTextDocumentParams p) {}

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      return async(c -> Either.forRight(new CompletionList(false, service.completion(uri, pos, c))));
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      return async(c -> service.hover(uri, pos, c).orElse(null));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      return async(c -> Either.forLeft(service.definition(uri, pos, c)));
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      boolean declaration = p.getContext() == null || p.getContext().isIncludeDeclaration();
      return async(c -> service.references(uri, pos, declaration, c));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams p) {
      String uri = uri(need(p, "params").getTextDocument());
      return async(c -> service.documentSymbols(uri, c).stream()
          .map(s -> Either.<SymbolInformation, DocumentSymbol>forRight(s)).toList());
    }

    @Override
    public CompletableFuture<List<? extends org.eclipse.lsp4j.TextEdit>> formatting(
        org.eclipse.lsp4j.DocumentFormattingParams p) {
      String uri = uri(need(p, "params").getTextDocument());
      return async(c -> service.formatting(uri, c));
    }

    @Override
    public CompletableFuture<List<FoldingRange>> foldingRange(FoldingRangeRequestParams p) {
      String uri = uri(need(p, "params").getTextDocument());
      return async(c -> service.foldingRanges(uri, c));
    }

    @Override
    public CompletableFuture<org.eclipse.lsp4j.SemanticTokens> semanticTokensFull(SemanticTokensParams p) {
      String uri = uri(need(p, "params").getTextDocument());
      return async(c -> service.semanticTokens(uri, c));
    }

    @Override
    public CompletableFuture<SignatureHelp> signatureHelp(SignatureHelpParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      return async(c -> service.signatureHelp(uri, pos, c).orElse(null));
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      org.eclipse.lsp4j.Range range = range(p.getRange());
      return async(c -> service.codeActions(uri, range, c).stream()
          .map(a -> Either.<Command, CodeAction>forRight(a)).toList());
    }

    @Override
    public CompletableFuture<Either3<org.eclipse.lsp4j.Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(
        PrepareRenameParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      return async(c -> service.prepareRename(uri, pos, c)
          .map(r -> Either3.<org.eclipse.lsp4j.Range, PrepareRenameResult, PrepareRenameDefaultBehavior>forFirst(r))
          .orElse(null));
    }

    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams p) {
      need(p, "params");
      String uri = uri(p.getTextDocument());
      Position pos = position(p.getPosition());
      String newName = need(p.getNewName(), "`newName`");
      return async(c -> service.rename(uri, pos, newName, c).orElse(null));
    }
  }

  private final class Workspace implements WorkspaceService {
    @Override
    @SuppressWarnings("deprecation")
    public CompletableFuture<org.eclipse.lsp4j.jsonrpc.messages.Either<List<? extends org.eclipse.lsp4j.SymbolInformation>,
        List<? extends org.eclipse.lsp4j.WorkspaceSymbol>>> symbol(org.eclipse.lsp4j.WorkspaceSymbolParams p) {
      String query = need(need(p, "params").getQuery(), "`query`");
      return async(c -> org.eclipse.lsp4j.jsonrpc.messages.Either.forRight(service.workspaceSymbols(query, c)));
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {}

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}
  }

}
