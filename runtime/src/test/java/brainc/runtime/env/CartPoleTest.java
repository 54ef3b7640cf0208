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

/** {@link CartPole} against Gymnasium's CartPole-v1 equations, worked by hand. */
class CartPoleTest {

  @Test
  void firstStepFromRestMatchesTheEquationsInExactFractions() {
    // From rest, pushing right (F = +10): sin 0 = 0, cos 0 = 1, M = 1.1, ml = 0.05.
    //   temp      = (10 + 0) / 1.1                           = 100/11
    //   denom     = 0.5 * (4/3 - 0.1 * 1 / 1.1) = 0.5 * 41/33 = 41/66
    //   theta_acc = (9.8 * 0 - 1 * 100/11) / (41/66)         = -600/41
    //   x_acc     = 100/11 - 0.05 * (-600/41) * 1 / 1.1      = 400/41
    // Euler with the old velocities (both 0): x and theta stay 0,
    //   x_dot = 0.02 * 400/41 = 8/41,  theta_dot = 0.02 * (-600/41) = -12/41.
    CartPole env = new CartPole();
    env.reset(0);
    env.setState(0, 0, 0, 0);
    Step s = env.step(1);
    double[] st = env.state();
    assertEquals(0.0, st[0]);
    assertEquals(8.0 / 41, st[1], 1e-15);
    assertEquals(0.0, st[2]);
    assertEquals(-12.0 / 41, st[3], 1e-15);
    // The observation is the state rounded to float32, as Gymnasium returns it.
    assertArrayEquals(new double[] {0, (float) st[1], 0, (float) st[3]}, s.observation());
    assertEquals(1.0, s.reward());
    assertFalse(s.terminated());
    assertFalse(s.truncated());

    // Pushing left mirrors it.
    env.reset(0);
    env.setState(0, 0, 0, 0);
    env.step(0);
    assertEquals(-8.0 / 41, env.state()[1], 1e-15);
    assertEquals(12.0 / 41, env.state()[3], 1e-15);
  }

  @Test
  void stepFromATiltedMovingStateMatchesTheEquations() {
    double x = 0.1;
    double xDot = -0.3;
    double theta = 0.05;
    double thetaDot = 0.4;
    // Gymnasium's step, written out again for action 0 (F = -10).
    double g = 9.8;
    double mc = 1.0;
    double mp = 0.1;
    double l = 0.5;
    double tau = 0.02;
    double f = -10;
    double m = mc + mp;
    double ml = mp * l;
    double temp = (f + ml * thetaDot * thetaDot * Math.sin(theta)) / m;
    double thetaAcc = (g * Math.sin(theta) - Math.cos(theta) * temp)
        / (l * (4.0 / 3.0 - mp * Math.cos(theta) * Math.cos(theta) / m));
    double xAcc = temp - ml * thetaAcc * Math.cos(theta) / m;
    double[] expected = {
      x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc
    };
    // Sanity of the hand numbers: a leftward push tilts the pole further right.
    assertTrue(thetaAcc > 0 && xAcc < 0);

    CartPole env = new CartPole();
    env.reset(0);
    env.setState(x, xDot, theta, thetaDot);
    env.step(0);
    assertArrayEquals(expected, env.state(), 1e-14);
  }

  @Test
  void terminationUsesStrictThresholdsAndStillPaysTheStep() {
    assertEquals(0.20943951023931953, CartPole.THETA_THRESHOLD, 1e-17);
    CartPole env = new CartPole();

    // x lands exactly on 2.4 (x_dot = 0): not beyond it, so not terminated.
    env.reset(0);
    env.setState(2.4, 0, 0, 0);
    assertFalse(env.step(1).terminated());

    // x = 2.39 + 0.02 * 1 = 2.41 > 2.4.
    env.reset(0);
    env.setState(2.39, 1, 0, 0);
    Step s = env.step(0);
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    assertEquals(1.0, s.reward());
    assertThrows(IllegalStateException.class, () -> env.step(0));

    // theta = -0.2094 - 0.02 * 0.1 = -0.2114 < -12 degrees.
    env.reset(0);
    env.setState(0, 0, -0.2094, -0.1);
    assertTrue(env.step(1).terminated());

    // theta = 0.2090 + 0.02 * 0.01 = 0.2092, just inside 12 degrees.
    env.reset(0);
    env.setState(0, 0, 0.2090, 0.01);
    assertFalse(env.step(1).terminated());
  }

