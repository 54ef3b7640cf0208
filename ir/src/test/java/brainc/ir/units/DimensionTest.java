package brainc.ir.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DimensionTest {

  @Provide
  Arbitrary<Dimension> dims() {
    Arbitrary<Integer> e = Arbitraries.integers().between(-4, 4);
    return Combinators.combine(e, e, e, e, e, e, e).as(Dimension::new);
  }

  @Property
  void timesIsAssociative(@ForAll("dims") Dimension a, @ForAll("dims") Dimension b, @ForAll("dims") Dimension c) {
    assertEquals(a.times(b).times(c), a.times(b.times(c)));
  }

  @Property
  void timesIsCommutative(@ForAll("dims") Dimension a, @ForAll("dims") Dimension b) {
    assertEquals(a.times(b), b.times(a));
  }

  @Property
  void noneIsIdentityAndInverseCancels(@ForAll("dims") Dimension a) {
    assertEquals(a, a.times(Dimension.NONE));
    assertTrue(a.times(a.inverse()).isNone());
    assertEquals(a.inverse(), Dimension.NONE.over(a));
    assertEquals(a, a.inverse().inverse());
  }

  @Property
  void powIsRepeatedProduct(@ForAll("dims") Dimension a, @ForAll @IntRange(min = -5, max = 5) int n) {
    Dimension p = Dimension.NONE;
    for (int i = 0; i < Math.abs(n); i++) p = p.times(a);
    if (n < 0) p = p.inverse();
    assertEquals(p, a.pow(n));
    assertEquals(a.pow(n).times(a), a.pow(n + 1));
  }

  @Property
  void parseInvertsToString(@ForAll("dims") Dimension a) {
    assertEquals(a, Dimension.parse(a.toString()));
  }

  @Test
  void canonicalText() {
    assertEquals("1", Dimension.NONE.toString());
    assertEquals("m^2*kg*s^-3*A^-1", Units.lookup("V").orElseThrow().dimension().toString());
    assertEquals("s", Dimension.TIME.toString());
    assertEquals(Dimension.TIME.inverse(), Dimension.parse("s^-1"));
    assertThrows(IllegalArgumentException.class, () -> Dimension.parse("m^x"));
    assertThrows(IllegalArgumentException.class, () -> Dimension.parse("furlong"));
    assertThrows(IllegalArgumentException.class, () -> Dimension.parse(""));
  }
}
