package brainc.runtime.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rewards, crashes, sensors and phases of {@link CarTrack}. */
class CarTrackTest {
  private static final double ROOT2 = Math.sqrt(2);

  @Test
  void sensorsOnAStraightRoadSeeTheEdgesAlongTheDiagonals() {
    CarTrack env = new CarTrack("straight");
    // Centred: the diagonals reach |y| = 4 after 4 sqrt 2; straight ahead never leaves the road.
    assertArrayEquals(new double[] {4 * ROOT2, 20, 4 * ROOT2}, env.reset(0), 1e-9);
    // Half a unit to the right: 4.5 to the left edge, 3.5 to the right edge.
    Step s = env.step(2);
    assertArrayEquals(new double[] {4.5 * ROOT2, 20, 3.5 * ROOT2}, s.observation(), 1e-9);
    assertEquals(0.5, s.info().get("offset"));
  }

  @Test
  void rewardsAreSurvivalPlusCentringMinusChangePenalty() {
    CarTrack env = new CarTrack("straight");
    env.reset(0);
    // Actions 0, 2, 0, 2, 2 leave offsets -0.5, 0, -0.5, 0, +0.5.
    // Step 1: 0.5 + 2 * (1 - 0.5/4) = 2.25, no penalty on the first step.
    // Step 2: 0.5 + 2 = 2.5, minus 0.1 for changing 0 -> 2.
    // Step 3: 2.25 - 0.1 (2 -> 0).  Step 4: 2.5 - 0.1 (0 -> 2).  Step 5: 2.25, action kept.
    assertEquals(2.25, env.step(0).reward(), 1e-12);
    assertEquals(2.4, env.step(2).reward(), 1e-12);
    assertEquals(2.15, env.step(0).reward(), 1e-12);
    assertEquals(2.4, env.step(2).reward(), 1e-12);
    assertEquals(2.25, env.step(2).reward(), 1e-12);
    // Straight on, from offset 0.5: 2.25 - 0.1 for the change 2 -> 1.
    assertEquals(2.15, env.step(1).reward(), 1e-12);
  }

  @Test
  void drivingOffTheRoadCrashesOnTheStepBeyondFourUnits() {
    CarTrack env = new CarTrack("straight");
    env.reset(0);
    // Steering left every step: offset -0.5 k after step k. At k = 8 the car is exactly on the
    // edge (|offset| = 4 is not beyond it) and earns 0.5 + 0; at k = 9 it crashes.
    for (int k = 1; k <= 8; k++) {
      Step s = env.step(0);
      assertFalse(s.done(), "step " + k);
      assertEquals(0.5 + 2 * (1 - 0.5 * k / 4), s.reward(), 1e-12);
    }
    Step crash = env.step(0);
    assertTrue(crash.terminated());
    assertFalse(crash.truncated());
    assertEquals(-100.0, crash.reward());
    assertEquals(-4.5, crash.info().get("offset"));
    assertThrows(IllegalStateException.class, () -> env.step(1));
  }

  @Test
  void aCentredCarIsTruncatedAfter100Steps() {
    CarTrack env = new CarTrack("straight");
    env.reset(5);
    double total = 0;
    int steps = 0;
    Step s;
    do {
      s = env.step(1);
      total += s.reward();
      steps++;
    } while (!s.done());
    assertEquals(100, steps);
    assertTrue(s.truncated());
    assertFalse(s.terminated());
    assertEquals(250.0, total, 1e-9);
  }

  @Test
  void centreLinesFollowTheirDocumentedFunctions() {
    CarTrack gentle = new CarTrack("gentle_curves");
    gentle.reset(0);
    assertEquals(3.0, gentle.centre(12.5), 1e-12);
    assertEquals(0.0, gentle.centre(25), 1e-12);
    CarTrack sharp = new CarTrack("sharp_turns");
    sharp.reset(0);
    assertEquals(3.0, sharp.centre(0));
    assertEquals(3.0, sharp.centre(16));
    assertEquals(0.0, sharp.centre(18));
    assertEquals(-3.0, sharp.centre(20));
    assertEquals(-3.0, sharp.centre(36));
    assertEquals(0.0, sharp.centre(38));
    assertEquals(3.0, sharp.centre(41));
    // The car starts on the centre-line, wherever it is.
    assertEquals(3.0, sharp.lateral());
  }

