package brainc.compiler.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of bad models for the front end's properties: <em>semantically</em> bad ones (a
 * valid model with one fault whose code is known: a value outside its range, a cycle, a
 * non-finite constant, a zero divisor, a missing rule) and <em>syntactically</em> damaged ones
 * (the stdlib and sample files with random edits). Shared by the front-end and the CLI
 * properties.
 */
public final class BadModels {
  private BadModels() {}

  /** A model with one fault, and the code that must be reported for it. */
  public record Faulty(String text, String code, String fault) {
    @Override
    public String toString() {
      return fault + " → " + code + ":\n" + text;
    }
  }

  /** A neuron without declared ranges, so that any value reaches the checks under test. */
  private static final String CELL = """
      neuron Cell {
        param tau = 10 ms
        param v_rest = -65 mV
        state v = v_rest
        state s = 0
        input I: mV
        v' = (v_rest - v + I) / tau
        spike when v > -50 mV { v = v_rest }
      }
      neuron Quiet {
        state v = 0 mV
        input I: mV
        v' = (I - v) / (5 ms)
      }
      """;

  /** Semantically bad models, one fault each, with names and values drawn at random. */
  public static Arbitrary<Faulty> semantic() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
        .map(s -> "p_" + s);
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 50);
    Arbitrary<Double> big = Arbitraries.doubles().between(1e160, 1e300).ofScale(0);
    Arbitrary<Integer> fault = Arbitraries.integers().between(0, 15);
    return Combinators.combine(fault, name, size, big, Arbitraries.integers().between(1, 5),
        Arbitraries.doubles().between(0.001, 1000).ofScale(3)).as(BadModels::fault);
  }

  private static Faulty fault(int kind, String name, int size, double big, int k, double x) {
    String v = trim(x);
    String pop = "  population " + name + " = Cell[" + size + "]";
    return switch (kind) {
      case 0 -> model("tau_m below its range", "E0307", "use brain.neurons\n",
          "  population " + name + " = LIF[" + size + "] { tau_m = " + trim(x / 1001) + " ms }");
      case 1 -> model("tau_m above its range", "E0307", "use brain.neurons\n",
          "  population " + name + " = LIF[" + size + "] { tau_m = " + trim(200 + x) + " ms }");
      case 2 -> model("a default outside its own range", "E0307",
          "neuron R {\n  param a = " + trim(2 + x) + " in 0 .. 2\n  state v = 0 mV\n}\n", pop);
      case 3 -> model("a negative standard deviation", "E0307", "",
          "  population " + name + " = Cell[" + size + "] { v = normal(-60 mV, -" + v + " mV) }");
      case 4 -> model("uniform with low above high", "E0307", "",
          "  population " + name + " = Cell[" + size + "] { v = uniform(" + trim(-50 + x) + " mV, -60 mV) }");
      case 5 -> model("a negative delay", "E0307", "",
          pop + "\n  connect " + name + " -> " + name + " weight 1 mV all delay -" + v + " ms");
      case 6 -> model("a sampling interval that is not positive", "E0307", "",
          pop + "\n  monitor v of " + name + " every " + (k % 2 == 0 ? "0" : "-" + v) + " ms");
      case 7 -> model("a cycle of slices", "E0212", "", sliceCycle(name, k));
      case 8 -> model("an overflowing product", "E0309", "",
          "  population " + name + " = Cell[" + size + "] { v_rest = -" + trim(big) + " * " + trim(big) + " * 1 mV }");
      case 9 -> model("an overflowing function", "E0309",
          "neuron R {\n  param g = exp(" + trim(710 + x) + ")\n  state v = 0 mV\n}\n", pop);
      case 10 -> model("a constant divisor of zero", "E0310",
          "neuron R {\n  param a = " + v + " ms\n  state v = 0 mV\n  v' = -v / (a - a)\n}\n", pop);
      case 11 -> model("an override that zeroes a divisor", "E0310", "",
          "  population " + name + " = Cell[" + size + "] { tau = 0 ms }");
      case 12 -> model("a presynaptic neuron without a spike rule", "E0406", "",
          "  population " + name + " = Quiet[" + size + "]\n  population q = Cell[2]\n  connect " + name
              + " -> q weight 1 mV all");
      case 13 -> model("a population size too large", "E0307", "",
          "  population " + name + " = Cell[" + (2147483648L + (long) x) + "]");
      case 14 -> model("a fraction above 100 %", "E0407", "",
          "  population " + name + " = Cell[" + size + "] { excitatory " + (100 + k) + "% }");
      default -> model("a slice beyond its population", "E0408", "",
          pop + "\n  population " + name + "_s = " + name + "[0 .. " + (size + k) + "]");
    };
  }

  private static String sliceCycle(String name, int k) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < k; i++) {
      b.append("  population ").append(name).append(i).append(" = ").append(name).append((i + 1) % k)
          .append("[0 .. 1]\n");
    }
    return b.toString();
  }

  private static Faulty model(String fault, String code, String decls, String members) {
    String text = CELL + decls + "network N {\n" + members + "\n}\n";
    return new Faulty(text, code, fault);
  }

  private static String trim(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    return String.valueOf(d);
  }

  // ------------------------------------------------------------------------------------------
  // Syntactic damage of real files
  // ------------------------------------------------------------------------------------------

  public static final List<String> CORPUS = corpus();
  /** Characters that matter to the lexer and parser, so mutations hit interesting states. */
  static final String ALPHABET = "{}()[]<>=+-*/^'.,:;\"\n\t #$@\\|&!?~%0123456789eE_msVAHzpreostinwv";

  /** One edit of a text. */
  public record Mutation(int kind, int at, char c) {
    public String apply(String s) {
      int i = s.isEmpty() ? 0 : Math.floorMod(at, s.length() + 1);
      return switch (kind) {
        case 0 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
        case 1 -> s.substring(0, i) + c + s.substring(i);
        case 2 -> i + 1 < s.length() ? s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2) : s;
        default -> s.substring(0, i);
      };
    }
  }

  /** A corpus file with a few random edits. */
  public static Arbitrary<String> mutated() {
    Arbitrary<Mutation> one = Combinators.combine(
        Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.of(ALPHABET.toCharArray())).as(Mutation::new);
    return Combinators.combine(Arbitraries.integers().between(0, CORPUS.size() - 1), one.list().ofMinSize(1).ofMaxSize(6))
        .as((file, edits) -> {
          String text = CORPUS.get(file);
          for (Mutation m : edits) text = m.apply(text);
          return text;
        });
  }

  /** A semantically bad model with a few random edits on top. */
  public static Arbitrary<String> mutatedSemantic() {
    Arbitrary<Mutation> one = Combinators.combine(
        Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.of(ALPHABET.toCharArray())).as(Mutation::new);
    return Combinators.combine(semantic(), one.list().ofMinSize(0).ofMaxSize(3)).as((f, edits) -> {
      String text = f.text();
      for (Mutation m : edits) text = m.apply(text);
      return text;
    });
  }

  private static List<String> corpus() {
    List<String> texts = new ArrayList<>();
    for (Path dir : List.of(Path.of("../stdlib/src/main/resources"), Path.of("../samples"))) {
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".brain")).sorted().toList()) {
          texts.add(Files.readString(p, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (texts.isEmpty()) texts.add("neuron A {\n  state v = 0 mV\n  v' = -v / 10 ms\n}\n");
    return List.copyOf(texts);
  }
}
