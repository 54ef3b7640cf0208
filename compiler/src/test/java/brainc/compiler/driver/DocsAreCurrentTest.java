package brainc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.compiler.sema.Catalog;
import brainc.compiler.sema.ParamSpec;
import brainc.compiler.sema.ParamSpec.Expect;
import brainc.compiler.sema.Signature;
import brainc.ir.diag.Code;
import brainc.ir.units.Dimension;
import brainc.ir.units.Units;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/diagnostics.md} and {@code docs/families.md} equal to what they are
 * generated from ({@link Code} and {@link Catalog}), so the documentation cannot drift from the
 * compiler. After changing either source, regenerate with
 * {@code mvn -o test -pl compiler -am -Dtest=DocsAreCurrentTest -Dbrainc.golden.update=true}.
 */
class DocsAreCurrentTest {
  private static final Path DOCS = Path.of("../docs");
  private static final Path EXAMPLES = Path.of("../samples/golden/diagnostics/codes");
  private static final boolean UPDATE = Boolean.getBoolean("brainc.golden.update");
  private static final String REGENERATE =
      "mvn -o test -pl compiler -am -Dtest=DocsAreCurrentTest -Dbrainc.golden.update=true";

  /** Titles of the code ranges, in the order of {@link Code}. */
  private static final Map<String, String> GROUPS = Map.ofEntries(
      Map.entry("E01", "Syntax"), Map.entry("E02", "Names and imports"), Map.entry("E03", "Types and units"),
      Map.entry("E04", "Model structure"), Map.entry("E05", "Active inference"), Map.entry("E06", "Fuzzy rules"),
      Map.entry("E07", "Meta-learning"), Map.entry("E08", "HTM"), Map.entry("E09", "Workspaces"),
      Map.entry("E10", "Networks and statements"), Map.entry("E11", "Targets and capabilities"),
      Map.entry("W00", "Warnings"), Map.entry("E99", "Internal"));

  @Test
  void diagnosticsReferenceIsCurrent() throws IOException {
    compare(DOCS.resolve("diagnostics.md"), diagnostics());
  }

  @Test
  void familiesReferenceIsCurrent() throws IOException {
    compare(DOCS.resolve("families.md"), families());
  }

  @Test
  void targetsReferenceIsCurrent() throws IOException {
    compare(DOCS.resolve("targets.md"), targets());
  }

  static String targets() {
    return "# Engines and targets\n\n" + generatedBy("`brainc.ir.targets.Targets`")
        + "Every engine (`--backend`) and artifact target (`compile --target`) with what it can do; `brainc targets`\n"
        + "prints the same table. An engine reads one program kind; `brainc check --target NAME` reports, as errors, what\n"
        + "a model needs that NAME lacks (the E11xx codes of [diagnostics.md](diagnostics.md#targets-and-capabilities),\n"
        + "and W1020/W1021 for what no engine of that kind runs yet).\n\n"
        + brainc.ir.targets.TargetTable.markdown();
  }

  static String diagnostics() {
    StringBuilder b = new StringBuilder();
    b.append("# Diagnostics\n\n");
    b.append(generatedBy("`brainc.ir.diag.Code`"));
    b.append("Every problem brainc reports has a stable code (`E0301`) and name (`unit-mismatch`); a code\n"
        + "never changes meaning. `brainc check` prints them as `file:line:col: error[E0301]: message`,\n"
        + "and `brainc check --json` gives `code` and `name` for tools. Errors stop compilation\n"
        + "(exit code 1); warnings do not.\n\n");
    b.append("| code | name | severity |\n|---|---|---|\n");
    for (Code c : Code.values()) {
      b.append("| [").append(c.id()).append("](#").append(c.id().toLowerCase()).append(") | `")
          .append(c.kebab()).append("` | ").append(c.defaultSeverity().label()).append(" |\n");
    }
    String group = "";
    for (Code c : Code.values()) {
      String g = GROUPS.getOrDefault(c.id().substring(0, 3), "Other");
      if (!g.equals(group)) {
        b.append("\n## ").append(g).append('\n');
        group = g;
      }
      b.append("\n### ").append(c.id()).append("\n\n`").append(c.kebab()).append("`, ")
          .append(c.defaultSeverity().label()).append(".\n\n").append(c.doc()).append('\n');
      example(c).ifPresent(e -> b.append('\n').append(e));
    }
    return b.toString();
  }

