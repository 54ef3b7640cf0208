package brainc.lsp;

import brainc.lsp.model.DocumentModel;
import brainc.lsp.model.TextDocument;
import brainc.lsp.model.Uris;
import brainc.compiler.source.SourceLoader;
import brainc.lsp.features.Completion;
import brainc.lsp.features.Diagnostics;
import brainc.lsp.features.Hover;
import brainc.lsp.features.Navigation;
import brainc.lsp.features.Outline;
import brainc.lsp.features.QuickFixes;
import brainc.lsp.features.SemanticTokens;
import brainc.lsp.features.Signatures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The language service: documents in, answers out, with no transport. The lsp4j adapter
 * ({@link BrainLanguageServer}) calls it; tests call it directly. Each request runs on the
 * model of the document's current version (cached per version); when the document changes
 * while a request runs, the request is cancelled rather than answered from the old text.
 * Diagnostics are published after a quiet period (debounced), only for the latest version.
 *
 * <p>Analysis and every feature run on one small pool of threads whose stacks are as deep as
 * the command line's ({@link #STACK_BYTES}): the front end and some features recurse over the
 * syntax tree, and a text that {@code brainc check} handles (thousands of nested parentheses,
 * an expression of tens of thousands of terms) must not overflow a default-sized stack here.
 */
public final class BrainLanguageService implements AutoCloseable {
  /** A cancel checker for callers that never cancel (tests, the benchmark). */
  public static final CancelChecker NEVER = () -> {};

  /** The stack of each worker thread: the same as {@code brainc}'s front-end thread. */
  public static final long STACK_BYTES = 256L << 20;
  /** Workers: one publishes diagnostics while another answers a request. */
  private static final int WORKERS = 2;

  private final DocumentStore store = new DocumentStore();
  private final ScheduledExecutorService scheduler;
  private final Duration debounce;
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private volatile Consumer<PublishDiagnosticsParams> publisher = p -> {};
  private volatile Consumer<Throwable> errors = t -> t.printStackTrace();

