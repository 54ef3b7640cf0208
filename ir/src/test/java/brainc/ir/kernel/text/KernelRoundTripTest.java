package brainc.ir.kernel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.ir.kernel.KernelGen;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.kernel.verify.KernelVerifier;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing then parsing gives back an equal program, and printing is deterministic. */
class KernelRoundTripTest {

  @Provide
  Arbitrary<KernelProgram> wellFormed() {
    return Arbitraries.longs().map(seed -> new KernelGen(seed, true).program());
  }

  @Provide
  Arbitrary<KernelProgram> any() {
    return Arbitraries.longs().flatMap(seed -> Arbitraries.of(true, false).map(ok -> new KernelGen(seed, ok).program()));
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

  /** The generator's well-formed programs are what the verifier accepts, so they test it too. */
  @Property(tries = 300)
  void wellFormedProgramsVerify(@ForAll("wellFormed") KernelProgram p) {
    assertEquals(List.of(), KernelVerifier.verify(p), KernelPrinter.print(p));
  }
}
