package brainc.lsp;

import brainc.lsp.model.DocumentModel;
import brainc.lsp.model.TextDocument;
import brainc.compiler.driver.Frontend;
import brainc.compiler.source.SourceLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open documents and their analysed models, one per version. A model is computed on first
 * use and kept until the document (or any other open document, which it may import) changes;
 * the front end reads open documents from here instead of the disk.
 */
public final class DocumentStore {
  private final Map<String, TextDocument> open = new ConcurrentHashMap<>();
  private final Map<Path, TextDocument> byPath = new ConcurrentHashMap<>();
  private final Map<String, DocumentModel> models = new ConcurrentHashMap<>();
  /** Bumped on every change: a model of another document may import the changed one. */
  private final AtomicLong generation = new AtomicLong();

  private final SourceLoader loader = new SourceLoader() {
    @Override
    public Optional<String> overlay(Path path) {
      TextDocument d = byPath.get(path.toAbsolutePath().normalize());
      return d == null ? Optional.empty() : Optional.of(d.text());
    }
  };

  public void put(TextDocument doc) {
    TextDocument old = open.put(doc.uri(), doc);
    if (old != null) byPath.values().remove(old);
    Optional<Path> p = pathOf(doc.uri());
    p.ifPresent(path -> byPath.put(path, doc));
    generation.incrementAndGet();
  }

  public void remove(String uri) {
    TextDocument old = open.remove(uri);
    if (old != null) byPath.values().remove(old);
    models.remove(uri);
    generation.incrementAndGet();
  }

  /** The URIs of the open documents. */
  public java.util.Set<String> uris() {
    return java.util.Set.copyOf(open.keySet());
  }

  public Optional<TextDocument> get(String uri) {
    return Optional.ofNullable(open.get(uri));
  }

  /** The current version of a document, or -1 once it is closed. */
  public int version(String uri) {
    TextDocument d = open.get(uri);
    return d == null ? Integer.MIN_VALUE : d.version();
  }

  /** The model of the document's current version, analysed now unless cached. */
  public Optional<DocumentModel> model(String uri) {
    TextDocument doc = open.get(uri);
    if (doc == null) return Optional.empty();
    // Requests that arrive together for one version wait for one analysis rather than each doing it.
    synchronized (doc) {
      long gen = generation.get();
      DocumentModel cached = models.get(uri);
      if (cached != null && cached.document() == doc && cached.generation() == gen) return Optional.of(cached);
      DocumentModel m = new DocumentModel(doc, analyze(doc.source()), gen);
      if (open.get(uri) == doc) models.put(uri, m);
      return Optional.of(m);
    }
  }

  /** The front end on a text, with the open documents in place of their files. */
  public brainc.compiler.driver.Analysis analyze(brainc.ir.source.SourceFile source) {
    return new Frontend(loader).analyze(source);
  }

  /** Whether a model still describes the document as it is now. */
  public boolean isCurrent(DocumentModel m) {
    return open.get(m.document().uri()) == m.document();
  }

  public SourceLoader loader() {
    return loader;
  }

  private static Optional<Path> pathOf(String uri) {
    if (!uri.startsWith("file:")) return Optional.empty();
    try {
      return Optional.of(Path.of(java.net.URI.create(uri)).toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
