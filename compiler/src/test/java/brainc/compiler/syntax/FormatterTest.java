package brainc.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.driver.Frontend;
import brainc.grammar.BrainLexer;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The formatter keeps every token, is idempotent, and formatted files still check the same. */
class FormatterTest {
  private static List<String> tokens(String text) {
    BrainLexer lexer = new BrainLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    List<String> out = new ArrayList<>();
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      if (t.getType() != BrainLexer.WS && t.getType() != BrainLexer.NL) out.add(t.getText().strip());
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everySampleAndStdlibFileFormatsStablyAndKeepsItsMeaning() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("../samples", "../stdlib/src/main/resources/brain")) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".brain")).sorted().forEach(files::add);
      }
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String text = Files.readString(f);
      String once = Formatter.format(text);
      assertEquals(once, Formatter.format(once), "not idempotent: " + f);
      assertEquals(tokens(text), tokens(once), "tokens changed: " + f);
      var before = new Frontend().analyze(SourceFile.of(f.toString(), text)).diagnostics().size();
      var after = new Frontend().analyze(SourceFile.of(f.toString(), once)).diagnostics().size();
      assertEquals(before, after, "diagnostics changed after formatting " + f);
    }));
  }

  @Test
  void theCanonicalLayout() {
    String messy = """


        neuron   N{
        param tau=20 ms
            state v = -65mV   // rest
        v'=( -65 mV-v )/tau


        spike when v>-50 mV {v=-65 mV}
        }
        network Net { population p = N [ 10 ] { tau = 5 ms ,
        v = uniform( -60 mV , -50 mV ) }
        }
        """;
    assertEquals("""
        neuron N {
          param tau = 20 ms
          state v = -65 mV // rest
          v' = (-65 mV - v) / tau

          spike when v > -50 mV { v = -65 mV }
        }
        network Net { population p = N[10] { tau = 5 ms,
            v = uniform(-60 mV, -50 mV) }
        }
        """, Formatter.format(messy));
    assertTrue(Formatter.format(Formatter.format(messy)).equals(Formatter.format(messy)));
  }
}
