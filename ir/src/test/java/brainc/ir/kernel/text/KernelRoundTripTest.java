package brainc.ir.kernel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.ir.kernel.KernelGen;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.verify.KernelVerifier;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Printing then parsing gives back an equal program, printing is deterministic, and damaged text
 * fails only with a syntax error.
 */
class KernelRoundTripTest {

  @Provide
  Arbitrary<KernelProgram> wellFormed() {
    return Arbitraries.longs().map(seed -> new KernelGen(seed, true).program());
  }

  @Provide
  Arbitrary<KernelProgram> any() {
    // Even seeds give well-formed programs, odd ones programs with loads and locals the text must annotate.
    return Arbitraries.longs().map(seed -> new KernelGen(seed, (seed & 1) == 0).program());
  }

  @Property(tries = 500)
  void parseInvertsPrint(@ForAll("any") KernelProgram p) {
    String text = KernelPrinter.print(p);
    assertEquals(p, KernelParser.parse(text), text);
  }

  @Property(tries = 200)
  void printingIsDeterministic(@ForAll("any") KernelProgram p) {
    String text = KernelPrinter.print(p);
    assertEquals(text, KernelPrinter.print(p));
    assertEquals(text, KernelPrinter.print(KernelParser.parse(text)));
  }

  /** Damaged text yields a program or a positioned syntax error, never another exception. */
  @Property(tries = 300)
  void damagedTextFailsOnlyWithASyntaxError(@ForAll("any") KernelProgram p, @ForAll long cut) {
    String text = KernelPrinter.print(p);
    Random r = new Random(cut);
    int at = r.nextInt(text.length());
    int end = Math.min(text.length(), at + r.nextInt(8));
    String[] junk = {"", "(", "}", "[", "1.5", "x", "\"", ":", "..", "-", "for", "f32"};
    String damaged = text.substring(0, at) + junk[r.nextInt(junk.length)] + text.substring(end);
    try {
      KernelParser.parse(damaged);
    } catch (KernelSyntaxException x) {
      assertTrue(x.line() >= 1 && x.column() >= 1, x.getMessage());
    }
  }

  /** The generator's well-formed programs are what the verifier accepts, so they test it too. */
  @Property(tries = 300)
  void wellFormedProgramsVerify(@ForAll("wellFormed") KernelProgram p) {
    assertEquals(List.of(), KernelVerifier.verify(p), KernelPrinter.print(p));
  }
}