  /**
   * The example of a code: {@code samples/golden/diagnostics/codes/CODE.brain} (checked by the
   * golden tests to report exactly what its comments show), or, for a code that no single source
   * file produces (a data file, a second file, a command line), {@code CODE.md} beside it.
   */
  static java.util.Optional<String> example(Code c) {
    try {
      Path brain = EXAMPLES.resolve(c.id() + ".brain");
      if (Files.exists(brain)) {
        String text = Files.readString(brain, StandardCharsets.UTF_8);
        String command = text.startsWith("// check --target ")
            ? "brainc check --target " + text.lines().findFirst().orElse("").substring("// check --target ".length()).strip()
            : "brainc check";
        return java.util.Optional.of("Example (the comment under a line shows what `" + command + "` reports there):\n\n"
            + "```brain\n" + text.stripTrailing() + "\n```\n");
      }
      Path md = EXAMPLES.resolve(c.id() + ".md");
      if (Files.exists(md)) return java.util.Optional.of(Files.readString(md, StandardCharsets.UTF_8).stripTrailing() + "\n");
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String families() {
    StringBuilder b = new StringBuilder();
    b.append("# Built-in families\n\n");
    b.append(generatedBy("`brainc.compiler.sema.Catalog`"));
    b.append("The built-in constructors and sections of the language, grouped by family: what each takes,\n"
        + "its default (\"required\" when it has none) and what it means. The checker validates\n"
        + "every call and setting against this list and lowering fills in the defaults, so this page is\n"
        + "exactly what the compiler accepts. Defaults of quantities are shown in SI units.\n\n");
    for (String family : Catalog.families()) {
      b.append("- [").append(family).append("](#").append(family).append(")\n");
    }
    for (String family : Catalog.families()) {
      b.append("\n## ").append(family).append("\n\n").append(Catalog.familyDoc(family)).append('\n');
      for (Signature s : Catalog.signatures(family)) {
        b.append("\n### `").append(s.name()).append("`\n\n").append(s.doc()).append('\n');
        if (s.params().isEmpty()) {
          b.append("\nNo parameters.\n");
          continue;
        }
        b.append("\n| parameter | expects | default | meaning |\n|---|---|---|---|\n");
        for (ParamSpec p : s.params()) {
          b.append("| `").append(p.name()).append("` | ").append(cell(expectation(p.expect()))).append(" | ")
              .append(cell(p.required() ? "required" : "`" + p.defaultText() + "`")).append(" | ")
              .append(cell(p.doc())).append(" |\n");
        }
      }
    }
    return b.toString();
  }

  static String expectation(Expect e) {
    if (e instanceof Expect.Quantity q) {
      String what = q.dim().isNone() ? "number" : "quantity in " + Units.display(q.dim());
      if (q.minOpen()) {
        String unit = q.dim().isNone() ? "" : " " + Units.display(q.dim());
        return what + ", greater than " + number(q.min()) + unit
            + (q.max() == Double.POSITIVE_INFINITY ? "" : ", at most " + number(q.max()) + unit);
      }
      return what + bounds(q.min(), q.max(), q.dim());
    }
    if (e instanceof Expect.Whole w) {
      return "whole number" + bounds(w.min(), w.max(), Dimension.NONE);
    }
    if (e instanceof Expect.Flag) return "`true` or `false`";
    if (e instanceof Expect.Choice c) {
      return "one of `" + String.join("`, `", c.choices()) + "`" + (c.orNumber() ? ", or a number" : "");
    }
    if (e instanceof Expect.Interval i) {
      return "range `low .. high`" + (i.dim().isNone() ? "" : " in " + Units.display(i.dim()));
    }
    if (e instanceof Expect.Text) return "string";
    if (e instanceof Expect.Constructor c) return "a [" + c.family() + "](#" + c.family() + ") constructor";
    if (e instanceof Expect.AnyExpr) return "expression";
    throw new IllegalStateException("no documentation for " + e);
  }

  private static String bounds(double min, double max, Dimension dim) {
    boolean lo = min != Double.NEGATIVE_INFINITY && min > -Integer.MAX_VALUE;
    boolean hi = max != Double.POSITIVE_INFINITY && max < Integer.MAX_VALUE;
    String unit = dim.isNone() ? "" : " " + Units.display(dim);
    if (lo && hi) return ", " + number(min) + unit + " to " + number(max) + unit;
    if (lo) return ", at least " + number(min) + unit;
    if (hi) return ", at most " + number(max) + unit;
    return "";
  }

  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    return String.valueOf(d);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String generatedBy(String source) {
    return "<!-- Generated from " + source + " by DocsAreCurrentTest; do not edit by hand.\n"
        + "     Regenerate: " + REGENERATE + " -->\n\n";
  }

  private static void compare(Path file, String expected) throws IOException {
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      return;
    }
    String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertEquals(expected, actual, file + " is out of date; regenerate it with " + REGENERATE);
  }
}
