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
  void theFiltersLeaveFewDistancesToCompute() {
    Scope scope = new Scope(null, "file");
    for (int i = 0; i < 1000; i++) scope.declare(Symbol.builtin("Cell" + i, Symbol.Kind.NEURON, Ty.UNKNOWN, ""));
    for (int i = 0; i < 10; i++) scope.declare(Symbol.builtin("rate" + i, Symbol.Kind.PARAM, Ty.SCALAR, ""));
    // Names far from every candidate: nearly all ruled out by length and letters, without a distance.
    long before = Suggest.DISTANCES.sum();
    for (int i = 0; i < 10_000; i++) assertEquals(Optional.empty(), scope.closest("vrest_" + i));
    long far = Suggest.DISTANCES.sum() - before;
    assertTrue(far < 10_000, "distances for 10,000,000 pairs: " + far);
    // A value's name is not matched against the 1,000 neuron models, only against the values.
    before = Suggest.DISTANCES.sum();
    for (int i = 0; i < 1000; i++) assertEquals(Optional.of("rate" + (i % 10)), scope.closest("rat" + (i % 10), true));
    assertTrue(Suggest.DISTANCES.sum() - before <= 1000 * 2 * 10, () -> "distances: " + (Suggest.DISTANCES.sum()));
    // Quadratic matching computed a distance per candidate and name: 10,000,000 here.
    before = Suggest.DISTANCES.sum();
    for (int i = 0; i < 10_000; i++) scope.closest("Cel" + i + "x");
    long computed = Suggest.DISTANCES.sum() - before;
    assertTrue(computed < 10_000_000L / 2, "distances computed: " + computed);
  }
}
