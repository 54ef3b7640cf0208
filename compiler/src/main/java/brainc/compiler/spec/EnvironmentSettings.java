package brainc.compiler.spec;

import brainc.ir.model.TrainSpec;

/**
 * The settings of a `train ... in environment` statement, complete: what the model gives, the
 * Catalog's defaults for the rest.
 *
 * @param efference seconds the network runs after an efference copy (0: none)
 */
public record EnvironmentSettings(int episodes, long seed, int steps, double efference, ScheduleSpec schedule) {

  public static EnvironmentSettings of(TrainSpec t) {
    Specs.Args a = Specs.section("train_environment", "settings", t.settings());
    return new EnvironmentSettings(a.whole("episodes"), a.wholeLong("seed"), a.whole("steps"), a.number("efference"),
        Specs.schedule(Specs.setting(t.settings(), "schedule")));
  }
}
