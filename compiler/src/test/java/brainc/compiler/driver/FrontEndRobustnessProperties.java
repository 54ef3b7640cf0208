package brainc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.diag.Diagnostic;
import brainc.ir.diag.Fix;
import brainc.ir.diag.Related;
import brainc.ir.source.SourceFile;
import brainc.ir.source.Span;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * "Parsing never fails": whatever the text, {@link Frontend#analyze} returns an analysis, and
 * every range it reports lies inside its document. The inputs are the real stdlib and sample
 * files, damaged at random (characters deleted, inserted, swapped; text cut off anywhere), and
 * plain garbage. Tries are few so that the suite stays fast; jqwik shrinks any failure to a
 * small edit of a real file.
 */
class FrontEndRobustnessProperties {
  private static final List<String> CORPUS = corpus();
  /** Characters that matter to the lexer and parser, so mutations hit interesting states. */
  private static final String ALPHABET = "{}()[]<>=+-*/^'.,:;\"\n\t #$@\\|&!?~%0123456789eE_msVAHzpreostinwv";

  /** One edit of a corpus file. */
  record Mutation(int kind, int at, char c) {
    String apply(String s) {
      int i = s.isEmpty() ? 0 : Math.floorMod(at, s.length() + 1);
      return switch (kind) {
        case 0 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
        case 1 -> s.substring(0, i) + c + s.substring(i);
        case 2 -> i + 1 < s.length() ? s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2) : s;
        default -> s.substring(0, i);
      };
    }
  }

  @Property(tries = 200)
  void mutatedModelsNeverBreakTheFrontEnd(@ForAll("files") int file, @ForAll("mutations") List<Mutation> edits) {
    String text = CORPUS.get(file);
    for (Mutation m : edits) text = m.apply(text);
    analyzeAndCheckSpans(text);
  }

  @Property(tries = 200)
  void garbageNeverBreaksTheFrontEnd(@ForAll("garbage") String text) {
    analyzeAndCheckSpans(text);
  }

  @Property(tries = 50)
  void anyUnicodeNeverBreaksTheFrontEnd(@ForAll @StringLength(max = 200) String text) {
    analyzeAndCheckSpans(text);
  }

  @Provide
  Arbitrary<Integer> files() {
    return Arbitraries.integers().between(0, CORPUS.size() - 1);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one = Combinators.combine(
        Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.of(ALPHABET.toCharArray())).as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(300);
  }

  private static void analyzeAndCheckSpans(String text) {
    SourceFile main = SourceFile.of("mutated.brain", text);
    Analysis analysis = new Frontend().analyze(main);
    var sources = analysis.sources();
    for (Diagnostic d : analysis.diagnostics()) {
      List<Span> spans = new ArrayList<>();
      spans.add(d.span());
      d.related().stream().map(Related::span).forEach(spans::add);
      d.fixes().stream().map(Fix::span).forEach(spans::add);
      for (Span s : spans) {
        SourceFile doc = sources.get(s.source());
        assertTrue(doc != null, () -> "diagnostic in an unknown document: " + d);
        assertTrue(0 <= s.start() && s.start() <= s.end() && s.end() <= doc.text().length(),
            () -> "span " + s + " outside its document (length " + doc.text().length() + "): " + d);
      }
    }
    // Rendering must not fail either: it is what the user sees.
    new DiagnosticRenderer(sources).human(analysis.diagnostics());
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
