package brainc.lsp.features;

import brainc.compiler.ast.Decl;
import brainc.compiler.ast.Member;
import brainc.compiler.sema.Catalog;
import brainc.compiler.sema.ExprChecker;
import brainc.compiler.sema.ParamSpec;
import brainc.compiler.sema.Program;
import brainc.compiler.sema.Scope;
import brainc.compiler.sema.Signature;
import brainc.compiler.sema.Symbol;
import brainc.lsp.model.DocumentModel;
import brainc.lsp.model.StdlibIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Context-aware completion. The context comes from the text around the cursor
 * ({@link CursorContext}), which works on half-typed input; the candidates come from the
 * analysed program (scopes, declarations, imported and stdlib models) and the {@link Catalog}.
 *
 * <pre>
 *   population p = LIF[10] { $0        →  tau_m, v_rest, ..., v (with units and defaults)
 *   param tau = 20 $0                  →  ms, s, mV, ...
 *   connect a -> b $0                  →  weight, delay, probability, ..., via
 * </pre>
 */
public final class Completion {
  /** Unit suffixes offered after a number, most common first. */
  static final List<String> UNITS = List.of("ms", "s", "us", "mV", "V", "uV", "nA", "pA", "uA", "mA", "A",
      "nS", "uS", "mS", "S", "pF", "nF", "uF", "F", "Hz", "kHz", "Ohm", "kOhm", "MOhm", "GOhm", "mM", "um", "mm");

  static final List<String> TOP_LEVEL = List.of("package", "use", "neuron", "synapse", "network", "region",
      "workspace", "agent", "rules", "meta", "run", "train", "detect");
  static final List<String> NEURON = List.of("param", "state", "input", "let", "step", "spike", "refractory",
      "method", "property", "use");
  static final List<String> SYNAPSE = List.of("param", "var", "trace", "let", "on", "modulated", "same_step", "property",
      "use");
  static final List<String> NETWORK = List.of("population", "layer", "input", "connect", "output", "signal",
      "monitor", "param", "let", "use");
  static final List<String> REGION = List.of("encode", "anomaly");
  static final List<String> WORKSPACE = List.of("module", "width", "slots", "capacity", "broadcast", "memory", "output");
  static final List<String> AGENT = List.of("hidden", "observe", "control", "prefer", "prior", "plan");
  static final List<String> RULES = List.of("predicate", "rule", "fact", "query");
  static final List<String> META = List.of("model", "tasks", "gate");
  static final List<String> STATEMENTS = List.of("if", "else", "deliver");
  static final List<String> CONNECT_CLAUSES = List.of("weight", "delay", "probability", "fixed_fanin",
      "fixed_fanout", "all", "one_to_one", "dense", "via");
  static final List<String> RUN_CLAUSES = List.of("for", "dt", "seed", "threads", "backend");
  static final List<String> EXPR_WORDS = List.of("and", "or", "not", "if", "then", "else", "true", "false");

  private static final Pattern NUMBER_BEFORE = Pattern.compile("(?<![\\w.])\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\s*$");
  private static final Pattern INSTANCE_HEADER = Pattern.compile("=\\s*([\\w.]+)\\s*\\[[^\\]]*\\]\\s*$");
  private static final Pattern VIA_HEADER = Pattern.compile("\\bvia\\b.*?([\\w]+)\\s*(\\([^)]*\\))?\\s*$");
  private static final Pattern POPULATION_SOURCE = Pattern.compile("\\b(population|layer)\\s+\\w*\\s*=\\s*$");
  private static final Pattern USE = Pattern.compile("\\buse\\s+([\\w.]*)$");

  private Completion() {}

  public static List<CompletionItem> complete(DocumentModel m, int offset, CancelChecker cancel) {
    String text = m.text();
    CursorContext cx = CursorContext.at(text, offset);
    if (!cx.inCode()) return List.of();
    Items items = new Items();
    String before = cx.lineBefore;
    String trimmed = before.stripTrailing();
    Scope scope = scopeAt(m, cx);

    Matcher use = USE.matcher(text.substring(Math.max(0, cx.offset - 200), cx.offset));
    if (use.find()) {
      usable(m, items);
      return items.list();
    }
    Matcher glued = Pattern.compile("^\\d+(\\.\\d+)?([A-Za-z]\\w*)?$").matcher(cx.word());
    if (NUMBER_BEFORE.matcher(before).find() || glued.find()) {
      boolean isGlued = glued.find(0);
      int from = isGlued ? (glued.start(2) >= 0 ? cx.wordStart + glued.start(2) : cx.offset) : cx.wordStart;
      var range = new org.eclipse.lsp4j.Range(m.document().position(from), m.document().position(cx.offset));
      for (int i = 0; i < UNITS.size(); i++) {
        CompletionItem item = items.add(UNITS.get(i), CompletionItemKind.Unit, "unit", null, String.format("%02d", i));
        if (isGlued) {
          item.setTextEdit(org.eclipse.lsp4j.jsonrpc.messages.Either.forLeft(new TextEdit(range, UNITS.get(i))));
          item.setFilterText(cx.word().substring(0, from - cx.wordStart) + UNITS.get(i));
        }
      }
      return items.list();
    }
    String callee = cx.callee();
    if (!callee.isEmpty() && (trimmed.endsWith("(") || trimmed.endsWith(","))) {
      for (Signature sig : catalogNamed(callee)) {
        for (ParamSpec p : sig.params()) paramItem(items, p);
      }
    }
    if (POPULATION_SOURCE.matcher(before).find()) {
      models(m, scope, items, Symbol.Kind.NEURON);
      names(scope, items, Symbol.Kind.POPULATION);
      return items.list();
    }
    if (trimmed.endsWith("extends")) {
      Symbol.Kind kind = cx.outerHeader().startsWith("synapse") || before.contains("synapse")
          ? Symbol.Kind.SYNAPSE : Symbol.Kind.NEURON;
      models(m, scope, items, kind);
      return items.list();
    }
    if (Pattern.compile("\\bvia(\\s+.*,)?\\s*$").matcher(before).find()) {
      models(m, scope, items, Symbol.Kind.SYNAPSE);
      catalogFamily(items, "kernel");
      return items.list();
    }
    if (trimmed.endsWith("encode") || trimmed.matches(".*\\bencode\\s+\\w+\\s+with")) {
      catalogFamily(items, trimmed.endsWith("with") ? "htm_encoder" : "encoder");
      return items.list();
    }
    if (trimmed.endsWith("kernel")) {
      catalogFamily(items, "kernel");
      return items.list();
    }
    if (trimmed.endsWith("surrogate")) {
      catalogFamily(items, "surrogate");
      return items.list();
    }
    if (trimmed.matches(".*\\b(memory|model|tasks|minimize|anomaly)") || trimmed.matches("(region|agent|rules|meta|workspace)\\s+\\w+\\s*:")) {
      String w = trimmed.replaceAll(".*?(\\w+)\\s*:?$", "$1");
      String fam = Map.of("memory", "memory", "model", "meta_model", "tasks", "tasks", "minimize", "objective",
          "anomaly", "anomaly", "region", "region", "agent", "agent", "rules", "rules", "meta", "meta",
          "workspace", "workspace").getOrDefault(trimmed.endsWith(":") ? trimmed.split("\\s+")[0] : w, "");
      catalogFamily(items, fam);
      return items.list();
    }
    if (trimmed.matches(".*\\b(on|in)\\s+(dataset|environment)")) {
      catalogFamily(items, trimmed.endsWith("dataset") ? "dataset" : "environment");
      return items.list();
    }

    boolean statementStart = trimmed.isEmpty() || trimmed.endsWith(",") && !cx.blocks.isEmpty() && cx.calls.isEmpty();
    String inner = cx.innerHeader();
    // Overrides of an instantiation: `LIF[10] { $0` or `via STDP { $0`.
    Optional<Program.DeclInfo> instantiated = instantiated(m, inner);
    if (instantiated.isPresent() && cx.calls.isEmpty()) {
      if (statementStart) {
        for (Member.Named n : modelMembers(m, instantiated.get().decl())) memberItem(m, items, n, true);
        return items.list();
      }
      expressionNames(scope, items);
      return items.list();
    }
    // Settings of a catalog section: `spatial_pooler { $0`.
    String sectionName = lastWord(inner);
    if (statementStart && !cx.blocks.isEmpty() && cx.blocks.size() > 1 || statementStart && inner.startsWith("train")) {
      List<Signature> sigs = inner.startsWith("train") ? Catalog.signatures("train_environment") : catalogNamed(sectionName);
      if (!sigs.isEmpty()) {
        for (Signature sig : sigs) for (ParamSpec p : sig.params()) paramItem(items, p);
        if (!inner.startsWith("train")) return items.list();
      }
    }
    if (statementStart) {
      keywords(items, cx);
      if (!cx.blocks.isEmpty()) names(scope, items, null);
      return items.list();
    }
    String first = before.strip().split("\\s+")[0];
    if (first.equals("connect") && before.contains("->") && !trimmed.endsWith("->") && !trimmed.endsWith(",")
        && !endsWithOperator(trimmed)) {
      for (String k : CONNECT_CLAUSES) items.add(k, CompletionItemKind.Keyword, "connect clause", null, "0" + k);
      names(scope, items, null);
      return items.list();
    }
    if (first.equals("connect") || first.equals("monitor") && trimmed.matches(".*\\bof\\b.*")) {
      names(scope, items, Symbol.Kind.POPULATION);
      names(scope, items, Symbol.Kind.INPUT_GROUP);
      return items.list();
    }
    if (first.equals("run")) {
      if (trimmed.equals("run")) {
        for (Program.DeclInfo d : m.program().decls().values()) {
          if (d.unit() == m.unit()) items.add(d.decl().name().text(), CompletionItemKind.Class, d.decl().kindName(), d.decl().doc(), "0");
        }
      } else {
        for (String k : RUN_CLAUSES) items.add(k, CompletionItemKind.Keyword, "run clause", null, "0" + k);
      }
      return items.list();
    }
    expressionNames(scope, items);
    return items.list();
  }

  private static boolean endsWithOperator(String s) {
    return s.endsWith("=") || s.endsWith("+") || s.endsWith("-") || s.endsWith("*") || s.endsWith("/")
        || s.endsWith("(") || s.endsWith("<") || s.endsWith(">") || s.endsWith("weight") || s.endsWith("delay")
        || s.endsWith("probability") || s.endsWith("fixed_fanin") || s.endsWith("fixed_fanout");
  }

  private static String lastWord(String s) {
    Matcher w = Pattern.compile("(\\w+)\\s*$").matcher(s);
    return w.find() ? w.group(1) : "";
  }

  /** The scope of the declaration the cursor is in, or the file's scope at top level. */
  static Scope scopeAt(DocumentModel m, CursorContext cx) {
    Optional<Program.DeclInfo> d = m.declAt(cx.offset);
    if (d.isEmpty()) {
      Matcher h = Pattern.compile("^\\s*\\w+\\s+(\\w+)").matcher(cx.outerHeader());
      if (h.find()) d = m.declNamed(h.group(1)).filter(x -> x.unit() == m.unit());
    }
    if (d.isPresent() && d.get().scope() != null) return d.get().scope();
    for (Program.DeclInfo x : m.program().decls().values()) {
      if (x.unit() == m.unit() && x.scope() != null) return x.scope().parent() != null ? x.scope().parent() : x.scope();
    }
    return new Scope(null, "empty");
  }

  private static Optional<Program.DeclInfo> instantiated(DocumentModel m, String header) {
    Matcher im = INSTANCE_HEADER.matcher(header);
    if (im.find()) {
      String name = im.group(1);
      return m.declNamed(name.substring(name.lastIndexOf('.') + 1));
    }
    Matcher vm = VIA_HEADER.matcher(header);
    if (vm.find()) return m.declNamed(vm.group(1));
    return Optional.empty();
  }

  /** The parameters and states of a model and those it inherits, innermost declaration first. */
  static List<Member.Named> modelMembers(DocumentModel m, Decl decl) {
    Map<String, Member.Named> out = new LinkedHashMap<>();
    java.util.Set<Decl> seen = new java.util.HashSet<>();
    Decl d = decl;
    while (d != null && seen.add(d)) {
      for (Member mem : d.members()) {
        if (mem instanceof Member.Param || mem instanceof Member.State || mem instanceof Member.Var) {
          Member.Named n = (Member.Named) mem;
          out.putIfAbsent(n.name().text(), n);
        }
      }
      Optional<brainc.compiler.ast.QualifiedName> base = d instanceof Decl.Neuron n ? n.base()
          : d instanceof Decl.Synapse s ? s.base() : Optional.empty();
      d = base.flatMap(b -> m.declNamed(b.last().text())).map(Program.DeclInfo::decl).orElse(null);
    }
    return new ArrayList<>(out.values());
  }

  private static void memberItem(DocumentModel m, Items items, Member.Named n, boolean asOverride) {
    String kind = n instanceof Member.Param ? "param" : n instanceof Member.State ? "state" : "var";
    String def = Hover.defaultText(m, n);
    String unit = Hover.unitText(m, n);
    String detail = kind + (unit.isEmpty() ? "" : ": " + unit) + (def.isEmpty() ? "" : " = " + def);
    CompletionItem item = items.add(n.name().text(), n instanceof Member.Param ? CompletionItemKind.Property
        : CompletionItemKind.Variable, detail, n.doc(), (n instanceof Member.Param ? "0" : "1"));
    if (asOverride) {
      item.setInsertText(n.name().text() + " = ${1:" + def.replace("}", "\\}").replace("$", "\\$") + "}");
      item.setInsertTextFormat(InsertTextFormat.Snippet);
    }
  }

  private static void paramItem(Items items, ParamSpec p) {
    String detail = (p.required() ? "required" : "default " + p.defaultText());
    CompletionItem item = items.add(p.name(), CompletionItemKind.Property, detail, p.doc(), p.required() ? "0" : "1");
    String value = p.required() ? "" : p.defaultText();
    item.setInsertText(p.name() + " = ${1:" + value.replace("}", "\\}").replace("$", "\\$") + "}");
    item.setInsertTextFormat(InsertTextFormat.Snippet);
  }

  static List<Signature> catalogNamed(String name) {
    List<Signature> out = new ArrayList<>();
    if (name.isEmpty()) return out;
    for (String f : Catalog.families()) Catalog.lookup(f, name).ifPresent(out::add);
    return out;
  }

  private static void catalogFamily(Items items, String family) {
    for (Signature sig : Catalog.signatures(family)) {
      CompletionItem item = items.add(sig.name(), CompletionItemKind.Constructor, family, sig.doc(), "0");
      StringBuilder snippet = new StringBuilder(sig.name()).append('(');
      int i = 1;
      for (ParamSpec p : sig.params()) {
        if (!p.required()) continue;
        if (i > 1) snippet.append(", ");
        snippet.append(p.name()).append(" = ${").append(i++).append("}");
      }
      snippet.append(")$0");
      item.setInsertText(snippet.toString());
      item.setInsertTextFormat(InsertTextFormat.Snippet);
      item.setDetail(family + " " + Signatures.label(sig));
    }
  }

  /** Models of a kind: those in scope, then stdlib models not imported yet (adding the `use`). */
  private static void models(DocumentModel m, Scope scope, Items items, Symbol.Kind kind) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Symbol s : scope.visible()) {
      if (s.kind() == kind && seen.add(s.name())) items.add(s.name(), CompletionItemKind.Class, kind.label(), s.doc(), "0");
    }
    for (StdlibIndex.Entry e : StdlibIndex.get().entries()) {
      if (e.kind() != kind || seen.contains(e.name())) continue;
      seen.add(e.name());
      CompletionItem item = items.add(e.name(), CompletionItemKind.Class, kind.label() + " from " + e.pkg(), e.doc(), "1");
      item.setAdditionalTextEdits(List.of(useEdit(m, e.pkg() + "." + e.name())));
    }
  }

  /** An edit that adds {@code use target} after the file's package and uses. */
  static TextEdit useEdit(DocumentModel m, String target) {
    int at = 0;
    var ast = m.unit().ast();
    for (Member.Use u : ast.uses()) at = Math.max(at, u.span().end());
    if (at == 0 && ast.pkg().isPresent()) at = ast.pkg().get().span().end();
    String text = m.text();
    if (at > 0) {
      while (at < text.length() && text.charAt(at) != '\n') at++;
      if (at < text.length()) at++;
    }
    var pos = m.document().position(at);
    return new TextEdit(new org.eclipse.lsp4j.Range(pos, pos), "use " + target + "\n" + (at == 0 ? "\n" : ""));
  }

  private static void usable(DocumentModel m, Items items) {
    java.util.Set<String> pkgs = new java.util.TreeSet<>();
    for (StdlibIndex.Entry e : StdlibIndex.get().entries()) {
      pkgs.add(e.pkg());
      items.add(e.pkg() + "." + e.name(), CompletionItemKind.Class, e.kind().label(), e.doc(), "1");
    }
    for (String p : pkgs) items.add(p, CompletionItemKind.Module, "standard library package", null, "0");
  }

  private static void names(Scope scope, Items items, Symbol.Kind only) {
    for (Symbol s : scope.visible()) {
      if (only != null && s.kind() != only) continue;
      items.add(s.name(), kindOf(s.kind()), s.kind().label() + typeSuffix(s), s.doc(), "2");
    }
  }

  private static String typeSuffix(Symbol s) {
    if (s.type() instanceof brainc.compiler.sema.Ty.Num n && !n.dim().isNone()) {
      return ": " + brainc.ir.units.Units.display(n.dim());
    }
    return "";
  }

  private static void expressionNames(Scope scope, Items items) {
    names(scope, items, null);
    for (String f : ExprChecker.FUNCTIONS) {
      CompletionItem item = items.add(f, CompletionItemKind.Function, "built-in function", null, "3");
      item.setInsertText(f + "($1)$0");
      item.setInsertTextFormat(InsertTextFormat.Snippet);
    }
    for (String k : EXPR_WORDS) items.add(k, CompletionItemKind.Keyword, "keyword", null, "4");
  }

  private static void keywords(Items items, CursorContext cx) {
    String inner = cx.innerHeader();
    String outer = cx.outerHeader();
    List<String> words;
    if (cx.blocks.isEmpty()) {
      words = TOP_LEVEL;
      Snippets.topLevel(items);
    } else if (cx.blocks.size() > 1 && inner.matches("(spike|on|if|else|modulated)\\b.*|.*\\belse")) {
      words = STATEMENTS;
    } else if (outer.startsWith("neuron")) {
      words = NEURON;
      Snippets.neuronMembers(items);
    } else if (outer.startsWith("synapse")) {
      words = SYNAPSE;
      Snippets.synapseMembers(items);
    } else if (outer.startsWith("network")) {
      words = NETWORK;
      Snippets.networkMembers(items);
    } else if (outer.startsWith("region")) {
      words = REGION;
      for (Signature s : Catalog.signatures("htm_section")) items.add(s.name(), CompletionItemKind.Module, "section", s.doc(), "1");
    } else if (outer.startsWith("workspace")) {
      words = WORKSPACE;
    } else if (outer.startsWith("agent")) {
      words = AGENT;
    } else if (outer.startsWith("rules")) {
      words = RULES;
    } else if (outer.startsWith("meta")) {
      words = META;
      for (Signature s : Catalog.signatures("meta_section")) items.add(s.name(), CompletionItemKind.Module, "section", s.doc(), "1");
    } else if (outer.startsWith("train")) {
      words = List.of("curriculum");
    } else {
      words = List.of();
    }
    for (String w : words) items.add(w, CompletionItemKind.Keyword, "keyword", null, "0" + w);
  }

  static CompletionItemKind kindOf(Symbol.Kind k) {
    switch (k) {
      case PARAM:
        return CompletionItemKind.Property;
      case FUNCTION:
        return CompletionItemKind.Function;
      case CONSTANT:
        return CompletionItemKind.Constant;
      case UNIT:
        return CompletionItemKind.Unit;
      default:
        return k.isDeclaration() ? CompletionItemKind.Class : CompletionItemKind.Variable;
    }
  }

  /** Candidates without duplicates (the first of a label wins), in the order added. */
  static final class Items {
    private final Map<String, CompletionItem> byLabel = new LinkedHashMap<>();

    CompletionItem add(String label, CompletionItemKind kind, String detail, String doc, String sort) {
      CompletionItem existing = byLabel.get(label);
      if (existing != null) return existing;
      CompletionItem item = new CompletionItem(label);
      item.setKind(kind);
      item.setDetail(detail);
      if (doc != null && !doc.isBlank()) item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, doc));
      item.setSortText(sort + "_" + label);
      byLabel.put(label, item);
      return item;
    }

    void addItem(CompletionItem item) {
      byLabel.putIfAbsent(item.getLabel(), item);
    }

    List<CompletionItem> list() {
      return new ArrayList<>(byLabel.values());
    }
  }
}
