package brainc.compiler.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the invariants of ARCHITECTURE.md on the sources of every module: which packages
 * may refer to which, and that no packages form a cycle. Maven already forbids cycles between
 * modules; these rules cover what it cannot see, such as a package inside a module reaching for
 * a library it must not know, or two packages of one module that need each other.
 *
 * <p>The scan reads {@code .java} sources, without comments and string literals, and looks for
 * qualified references ({@code org.antlr.v4.runtime.Token}), so that a fully qualified name in
 * code counts as much as an import.
 */
class DependencyRulesTest {
  private static final Path ROOT = Path.of("..");

  /**
   * A rule: sources under {@code dir} whose package matches {@code scope} never mention {@code
   * banned}, except the files in {@code exempt} (paths relative to {@code dir}), which are known
   * debts with a date to go.
   */
  private record Rule(String invariant, String dir, Predicate<String> scope, List<String> exempt, String... banned) {
    Rule(String invariant, String dir, Predicate<String> scope, String... banned) {
      this(invariant, dir, scope, List.of(), banned);
    }

    Rule except(String file) {
      List<String> more = new ArrayList<>(exempt);
      more.add(file);
      return new Rule(invariant, dir, scope, List.copyOf(more), banned);
    }
  }

  private static final Rule CLI_THROUGH_API = new Rule("the CLI never reaches an engine except through the API "
      + "(`brainc.compiler.api`)", "compiler/src/main/java", p -> p.startsWith("brainc.compiler.cli"), "brainc.codegen");

  private static final List<Rule> RULES = List.of(
      new Rule("`ir` knows nothing about ANTLR, LSP, backends or the compiler", "ir/src/main/java", p -> true,
          "org.antlr", "org.eclipse.lsp4j", "org.objectweb.asm", "org.apache.velocity", "picocli",
          "brainc.grammar", "brainc.compiler", "brainc.codegen", "brainc.runtime", "brainc.lsp"),
      new Rule("`runtime` depends on nothing of ours and on no library", "runtime/src/main/java", p -> true,
          "org.", "com.", "net.", "picocli", "brainc.ir", "brainc.grammar", "brainc.compiler", "brainc.codegen",
          "brainc.lsp"),
      new Rule("only `compiler.syntax` touches ANTLR types outside `grammar`", "compiler/src/main/java",
          p -> !p.startsWith("brainc.compiler.syntax"), "org.antlr", "brainc.grammar"),
      new Rule("the front end (syntax, ast, sema, lower) never sees the backends", "compiler/src/main/java",
          p -> p.matches("brainc\\.compiler\\.(syntax|ast|sema|lower)(\\..*)?"),
          "brainc.codegen", "brainc.runtime", "org.objectweb.asm", "org.apache.velocity"),
      new Rule("only `compiler.cli` knows the command-line library", "compiler/src/main/java",
          p -> !p.startsWith("brainc.compiler.cli"), "picocli"),
      new Rule("only `lsp` imports lsp4j", "compiler/src/main/java", p -> true, "org.eclipse.lsp4j", "brainc.lsp"),
      new Rule("only `lsp` imports lsp4j", "codegen/src/main/java", p -> true, "org.eclipse.lsp4j", "brainc.lsp"),
      new Rule("backends never reach back into the compiler", "codegen/src/main/java", p -> true,
          "brainc.compiler", "brainc.grammar", "org.antlr", "picocli"),
      new Rule("only the cuda target (`brainc.codegen.cuda`) uses Velocity", "codegen/src/main/java",
          p -> !p.startsWith("brainc.codegen.cuda"), "org.apache.velocity"),
      new Rule("only the cuda target (`brainc.codegen.cuda`) uses Velocity", "compiler/src/main/java", p -> true,
          "org.apache.velocity"),
      new Rule("only `codegen.nir` writes and reads HDF5 (jHDF)", "codegen/src/main/java",
          p -> !p.startsWith("brainc.codegen.nir"), "io.jhdf"),
      new Rule("only `codegen.nir` writes and reads HDF5 (jHDF)", "compiler/src/main/java", p -> true, "io.jhdf"),
      new Rule("only `codegen.nir` writes and reads HDF5 (jHDF)", "lsp/src/main/java", p -> true, "io.jhdf"),
      new Rule("`lsp` never sees the backends", "lsp/src/main/java", p -> true,
          "brainc.codegen", "org.objectweb.asm", "org.apache.velocity"),
      CLI_THROUGH_API);

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  @Test
  void theSourceTreeIsWhereTheRulesLook() {
    assertTrue(Files.isRegularFile(ROOT.resolve("pom.xml")), "tests run in the compiler module directory");
    assertTrue(Files.isDirectory(ROOT.resolve("ir/src/main/java")));
    assertTrue(Files.isDirectory(ROOT.resolve("compiler/src/main/java/brainc/compiler/syntax")));
  }

