package brainc.lsp;

import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The property of issue 14 for the language server: any corpus file, typed in at random cut
 * points with random requests and malformed frames between keystrokes, through the real
 * transport: no internal error, no stack trace, every answer well-formed, the final
 * diagnostics equal `brainc check`'s, and the server stops at the end of its input.
 */
class TypingProperties {
  @Property(tries = 30, shrinking = net.jqwik.api.ShrinkingMode.OFF)
  void typingWithRequestsAndBrokenFramesBetweenKeystrokes(@ForAll("corpus") Path file, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int cuts) throws Exception {
    Typing.session(file, new Random(seed), cuts);
  }

  @Provide
  Arbitrary<Path> corpus() {
    return Arbitraries.of(Corpus.files());
  }
}
