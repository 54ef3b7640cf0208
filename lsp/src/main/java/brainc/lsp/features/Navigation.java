package brainc.lsp.features;

import brainc.compiler.ast.Ident;
import brainc.compiler.source.SourceLoader;
import brainc.compiler.sema.Symbol;
import brainc.ir.source.Span;
import brainc.lsp.model.DocumentModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import brainc.compiler.driver.Analysis;
import brainc.grammar.BrainLexer;
import brainc.ir.source.SourceId;
import org.antlr.v4.runtime.Vocabulary;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Go to definition (into imported files and the read-only stdlib documents too), find
 * references within the analysed program, and rename of a declaration of this document.
 */
public final class Navigation {
  private Navigation() {}

  public static List<Location> definition(DocumentModel m, int offset) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty() || ref.get().getValue().declaration().isEmpty()) return List.of();
    return List.of(Diagnostics.location(m, ref.get().getValue().declaration().get()));
  }

  /** Every span in the program naming the symbol under the offset, in order. */
  static List<Span> occurrences(DocumentModel m, Symbol target, boolean includeDeclaration) {
    List<Span> out = new ArrayList<>();
    if (includeDeclaration) target.declaration().ifPresent(out::add);
    for (Map.Entry<Ident, Symbol> e : m.program().references().entrySet()) {
      if (e.getKey().isMissing() || !DocumentModel.sameSymbol(e.getValue(), target)) continue;
      if (!out.contains(e.getKey().span())) out.add(e.getKey().span());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  public static List<Location> references(DocumentModel m, int offset, boolean includeDeclaration) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty()) return List.of();
    List<Location> out = new ArrayList<>();
    for (Span s : occurrences(m, ref.get().getValue(), includeDeclaration)) out.add(Diagnostics.location(m, s));
    return out;
  }

  /**
   * The range of the name to rename, if the symbol under the offset is declared in this
   * document; a name declared elsewhere (an import, the standard library) is refused with a
   * message, and a place with no name answers nothing.
   */
  public static Optional<org.eclipse.lsp4j.Range> prepareRename(DocumentModel m, int offset) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty()) return Optional.empty();
    refuseIfNotLocal(m, ref.get().getValue());
    return Optional.of(m.document().range(ref.get().getKey().span()));
  }

  /**
   * Renames the symbol under the offset in this document, or refuses with a message (a
   * {@link ResponseErrorException} with code RequestFailed) when the edit would not leave a
   * file with the same meaning: a new name that is not a name or is a keyword, or one that
   * clashes with or is shadowed by another declaration. The check is done by analysing the
   * renamed text: it must have the same diagnostics (by code) as the text now, and every name
   * of this document must still resolve to the same declaration.
   *
   * @param analyze the front end on a text of this document (with the open documents it imports)
   */
  public static Optional<WorkspaceEdit> rename(DocumentModel m, int offset, String newName,
      Function<String, Analysis> analyze) {
    Optional<Map.Entry<Ident, Symbol>> ref = m.referenceAt(offset);
    if (ref.isEmpty()) return Optional.empty();
    Symbol target = ref.get().getValue();
    refuseIfNotLocal(m, target);
    String oldName = ref.get().getKey().text();
    if (!isName(newName)) {
      throw refused("`" + newName + "` is not a name: a name is a letter or `_` followed by letters, digits "
          + "and `_`");
    }
    List<Span> spans = new ArrayList<>();
    for (Span s : occurrences(m, target, true)) if (s.source().equals(m.id())) spans.add(s);
    for (Span s : spans) {
      if (!m.text().substring(s.start(), Math.min(s.end(), m.text().length())).equals(oldName)) {
        throw refused("cannot rename `" + oldName + "` here: one of its uses is not written as its name");
      }
    }
    if (newName.equals(oldName)) return Optional.of(new WorkspaceEdit(Map.of(m.document().uri(), List.of())));
    String renamed = apply(m.text(), spans, newName);
    Analysis after = analyze.apply(renamed);
    if (KEYWORDS.contains(newName) && !sameCodes(m.analysis(), after, m.id())) {
      throw refused("`" + newName + "` is a keyword of the language; a name cannot be one");
    }
    Optional<String> broken = brokenBy(m, after, spans, oldName.length(), newName.length());
    if (broken.isPresent()) {
      throw refused("renaming `" + oldName + "` to `" + newName + "` would change the program: " + broken.get());
    }
    List<TextEdit> edits = new ArrayList<>();
    for (Span s : spans) edits.add(new TextEdit(m.document().range(s), newName));
    Map<String, List<TextEdit>> changes = new HashMap<>();
    changes.put(m.document().uri(), edits);
    return Optional.of(new WorkspaceEdit(changes));
  }

  /** The words the lexer reserves or gives meaning to (whether or not a name may be one somewhere). */
  static final Set<String> KEYWORDS = keywords();

  private static Set<String> keywords() {
    Set<String> out = new HashSet<>();
    Vocabulary v = BrainLexer.VOCABULARY;
    for (int t = 0; t <= v.getMaxTokenType(); t++) {
      String lit = v.getLiteralName(t);
      if (lit == null || lit.length() < 3) continue;
      String word = lit.substring(1, lit.length() - 1);
      if (isName(word)) out.add(word);
    }
    return Set.copyOf(out);
  }

  /** Whether a text is one name token (the grammar's ID, or a keyword). */
  static boolean isName(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '\u00B5' || c == '\u03BC'
          || c == '\u03A9';
      if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
  }

  private static String apply(String text, List<Span> spans, String newName) {
    StringBuilder b = new StringBuilder(text.length() + spans.size() * newName.length());
    int at = 0;
    for (Span s : spans) {
      b.append(text, at, s.start()).append(newName);
      at = s.end();
    }
    return b.append(text, at, text.length()).toString();
  }

  private static boolean sameCodes(Analysis before, Analysis after, SourceId id) {
    return codes(before, id).equals(codes(after, id));
  }

  private static Map<String, Integer> codes(Analysis a, SourceId id) {
    Map<String, Integer> out = new TreeMap<>();
    for (brainc.ir.diag.Diagnostic d : a.diagnostics()) {
      if (d.span().source().equals(id)) out.merge(d.code().id(), 1, Integer::sum);
    }
    return out;
  }

  /**
   * What the rename would break, if anything: a diagnostic the text does not have now, or a
   * name of this document that would resolve to another declaration (or to none).
   */
  private static Optional<String> brokenBy(DocumentModel m, Analysis after, List<Span> renamed, int oldLength,
      int newLength) {
    SourceId id = m.id();
    Map<String, Integer> before = codes(m.analysis(), id);
    Map<String, Integer> now = codes(after, id);
    if (!before.equals(now)) {
      for (brainc.ir.diag.Diagnostic d : after.diagnostics()) {
        if (!d.span().source().equals(id)) continue;
        if (now.getOrDefault(d.code().id(), 0) > before.getOrDefault(d.code().id(), 0)) {
          return Optional.of(d.code().id() + " " + d.message());
        }
      }
      return Optional.of("its diagnostics would change");
    }
    int[] starts = renamed.stream().mapToInt(Span::start).toArray();
    int delta = newLength - oldLength;
    Map<Long, Long> resolved = new HashMap<>();
    for (Map.Entry<Ident, Symbol> e : after.program().references().entrySet()) {
      Span s = e.getKey().span();
      if (!s.source().equals(id) || e.getKey().isMissing()) continue;
      resolved.put(key(s.start(), s.end()), declaration(e.getValue(), id, null, 0));
    }
    for (Map.Entry<Ident, Symbol> e : m.program().references().entrySet()) {
      Span s = e.getKey().span();
      if (!s.source().equals(id) || e.getKey().isMissing()) continue;
      long k = key(shift(s.start(), starts, delta), shift(s.end(), starts, delta));
      long want = declaration(e.getValue(), id, starts, delta);
      Long got = resolved.get(k);
      if (got == null || got != want) {
        var p = m.document().position(s.start());
        return Optional.of("`" + e.getKey().text() + "` at " + (p.getLine() + 1) + ":" + (p.getCharacter() + 1)
            + " would no longer refer to the same declaration");
      }
    }
    return Optional.empty();
  }

  /** A declaration's place as a number (shifted like the renamed text if it is in this document). */
  private static long declaration(Symbol s, SourceId id, int[] starts, int delta) {
    if (s.declaration().isEmpty()) return Long.MIN_VALUE + s.name().hashCode();
    Span d = s.declaration().get();
    if (!d.source().equals(id)) return -1L - Math.abs((long) d.source().hashCode() * 1_000_003L + d.start());
    return starts == null ? d.start() : shift(d.start(), starts, delta);
  }

  /** Where an offset of the text moves when each name starting at {@code starts} grows by {@code delta}. */
  private static int shift(int offset, int[] starts, int delta) {
    int before = 0;
    for (int s : starts) if (s < offset) before++;
    return offset + before * delta;
  }

  private static long key(int start, int end) {
    return ((long) start << 32) | (end & 0xffffffffL);
  }

  private static void refuseIfNotLocal(DocumentModel m, Symbol s) {
    if (isLocal(m, s)) return;
    String where = s.declaration().isEmpty() ? "built into the language"
        : SourceLoader.isStdlib(s.declaration().get().source().name()) ? "declared in the standard library"
        : "declared in another file (" + s.declaration().get().source().name() + ")";
    throw refused("`" + s.name() + "` is " + where + "; only names declared in this file can be renamed here");
  }

  private static ResponseErrorException refused(String message) {
    return new ResponseErrorException(new ResponseError(ResponseErrorCode.RequestFailed, message, null));
  }

  private static boolean isLocal(DocumentModel m, Symbol s) {
    return s.declaration().isPresent() && s.declaration().get().source().equals(m.id())
        && !SourceLoader.isStdlib(m.id().name());
  }
}