  @Test
  void aLookaheadDriverSurvivesEveryPhase() {
    // Steer toward where the centre-line will be a few steps ahead: every phase is drivable
    // with the car's 0.5 lateral step, the sharp turns included.
    for (String phase : CarTrack.PHASES) {
      for (long seed = 0; seed < 10; seed++) {
        CarTrack env = new CarTrack(phase);
        env.reset(seed);
        Step s;
        int steps = 0;
        double x = 0;
        do {
          double aim = 0;
          for (int k = 1; k <= 4; k++) {
            aim += env.centre(x + k) / 4;
          }
          double error = aim - env.lateral();
          int action = error > 0.25 ? 2 : error < -0.25 ? 0 : 1;
          s = env.step(action);
          x += 1;
          steps++;
        } while (!s.done());
        assertTrue(s.truncated() && !s.terminated(), phase + " seed " + seed + " crashed");
        assertEquals(100, steps);
      }
    }
  }

  @Test
  void drivingStraightCrashesOnTheSharpTurns() {
    CarTrack env = new CarTrack("sharp_turns");
    env.reset(0);
    Step s;
    int steps = 0;
    do {
      s = env.step(1);
      steps++;
    } while (!s.done());
    assertTrue(s.terminated());
    // y stays at 3; the centre falls below -1 just after x = 18 2/3.
    assertEquals(19, steps);
  }

  @Test
  void theCentreSensorSeesABendAhead() {
    CarTrack env = new CarTrack("sharp_turns");
    // At (0, 3) the ray y = 3 leaves the road where c < -1, at x = 18 2/3.
    double[] o = env.reset(0);
    assertEquals(56.0 / 3, o[1], 1e-9);
    for (int k = 0; k < 12; k++) {
      o = env.step(1).observation();
    }
    // From x = 12 the same crossing is 6 2/3 ahead.
    assertEquals(20.0 / 3, o[1], 1e-9);
    for (double d : o) {
      assertTrue(d >= 0 && d <= 20);
    }
  }

  @Test
  void theComplexTrackIsDrawnFromTheSeedOrFromTrackSeed() {
    assertEquals(centres("complex", 3, null), centres("complex", 3, null));
    assertNotEquals(centres("complex", 3, null), centres("complex", 4, null));
    // A fixed track_seed gives the same track whatever the episode seed.
    assertEquals(centres("complex", 3, 9L), centres("complex", 4, 9L));
    // The other phases do not depend on the seed.
    assertEquals(centres("gentle_curves", 3, null), centres("gentle_curves", 4, null));
  }

  private static List<Double> centres(String phase, long seed, Long trackSeed) {
    CarTrack env = new CarTrack(phase, 0.5, 100, trackSeed);
    env.reset(seed);
    List<Double> c = new ArrayList<>();
    for (int x = 0; x <= 100; x += 5) {
      c.add(env.centre(x));
    }
    return c;
  }

  @Test
  void sameSeedAndActionsGiveTheSameTrajectory() {
    assertEquals(drive(7), drive(7));
    assertNotEquals(drive(7), drive(8));
  }

  private static List<Step> drive(long seed) {
    CarTrack env = (CarTrack) Environments.create("car_track", Map.of("phase", "complex"));
    env.reset(seed);
    List<Step> steps = new ArrayList<>();
    for (int t = 0; t < 30; t++) {
      Step s = env.step(t % 3);
      steps.add(s);
      if (s.done()) {
        break;
      }
    }
    return steps;
  }

  @Test
  void settingsSelectPhaseByNameOrIndex() {
    CarTrack byName = (CarTrack) Environments.create("car_track", Map.of("phase", "sharp_turns"));
    CarTrack byIndex = (CarTrack) Environments.create("car_track", Map.of("phase", 2.0));
    assertEquals("sharp_turns", byName.phase());
    assertEquals("sharp_turns", byIndex.phase());
    Environment quick = Environments.create("car_track", Map.of("max_steps", 2.0));
    quick.reset(0);
    quick.step(1);
    assertTrue(quick.step(1).truncated());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("car_track", Map.of("phase", "loop")));
    assertEquals("setting phase of car_track must be one of straight, gentle_curves, "
        + "sharp_turns, complex (or its index 0..3), got 'loop'", e.getMessage());
  }
}