  @Test
  void resetDrawsEachComponentInTheGymnasiumBoxAndDependsOnTheSeed() {
    CartPole env = new CartPole();
    double[] first = env.reset(7);
    for (long seed = 0; seed < 200; seed++) {
      double[] o = env.reset(seed);
      assertEquals(4, o.length);
      for (double v : o) {
        assertTrue(v >= -0.05 && v <= 0.05, "component " + v + " of seed " + seed);
      }
    }
    assertArrayEquals(first, env.reset(7));
    assertNotEquals(List.of(first[0]), List.of(env.reset(8)[0]));
  }

  @Test
  void sameSeedAndActionsGiveTheSameTrajectory() {
    assertEquals(trajectory(new CartPole(), 42), trajectory(new CartPole(), 42));
    assertNotEquals(trajectory(new CartPole(), 42), trajectory(new CartPole(), 43));
  }

  private static List<Step> trajectory(CartPole env, long seed) {
    List<Step> steps = new ArrayList<>();
    env.reset(seed);
    for (int t = 0; ; t++) {
      Step s = env.step((t * 7 / 3) % 2);
      steps.add(s);
      if (s.done()) {
        return steps;
      }
    }
  }

  @Test
  void aBalancingControllerIsTruncatedAtExactly500Steps() {
    // Push toward the side the pole falls to, with damping on the cart; it balances from
    // every reset state, so every episode is cut by the step limit.
    int truncations = 0;
    for (long seed = 0; seed < 20; seed++) {
      CartPole env = new CartPole();
      double[] o = env.reset(seed);
      int steps = 0;
      double total = 0;
      Step s;
      do {
        double u = 0.1 * o[0] + 0.5 * o[1] + 10 * o[2] + 2 * o[3];
        s = env.step(u > 0 ? 1 : 0);
        o = s.observation();
        steps++;
        total += s.reward();
      } while (!s.done());
      if (s.truncated() && !s.terminated()) {
        truncations++;
        assertEquals(500, steps);
        assertEquals(500.0, total);
      }
    }
    assertEquals(20, truncations);
  }

  @Test
  void aConstantPushFallsWithinAFewDozenSteps() {
    CartPole env = new CartPole();
    env.reset(3);
    int steps = 0;
    Step s;
    do {
      s = env.step(1);
      steps++;
    } while (!s.done());
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    assertTrue(steps > 5 && steps < 40, "fell after " + steps);
  }

  @Test
  void settingsChangeThePhysicsForTheAdaptationScenario() {
    CartPole longPole = (CartPole) Environments.create(
        "cartpole", Map.of("length", 1.0, "masspole", 0.2));
    assertEquals(new CartPole.Physics(9.8, 1.0, 0.2, 1.0, 10.0, 0.02), longPole.physics());
    CartPole heavy = (CartPole) Environments.create("cartpole", Map.of("gravity", 14.7));
    assertEquals(14.7, heavy.physics().gravity());

    // From rest, theta_acc = -temp / (length * (4/3 - masspole / M)): a pole twice as long
    // (and twice as heavy) turns less than half as fast under the same push.
    CartPole normal = new CartPole();
    normal.reset(0);
    normal.setState(0, 0, 0, 0);
    normal.step(1);
    longPole.reset(0);
    longPole.setState(0, 0, 0, 0);
    longPole.step(1);
    assertTrue(Math.abs(longPole.state()[3]) < Math.abs(normal.state()[3]));
  }

  @Test
  void truncationFollowsTheMaxStepsSetting() {
    Environment env = Environments.create("cartpole", Map.of("max_steps", 3.0));
    env.reset(1);
    assertFalse(env.step(0).done());
    assertFalse(env.step(1).done());
    Step last = env.step(0);
    assertTrue(last.truncated());
    assertFalse(last.terminated());
  }

  @Test
  void misuseIsRejected() {
    CartPole env = new CartPole();
    assertThrows(IllegalStateException.class, () -> env.step(0));
    env.reset(0);
    assertThrows(IllegalArgumentException.class, () -> env.step(2));
    assertThrows(IllegalArgumentException.class, () -> env.step(-1));
  }
}