  public BrainLanguageService(Duration debounce) {
    this.debounce = debounce;
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ScheduledThreadPoolExecutor pool = new java.util.concurrent.ScheduledThreadPoolExecutor(WORKERS, r -> {
      Runnable marked = () -> {
        ON_WORKER.set(true);
        r.run();
      };
      Thread t = new Thread(null, marked, "brainc-lsp-worker-" + n.incrementAndGet(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    });
    // On close, debounced publications still waiting are dropped; running work may finish.
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = pool;
  }

  public BrainLanguageService() {
    this(Duration.ofMillis(150));
  }

  /** Where requests run: the workers with deep stacks. */
  public java.util.concurrent.Executor executor() {
    return scheduler;
  }

  public void setPublisher(Consumer<PublishDiagnosticsParams> publisher) {
    this.publisher = publisher;
  }

  /** Where internal errors of a feature go (the log); a feature that fails answers nothing. */
  public void setErrorSink(Consumer<Throwable> errors) {
    this.errors = errors;
  }

  // ---- documents ----

  public void open(String uri, int version, String text) {
    store.put(TextDocument.of(uri, version, text));
    if (!Uris.isStdlib(uri)) scheduleDiagnostics(uri);
  }

  public void change(String uri, int version, String text) {
    open(uri, version, text);
  }

  public void close(String uri) {
    store.remove(uri);
    ScheduledFuture<?> f = pending.remove(uri);
    if (f != null) f.cancel(false);
    if (!Uris.isStdlib(uri)) publisher.accept(new PublishDiagnosticsParams(uri, List.of()));
  }

  public Optional<TextDocument> document(String uri) {
    return store.get(uri);
  }

  /** The text of a standard-library document such as {@code brainc-stdlib:/brain/neurons.brain}. */
  public Optional<String> stdlibText(String uri) {
    if (!Uris.isStdlib(uri)) return Optional.empty();
    String rel = Uris.sourceId(uri).name().substring(SourceLoader.STDLIB_PREFIX.length());
    return store.loader().stdlib(rel).map(f -> f.text());
  }

  // ---- diagnostics ----

  private void scheduleDiagnostics(String uri) {
    ScheduledFuture<?> f = scheduler.schedule(() -> publishDiagnostics(uri), debounce.toMillis(), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = pending.put(uri, f);
    if (old != null) old.cancel(false);
  }

  private void publishDiagnostics(String uri) {
    try {
      Optional<DocumentModel> m = store.model(uri);
      if (m.isEmpty() || !store.isCurrent(m.get())) return;
      List<Diagnostic> ds = Diagnostics.of(m.get());
      if (!store.isCurrent(m.get())) return;
      publisher.accept(new PublishDiagnosticsParams(uri, ds, m.get().document().version()));
    } catch (RuntimeException | StackOverflowError e) {
      errors.accept(e);
    }
  }

  /** The diagnostics of the current version, now (what the debounced publication will send). */
  public List<Diagnostic> diagnostics(String uri) {
    return run(uri, NEVER, Diagnostics::of, List.of());
  }

  // ---- features ----

  public List<CompletionItem> completion(String uri, Position pos, CancelChecker cancel) {
    return run(uri, cancel, m -> Completion.complete(m, m.document().offset(pos), cancel), List.of());
  }

  public Optional<org.eclipse.lsp4j.Hover> hover(String uri, Position pos, CancelChecker cancel) {
    return run(uri, cancel, m -> Hover.at(m, m.document().offset(pos)), Optional.empty());
  }

  public List<Location> definition(String uri, Position pos, CancelChecker cancel) {
    return run(uri, cancel, m -> Navigation.definition(m, m.document().offset(pos)), List.of());
  }

  public List<Location> references(String uri, Position pos, boolean includeDeclaration, CancelChecker cancel) {
    return run(uri, cancel, m -> Navigation.references(m, m.document().offset(pos), includeDeclaration), List.of());
  }

  public Optional<Range> prepareRename(String uri, Position pos, CancelChecker cancel) {
    return run(uri, cancel, m -> Navigation.prepareRename(m, m.document().offset(pos)), Optional.empty());
  }

  public Optional<WorkspaceEdit> rename(String uri, Position pos, String newName, CancelChecker cancel) {
    return run(uri, cancel, m -> Navigation.rename(m, m.document().offset(pos), newName,
        text -> store.analyze(new brainc.ir.source.SourceFile(m.id(), text))), Optional.empty());
  }

  public List<DocumentSymbol> documentSymbols(String uri, CancelChecker cancel) {
    return run(uri, cancel, Outline::symbols, List.of());
  }

  /** Declarations of every open document whose name contains {@code query} (case-insensitive). */
  public List<org.eclipse.lsp4j.WorkspaceSymbol> workspaceSymbols(String query, CancelChecker cancel) {
    if (!ON_WORKER.get()) return onWorker(() -> workspaceSymbols(query, cancel));
    List<org.eclipse.lsp4j.WorkspaceSymbol> out = new java.util.ArrayList<>();
    String q = query.toLowerCase(java.util.Locale.ROOT);
    for (String uri : new java.util.TreeSet<>(store.uris())) {
      cancel.checkCanceled();
      Optional<DocumentModel> m = store.model(uri);
      if (m.isEmpty()) continue;
      for (org.eclipse.lsp4j.DocumentSymbol d : brainc.lsp.features.Outline.symbols(m.get())) {
        if (!d.getName().toLowerCase(java.util.Locale.ROOT).contains(q)) continue;
        out.add(new org.eclipse.lsp4j.WorkspaceSymbol(d.getName(), d.getKind(),
            org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft(new org.eclipse.lsp4j.Location(uri, d.getSelectionRange())),
            d.getDetail()));
      }
    }
    return out;
  }

  public List<org.eclipse.lsp4j.TextEdit> formatting(String uri, CancelChecker cancel) {
    return run(uri, cancel, brainc.lsp.features.Formatting::of, List.of());
  }

  public List<FoldingRange> foldingRanges(String uri, CancelChecker cancel) {
    return run(uri, cancel, Outline::folding, List.of());
  }

  public org.eclipse.lsp4j.SemanticTokens semanticTokens(String uri, CancelChecker cancel) {
    return run(uri, cancel, SemanticTokens::of, new org.eclipse.lsp4j.SemanticTokens(List.of()));
  }

  public Optional<SignatureHelp> signatureHelp(String uri, Position pos, CancelChecker cancel) {
    return run(uri, cancel, m -> Signatures.help(m, m.document().offset(pos)), Optional.empty());
  }

  public List<CodeAction> codeActions(String uri, Range range, CancelChecker cancel) {
    return run(uri, cancel, m -> QuickFixes.in(m, m.document().offset(range.getStart()),
        m.document().offset(range.getEnd())), List.of());
  }

  /**
   * Runs one feature on the current model. Cancellation (by the client, or because the
   * document changed meanwhile) propagates; any other failure is logged and answers
   * {@code fallback}, so that one bad feature never takes the server down.
   */
  private <T> T run(String uri, CancelChecker cancel, Function<DocumentModel, T> feature, T fallback) {
    if (!ON_WORKER.get()) return onWorker(() -> run(uri, cancel, feature, fallback));
    cancel.checkCanceled();
    Optional<DocumentModel> model = store.model(uri);
    if (model.isEmpty()) return fallback;
    DocumentModel m = model.get();
    try {
      cancel.checkCanceled();
      checkCurrent(m);
      T result = feature.apply(m);
      cancel.checkCanceled();
      checkCurrent(m);
      return result;
    } catch (CancellationException e) {
      throw e;
    } catch (org.eclipse.lsp4j.jsonrpc.ResponseErrorException e) {
      // A refusal with a message for the user (a rename that would break the file).
      throw e;
    } catch (RuntimeException e) {
      errors.accept(e);
      return fallback;
    }
  }

  /** Whether the current thread is one of the workers (with the deep stack). */
  private static final ThreadLocal<Boolean> ON_WORKER = ThreadLocal.withInitial(() -> false);

  /**
   * Runs a call from another thread (a test, an embedder) on a worker and waits for it, so that
   * the service is as robust for direct callers as for the protocol's requests.
   */
  private <T> T onWorker(java.util.function.Supplier<T> task) {
    java.util.concurrent.Future<T> f;
    try {
      f = scheduler.submit(task::get);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return task.get(); // Closed: the caller's own thread is all there is.
    }
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) throw r;
      if (c instanceof Error err) throw err;
      throw new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      throw new CancellationException("interrupted while waiting for the analysis");
    }
  }

  private void checkCurrent(DocumentModel m) {
    if (!store.isCurrent(m)) {
      throw new CancellationException("the document changed (version " + m.document().version() + " is stale)");
    }
  }

  @Override
  public void close() {
    // Not shutdownNow: interrupting a worker that is writing to a channel would close the channel.
    scheduler.shutdown();
  }
}
