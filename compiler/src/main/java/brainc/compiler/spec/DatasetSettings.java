package brainc.compiler.spec;

import brainc.ir.model.Call;
import brainc.ir.model.Ref;
import brainc.ir.model.TrainSpec;
import java.util.Optional;

/**
 * The settings of a `train ... on dataset` statement, complete: what the model gives, the
 * Catalog's defaults for the rest.
 *
 * @param loss the `loss` call, absent when the model has none (the checker reports it)
 * @param output the output the loss reads, absent when its argument is not an output's name
 */
public record DatasetSettings(int epochs, int batch, long seed, boolean shuffle, boolean detachReset,
    Optional<Call> loss, Optional<String> output, OptimizerSpec optimizer, ScheduleSpec schedule) {

  public static DatasetSettings of(TrainSpec t) {
    Specs.Args a = Specs.section("train_environment", "dataset_settings", t.settings());
    Optional<Call> loss = Specs.setting(t.settings(), "loss").filter(Call.class::isInstance).map(Call.class::cast);
    Optional<String> output = loss.filter(c -> !c.args().isEmpty() && c.args().get(0) instanceof Ref)
        .map(c -> ((Ref) c.args().get(0)).name());
    return new DatasetSettings(a.whole("epochs"), a.whole("batch"), a.wholeLong("seed"), a.flag("shuffle"),
        a.flag("detach_reset"), loss, output, Specs.optimizer(Specs.setting(t.settings(), "optimizer")),
        Specs.schedule(Specs.setting(t.settings(), "schedule")));
  }
}