  @Test
  void everyModuleKeepsItsInvariants() {
    List<String> violations = new ArrayList<>();
    for (Rule rule : RULES) {
      Path dir = ROOT.resolve(rule.dir());
      if (!Files.isDirectory(dir)) continue;
      for (Path file : javaFiles(dir)) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        violations.addAll(violations(rule, relative, read(file)));
      }
    }
    assertEquals(List.of(), violations, String.join("\n", violations));
  }

  /** What {@code rule} finds wrong in {@code source}, the file {@code relative} under the rule's folder. */
  private static List<String> violations(Rule rule, String relative, String source) {
    List<String> found = new ArrayList<>();
    if (rule.exempt().contains(relative)) return found;
    String code = stripCommentsAndStrings(source);
    Matcher pm = PACKAGE.matcher(code);
    String pkg = pm.find() ? pm.group(1) : "";
    if (!rule.scope().test(pkg)) return found;
    for (String banned : rule.banned()) {
      Matcher m = reference(banned).matcher(code);
      if (m.find()) {
        int line = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        found.add(rule.dir() + "/" + relative + ":" + line + ": refers to `" + banned + "`, but " + rule.invariant());
      }
    }
    return found;
  }

  @Test
  void aCommandThatImportsAnEngineBreaksTheRule() {
    String command = """
        package brainc.compiler.cli;
        import brainc.codegen.Simulation;
        final class RunCommand {}
        """;
    assertEquals(List.of("compiler/src/main/java/brainc/compiler/cli/RunCommand.java:2: refers to `brainc.codegen`, but "
        + CLI_THROUGH_API.invariant()), violations(CLI_THROUGH_API, "brainc/compiler/cli/RunCommand.java", command));
    assertEquals(List.of(), violations(CLI_THROUGH_API, "brainc/compiler/api/Runs.java",
        command.replace("compiler.cli", "compiler.api")), "the API is where engines are reached");
  }

  /** The modules whose packages must not form cycles (Maven already forbids cycles between modules). */
  private static final List<String> MODULES = List.of("ir", "runtime", "codegen", "compiler", "lsp");

  /** A reference to a class of ours: its package is the part before the first capitalised name. */
  private static final Pattern OURS = Pattern.compile("(?<![\\w.])(brainc(?:\\.[a-z_][a-z0-9_]*)+)\\.(?:[A-Z]|\\*)");

  /**
   * No package reaches, directly or through others, back to itself: each package can be read,
   * tested and replaced knowing only the ones below it.
   */
  @Test
  void noPackageCycles() {
    Map<String, Set<String>> uses = packageGraph();
    List<String> cycles = new ArrayList<>();
    for (Set<String> component : new StronglyConnected(uses).components()) {
      if (component.size() > 1) cycles.add(String.join(" <-> ", new TreeSet<>(component)) + ": " + witnesses(uses, component));
    }
    assertEquals(List.of(), cycles, String.join("\n", cycles));
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    List<Set<String>> found = new StronglyConnected(g).components().stream().filter(c -> c.size() > 1).toList();
    assertEquals(List.of(Set.of("a", "b", "c")), found);
    Matcher m = OURS.matcher("import brainc.ir.model.*; x = brainc.compiler.passes.FoldConstants.fold(e);");
    List<String> packages = new ArrayList<>();
    while (m.find()) packages.add(m.group(1));
    assertEquals(List.of("brainc.ir.model", "brainc.compiler.passes"), packages);
  }

  /** Package → the packages of ours its main sources refer to, over every module. */
  private static Map<String, Set<String>> packageGraph() {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (String module : MODULES) {
      Path dir = ROOT.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(dir)) continue;
      for (Path file : javaFiles(dir)) {
        String code = stripCommentsAndStrings(read(file));
        Matcher pm = PACKAGE.matcher(code);
        if (!pm.find()) continue;
        String pkg = pm.group(1);
        Set<String> out = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = OURS.matcher(code);
        while (m.find()) if (!m.group(1).equals(pkg)) out.add(m.group(1));
      }
    }
    return uses;
  }

  /** The edges inside one cycle, to say where to cut it. */
  private static String witnesses(Map<String, Set<String>> uses, Set<String> component) {
    List<String> edges = new ArrayList<>();
    for (String from : new TreeSet<>(component)) {
      for (String to : uses.getOrDefault(from, Set.of())) if (component.contains(to)) edges.add(from + " -> " + to);
    }
    return String.join(", ", edges);
  }

  /** Tarjan's strongly connected components of a directed graph. */
  private static final class StronglyConnected {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    StronglyConnected(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    List<Set<String>> components() {
      for (String v : new TreeSet<>(graph.keySet())) if (!index.containsKey(v)) visit(v);
      return components;
    }

    private void visit(String v) {
      index.put(v, index.size());
      low.put(v, index.get(v));
      stack.push(v);
      onStack.add(v);
      for (String w : new TreeSet<>(graph.getOrDefault(v, Set.of()))) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        Set<String> component = new HashSet<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        components.add(component);
      }
    }
  }

  @Test
  void theScanSeesQualifiedNamesButNotComments() {
    String code = stripCommentsAndStrings("""
        package x; // org.antlr in a comment
        /* picocli */ class A { String s = "org.antlr"; org.antlr.v4.runtime.Token t; }
        """);
    assertTrue(reference("org.antlr").matcher(code).find());
    assertTrue(!reference("picocli").matcher(code).find());
    assertTrue(!reference("org.antlr").matcher("class B { Xorg.antlr y; }").find());
  }

  /** {@code name} as a whole package prefix: {@code org.antlr} matches {@code org.antlr.v4} only. */
  private static Pattern reference(String name) {
    String tail = name.endsWith(".") ? "" : "(\\.|\\s*;)";
    return Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + tail);
  }

  private static List<Path> javaFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Blanks comments, string, text-block and char literals, keeping newlines for line numbers. */
  static String stripCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < n && s.charAt(i) != '\n') i++;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (; i < end; i++) if (s.charAt(i) == '\n') out.append('\n');
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        for (; i < end; i++) if (s.charAt(i) == '\n') out.append('\n');
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') i += s.charAt(i) == '\\' ? 2 : 1;
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
