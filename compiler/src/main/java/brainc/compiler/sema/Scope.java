package brainc.compiler.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A lexical scope: names declared here, then the enclosing scope's. */
public final class Scope {
  private final Scope parent;
  private final String label;
  private final Map<String, Symbol> symbols = new LinkedHashMap<>();
  /** Declarations made here so far: a cached index of visible names is stale when the sum changes. */
  private int version;
  private Suggest.Index suggestions;
  private Suggest.Index values;
  private long suggestionsStamp = -1;

  public Scope(Scope parent, String label) {
    this.parent = parent;
    this.label = label;
  }

  public String label() {
    return label;
  }

  public Scope parent() {
    return parent;
  }

  /** Declares a symbol; returns the earlier one of the same name in this scope, if any. */
  public Optional<Symbol> declare(Symbol s) {
    Symbol old = symbols.get(s.name());
    if (old != null) return Optional.of(old);
    symbols.put(s.name(), s);
    version++;
    return Optional.empty();
  }

  /** Replaces a symbol (used when a type becomes known after declaration). */
  public void update(Symbol s) {
    symbols.put(s.name(), s);
  }

  public Optional<Symbol> lookup(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      Symbol sym = s.symbols.get(name);
      if (sym != null) return Optional.of(sym);
    }
    return Optional.empty();
  }

  public Optional<Symbol> lookupLocal(String name) {
    return Optional.ofNullable(symbols.get(name));
  }

  public Map<String, Symbol> locals() {
    return symbols;
  }

  /**
   * The closest visible name to {@code name}, for "did you mean": among all names, or
   * ({@code valuesOnly}) only those usable as values, not declarations such as neuron models
   * or networks. Each scope indexes its own names once (again only after a declaration is added
   * to it), so a look-up costs no copying of the enclosing scopes' names.
   */
  public Optional<String> closest(String name, boolean valuesOnly) {
    List<Suggest.Index> indexes = new ArrayList<>();
    for (Scope s = this; s != null; s = s.parent) {
      if (s.suggestions == null || s.suggestionsStamp != s.version) {
        s.suggestions = Suggest.Index.of(List.copyOf(s.symbols.keySet()));
        s.values = Suggest.Index.of(s.symbols.values().stream().filter(x -> !DECLARATIONS.contains(x.kind()))
            .map(Symbol::name).toList());
        s.suggestionsStamp = s.version;
      }
      indexes.add(valuesOnly ? s.values : s.suggestions);
    }
    return Suggest.closest(name, indexes);
  }

  public Optional<String> closest(String name) {
    return closest(name, false);
  }

  /** Kinds of top-level declarations, which are never values in an expression. */
  static final java.util.Set<Symbol.Kind> DECLARATIONS = java.util.EnumSet.of(Symbol.Kind.NEURON,
      Symbol.Kind.SYNAPSE, Symbol.Kind.NETWORK, Symbol.Kind.REGION, Symbol.Kind.WORKSPACE, Symbol.Kind.AGENT,
      Symbol.Kind.RULES, Symbol.Kind.META);

  /** Every visible name, innermost first, for suggestions and completion. */
  public List<Symbol> visible() {
    List<Symbol> out = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Scope s = this; s != null; s = s.parent) {
      for (Symbol sym : s.symbols.values()) {
        if (seen.putIfAbsent(sym.name(), true) == null) out.add(sym);
      }
    }
    return out;
  }
}
