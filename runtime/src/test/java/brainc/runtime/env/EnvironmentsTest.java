package brainc.runtime.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory's names, defaults and error messages, and the {@link Step} record. */
class EnvironmentsTest {

  @Test
  void everyNameCreatesItsEnvironmentWithDefaults() {
    for (String name : Environments.NAMES) {
      Environment env = Environments.create(name, null);
      assertEquals(name, env.name());
      double[] o = env.reset(0);
      assertEquals(env.observationSize(), o.length);
      assertEquals(env.observationSize(), env.step(env.actions() - 1).observation().length);
    }
    Environment car = Environments.create("car_track");
    assertEquals(3, car.actions());
    assertEquals(3, car.observationSize());
    assertEquals(100, car.maxSteps());
    Environment pole = Environments.create("cartpole");
    assertEquals(2, pole.actions());
    assertEquals(4, pole.observationSize());
    assertEquals(500, pole.maxSteps());
    Environment grid = Environments.create("grid_world");
    assertEquals(5, grid.actions());
    assertEquals(25, grid.observationSize());
    assertEquals(16, grid.maxSteps());
  }

  @Test
  void anUnknownNameListsTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("mountain_car", Map.of()));
    assertEquals(
        "unknown environment 'mountain_car'; valid names: car_track, cartpole, grid_world",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Environments.create(null, Map.of()));
  }

  @Test
  void unknownSettingsListTheValidSettings() {
    Map<String, Double> settings = new LinkedHashMap<>();
    settings.put("pole_length", 1.0);
    settings.put("friction", 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("cartpole", settings));
    assertEquals("unknown settings friction, pole_length for cartpole; valid settings: "
        + "gravity, masscart, masspole, length, force_mag, tau, max_steps", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("grid_world", Map.of("noise", 0.2)));
    assertEquals("unknown setting noise for grid_world; valid settings: size, layout, slip, "
        + "obs_noise, goal_reward, step_reward, max_steps", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("car_track", Map.of("width", 10.0)));
    assertEquals("unknown setting width for car_track; valid settings: phase, lateral_step, "
        + "max_steps, track_seed", e.getMessage());
  }

  @Test
  void badValuesSayWhatIsAllowed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("grid_world", Map.of("slip", 1.5)));
    assertEquals("setting slip of grid_world must lie in [0.0, 1.0], got 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("grid_world", Map.of("size", 5.5)));
    assertEquals("setting size of grid_world must be an integer, got 5.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("cartpole", Map.of("length", "long")));
    assertTrue(e.getMessage().startsWith("setting length of cartpole must be a number"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Environments.create("grid_world", Map.of("layout", 2.0)));
    assertEquals("setting layout of grid_world must be one of open, cup (or its index 0..1), "
        + "got '2.0'", e.getMessage());
    Map<String, Object> nan = new HashMap<>();
    nan.put("gravity", Double.NaN);
    assertThrows(IllegalArgumentException.class, () -> Environments.create("cartpole", nan));
  }

  @Test
  void choicesAcceptNamesAndIndices() {
    GridWorld cup = (GridWorld) Environments.create(
        "grid_world", Map.of("layout", "cup", "size", 8.0));
    assertEquals("cup", cup.layout());
    assertEquals(28, cup.maxSteps());
    assertEquals("cup", ((GridWorld) Environments.create("grid_world", Map.of("layout", 1)))
        .layout());
  }

  @Test
  void stepIsAValueWithACopiedObservation() {
    double[] o = {1, 2};
    Step a = new Step(o, 1.5, false, true, Map.of("k", 3.0));
    o[0] = 99;
    assertArrayEquals(new double[] {1, 2}, a.observation());
    a.observation()[1] = 99;
    assertArrayEquals(new double[] {1, 2}, a.observation());
    assertEquals(a, new Step(new double[] {1, 2}, 1.5, false, true, Map.of("k", 3.0)));
    assertEquals(a.hashCode(),
        new Step(new double[] {1, 2}, 1.5, false, true, Map.of("k", 3.0)).hashCode());
    assertNotEquals(a, new Step(new double[] {1, 2}, 1.5, false, true));
    assertTrue(a.done());
    assertFalse(new Step(o, 0, false, false).done());
    assertThrows(UnsupportedOperationException.class, () -> a.info().put("x", 1.0));
    assertEquals("Step[observation=[1.0, 2.0], reward=1.5, terminated=false, truncated=true, "
        + "info={k=3.0}]", a.toString());
  }
}
