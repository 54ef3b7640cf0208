package brainc.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** "Did you mean": the bounded distance agrees with the full one, and look-ups stay cheap. */
class SuggestTest {
  @Property(tries = 300)
  void boundedDistanceAgreesWithTheFullOne(@ForAll @AlphaChars @StringLength(max = 12) String a,
      @ForAll @AlphaChars @StringLength(max = 12) String b) {
    int full = Suggest.distance(a, b);
    for (int max = 0; max <= 4; max++) {
      int bounded = Suggest.bounded(a, b, max);
      if (full <= max) assertEquals(full, bounded, a + " / " + b + " max " + max);
      else assertTrue(bounded > max, a + " / " + b + " max " + max + ": " + bounded);
    }
  }

  @Test
  void closestPrefersCaseInsensitiveMatchesThenDistanceThenName() {
    assertEquals(Optional.of("Tau_m"), Suggest.closest("tau_M", List.of("tau_n", "Tau_m", "tau")));
    assertEquals(Optional.of("tau_m"), Suggest.closest("tau_n", List.of("tau_m", "tau_x", "v_rest")));
    assertEquals(Optional.empty(), Suggest.closest("zzz", List.of("tau_m", "v_rest")));
  }

  @Test
  void tenThousandUnknownNamesAgainstAThousandCandidatesAreQuick() {
    Scope scope = new Scope(null, "file");
    for (int i = 0; i < 1000; i++) scope.declare(Symbol.builtin("Cell" + i, Symbol.Kind.NEURON, Ty.UNKNOWN, ""));
    long t0 = System.nanoTime();
    int found = 0;
    for (int i = 0; i < 10_000; i++) {
      if (scope.closest("rate_" + i).isPresent()) found++;
      if (scope.closest("Cel" + (i % 1000)).isPresent()) found++;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(10_000, found);
    // Every candidate through a full distance took seconds here; the filters leave a few per name.
    assertTrue(ms < 2000, "20,000 look-ups took " + ms + " ms");
  }
}
