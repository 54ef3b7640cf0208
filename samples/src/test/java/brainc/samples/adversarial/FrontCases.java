package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.SILENT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The front end and the verbs that do not execute ({@code check}, {@code compile}, {@code fmt})
 * under hostile input: {@code compile} reports what {@code check} reports on the same text (the
 * runs' refusals included) before it prints or writes anything, whatever it emits; runs of
 * stray characters are one diagnostic, not one per character; sizes that were quadratic
 * (extends chains, chained slices, monitored slices) are checked in seconds.
 *
 * <p>Expected ranges are marked with {@code «} and {@code »} (see {@link ContractCases#mark}).
 */
public final class FrontCases {
  private static final String CELL = """
      neuron Cell {
        param tau = 10 ms
        param v_rest = -65 mV
        state v = v_rest
        input I: mV
        v' = (v_rest - v + I) / tau
        spike when v > -50 mV { v = v_rest }
      }
      """;

  /** Models that `check` refuses only because of a `run` statement (what the run cannot do). */
  private static final List<String[]> RUN_REFUSALS = List.of(
      new String[] {"monitor-twice", "E1006", CELL + """
          network N {
            population p = Cell[2]
            monitor v of p
            «monitor v of p every 1 ms»
          }
          run N for 10 ms dt 0.1 ms
          """},
      new String[] {"input-without-values", "E1007", """
          use brain.neurons.LIF
          network N {
            «input x[4] encode poisson(max = 15 Hz)»
            population p = LIF[4]
            connect x -> p  weight 1 mV  one_to_one  via exp(tau = 5 ms)
          }
          run N for 10 ms dt 0.1 ms
          """},
      new String[] {"time-in-equation", "E1008", """
          neuron Cell {
            param tau = 10 ms
            state v = 0 mV
            «v' = (1 mV * t / 1 s - v) / tau»
          }
          network N { population p = Cell[2] }
          run N for 10 ms dt 0.1 ms
          """},
      new String[] {"dt-longer-than-run", "E0307", CELL + """
          network N { population p = Cell[2] }
          «run N for 10 ms dt 1e308 ms»
          """},
      new String[] {"too-many-steps", "E0307", CELL + """
          network N { population p = Cell[2] }
          «run N for 2147483648 s dt 0.1 ms»
          """},
      new String[] {"subnormal-dt", "E0307", CELL + """
          network N { population p = Cell[2] }
          «run N for 1 ms dt 1e-320 ms»
          """});

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.addAll(compileAgreesWithCheck());
    all.addAll(strayCharacters());
    all.addAll(sizes());
    all.addAll(emptyArguments());
    all.addAll(lineEndingsAndInvisibles());
    // A file cut off inside a unit (`input I:` at the end) was an internal error: the unit's
    // parse context is empty there. Every prefix of a declaration with a unit is checked.
    String unit = "neuron Cell {\n  param tau = 10 ms\n  input I: mV\n  state v = 0 mV/ms\n}\n";
    for (int cut : new int[] {unit.indexOf(": mV") + 1, unit.indexOf(": mV") + 2, unit.indexOf("mV/ms") + 3}) {
      all.add(Case.of(Case.Kind.CRASHES, "file-cut-inside-a-unit-at-" + cut).file("m.brain", unit.substring(0, cut))
          .args("check", "$D/m.brain").exit(1).stderrHas("error[E0100]"));
    }
    return all;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  // ------------------------------------------------------------------------------------------
  // `compile` refuses what `check` refuses, in every mode, before it writes
  // ------------------------------------------------------------------------------------------

  private static List<Case> compileAgreesWithCheck() {
    List<Case> out = new ArrayList<>();
    for (String[] r : RUN_REFUSALS) {
      String name = r[0];
      String code = r[1];
      ContractCases.Marked m = ContractCases.mark(r[2]);
      Case.Kind kind = code.equals("E0307") ? CONTRACTS : SILENT;
      out.add(at(Case.of(kind, "check-" + name), m, code).args("check", "$D/m.brain"));
      // Inputs are fed by training: compile shows how such a network compiles (see RunCases).
      if (code.equals("E1007")) continue;
      out.add(at(Case.of(kind, "emit-ir-" + name), m, code).args("compile", "--emit-ir", "$D/m.brain")
          .stdoutLacks("module"));
      out.add(at(Case.of(kind, "emit-ir-to-file-" + name), m, code)
          .args("compile", "--emit-ir", "$D/m.brain", "-o", "$D/m.ir").output("m.ir").absent("m.ir"));
      out.add(at(Case.of(kind, "target-jvm-" + name), m, code)
          .args("compile", "--target", "jvm", "$D/m.brain", "-o", "$D/gen").output("gen").absent("gen"));
      out.add(at(Case.of(kind, "explain-" + name), m, code).args("compile", "--explain", "$D/m.brain"));
    }
    // What a run cannot do yet is a warning in check (exit 0), refused by the verb with the same code.
    ContractCases.Marked draw = ContractCases.mark("""
        use brain.neurons.LIF
        network N {
          population p = LIF[2]
          «connect p -> p  weight normal(1 mV, 0.1 mV) * t / 1 ms  all  via exp(tau = 5 ms)»
        }
        run N for 10 ms dt 0.1 ms
        """);
    out.add(Case.of(SILENT, "check-time-dependent-draw-warns").file("m.brain", draw.text())
        .args("check", "$D/m.brain").exit(0).warning("W1021", draw.line(), draw.col()));
    out.add(Case.of(SILENT, "explain-time-dependent-draw-refuses").file("m.brain", draw.text())
        .args("compile", "--explain", "$D/m.brain").exit(1).stderrHas("error[W1021]"));
    // The same model without the refusal compiles: the check is about the run, not the text.
    out.add(Case.of(SILENT, "emit-ir-of-a-runnable-model").file("m.brain", CELL + """
        network N { population p = Cell[2] }
        run N for 1 ms dt 0.1 ms
        """).args("compile", "--emit-ir", "$D/m.brain").exit(0).stdoutHas("module"));
    ContractCases.Marked twice = ContractCases.mark(RUN_REFUSALS.get(0)[2]);
    out.add(Case.of(SILENT, "check-of-two-files-one-refused-by-its-run").file("ok.brain", CELL.replace("Cell", "Ok") + """
        network M { population p = Ok[2] }
        run M for 1 ms dt 0.1 ms
        """).file("m.brain", twice.text()).args("check", "$D/ok.brain", "$D/m.brain")
        .error("E1006", twice.line(), twice.col(), twice.endCol()));
    return out;
  }

  private static Case at(Case c, ContractCases.Marked m, String code) {
    return c.file("m.brain", m.text()).error(code, m.line(), m.col(), m.endCol());
  }

  // ------------------------------------------------------------------------------------------
  // Stray characters: one diagnostic per run, whatever its length
  // ------------------------------------------------------------------------------------------

  private static List<Case> strayCharacters() {
    List<Case> out = new ArrayList<>();
    String prefix = "network N { param x = ";
    int col = prefix.length() + 1;
    for (int n : new int[] {2, 20, 20_000}) {
      String text = prefix + "$".repeat(n) + "1 }\n";
      for (String verb : new String[] {"check", "fmt"}) {
        out.add(Case.of(MESSAGES, verb + "-stray-characters-" + n).file("m.brain", text)
            .args(verb, "$D/m.brain").timeout(Duration.ofSeconds(20))
            .error("E0101", 1, col, col + n)
            .then(o -> assertTrue(o.err.split("error\\[E0101]", -1).length == 2,
                "one E0101 for the run of " + n + " characters, got " + o.err.length() + " chars of stderr")));
      }
    }
    out.add(Case.of(MESSAGES, "emit-ir-stray-characters-20000").file("m.brain", prefix + "!".repeat(20_000) + "true }\n")
        .args("compile", "--emit-ir", "$D/m.brain").error("E0101", 1, col, col + 20_000).timeout(Duration.ofSeconds(20))
        .then(o -> assertTrue(o.err.length() < 200_000, "stderr of " + o.err.length() + " chars")));
    // Two runs apart are two mistakes.
    out.add(Case.of(MESSAGES, "two-runs-of-stray-characters").file("m.brain", "network N { param x = $$ 1 $$ }\n")
        .args("check", "$D/m.brain").error("E0101", 1, 23, 25).error("E0101", 1, 28, 30));
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Empty arguments: an empty path is the working directory, which said "cannot read : is a directory";
  // it is a usage error naming the argument (one converter for every path, Brainc.path)
  // ------------------------------------------------------------------------------------------

  private static List<Case> emptyArguments() {
    String ok = CELL + "network N { population p = Cell[2] }\nrun N for 1 ms\n";
    List<Case> out = new ArrayList<>();
    for (String verb : new String[] {"check", "fmt", "verify"}) {
      out.add(Case.of(MESSAGES, verb + "-of-an-empty-file-name").args(verb, "")
          .usage("an empty path names no file or folder"));
    }
    // Text that is not UTF-8 says where: the first bad byte's line and column (in characters).
    byte[] latin1 = "// caf\u00e9\nnetwork N { }\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] afterEmoji = "// \uD83D\uDE00x\u00e9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    afterEmoji[afterEmoji.length - 3] = (byte) 0xE9;
    for (String verb : new String[] {"check", "fmt", "verify"}) {
      out.add(Case.of(MESSAGES, verb + "-of-latin1-says-where").bytes("m.brain", latin1).args(verb, "$D/m.brain")
          .exit(1).stderrHas("not UTF-8 text at line 1, column 7 (byte 0xE9)"));
    }
    out.add(Case.of(MESSAGES, "emit-ir-of-latin1-says-where").bytes("m.brain", latin1)
        .args("compile", "--emit-ir", "$D/m.brain").exit(1).stderrHas("not UTF-8 text at line 1, column 7 (byte 0xE9)"));
    out.add(Case.of(MESSAGES, "check-of-bad-byte-after-an-emoji").bytes("m.brain", afterEmoji)
        .args("check", "$D/m.brain").exit(1).stderrHas("not UTF-8 text at line 1, column 6 (byte 0xE9)"));
    out.add(Case.of(MESSAGES, "compile-of-an-empty-file-name").args("compile", "--emit-ir", "")
        .usage("an empty path names no file or folder"));
    out.add(Case.of(MESSAGES, "emit-ir-to-an-empty-output").file("m.brain", ok)
        .args("compile", "--emit-ir", "-o=", "$D/m.brain").usage("'--output': an empty path"));
    out.add(Case.of(MESSAGES, "target-to-an-empty-output").file("m.brain", ok)
        .args("compile", "--target", "jvm", "-o=", "$D/m.brain").usage("'--output': an empty path"));
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Line endings the lexer reads (a lone \r) count as lines; invisible characters are escaped
  // ------------------------------------------------------------------------------------------

  private static List<Case> lineEndingsAndInvisibles() {
    List<Case> out = new ArrayList<>();
    String model = CELL + "network N {\n  population p = Nope[1]\n}\n";
    int line = (int) CELL.lines().count() + 2;
    for (String[] nl : new String[][] {{"cr", "\r"}, {"crlf", "\r\n"}}) {
      String text = model.replace("\n", nl[1]);
      out.add(Case.of(MESSAGES, "check-" + nl[0] + "-line-endings").file("m.brain", text)
          .args("check", "$D/m.brain").error("E0201", line, 18, 22).stderrHas(" |   population p = Nope[1]\n").stderrLacks("\r"));
      out.add(Case.of(MESSAGES, "emit-ir-" + nl[0] + "-line-endings").file("m.brain", text)
          .args("compile", "--emit-ir", "$D/m.brain").error("E0201", line, 18, 22));
    }
    // A lone \r ends the line of an unterminated string too.
    out.add(Case.of(MESSAGES, "check-cr-after-a-stray-character").file("m.brain", "network N {\r  $\r}\r")
        .args("check", "$D/m.brain").error("E0101", 2, 3, 4));
    String[][] invisible = {{"line-separator", "\u2028"}, {"next-line", "\u0085"}, {"bidi-override", "\u202E"},
        {"zero-width-space", "\u200B"}, {"nul", "\u0000"}};
    for (String[] c : invisible) {
      out.add(Case.of(MESSAGES, "stray-" + c[0] + "-is-escaped").file("m.brain", "network N {" + c[1] + " }\n")
          .args("check", "$D/m.brain").error("E0101", 1, 12, 13)
          .stderrHas(String.format("unexpected character `\\u%04X`", (int) c[1].charAt(0))));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Sizes that were quadratic
  // ------------------------------------------------------------------------------------------

  private static List<Case> sizes() {
    List<Case> out = new ArrayList<>();
    StringBuilder ext = new StringBuilder(CELL.replace("Cell", "C0"));
    for (int i = 1; i < 5000; i++) ext.append("neuron C").append(i).append(" extends C").append(i - 1).append(" { }\n");
    ext.append("network N { population p = C4999[2] }\nrun N for 1 ms\n");
    out.add(Case.of(MESSAGES, "extends-chain-5000").file("m.brain", ext.toString())
        .args("check", "$D/m.brain").exit(0).timeout(Duration.ofSeconds(30)));
    StringBuilder slices = new StringBuilder(CELL + "network N {\n  population p0 = Cell[10]\n");
    for (int i = 1; i < 5000; i++) slices.append("  population p").append(i).append(" = p").append(i - 1).append("[0 .. 10]\n");
    slices.append("}\nrun N for 1 ms\n");
    out.add(Case.of(MESSAGES, "slice-chain-5000").file("m.brain", slices.toString())
        .args("check", "$D/m.brain").exit(0).timeout(Duration.ofSeconds(30)));
    return out;
  }
}
