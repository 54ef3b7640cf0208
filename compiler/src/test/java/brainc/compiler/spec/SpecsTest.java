package brainc.compiler.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brainc.compiler.api.Compiler;
import brainc.compiler.sema.Catalog;
import brainc.ir.model.IrModule;
import brainc.ir.model.TrainSpec;
import brainc.ir.source.SourceFile;
import brainc.runtime.learn.LrSchedule;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Training specs are built once from the Catalog: what a model leaves out is the Catalog's default. */
class SpecsTest {
  private static TrainSpec train(String settings, String kind) throws Exception {
    String text = """
        use brain.neurons.Leaky
        network F {
          input pixels[4] encode bernoulli(steps = 5)
          layer out = Leaky[2]
          connect pixels -> out dense
          output logits = spike_count(out)
        }
        """ + (kind.equals("dataset") ? "train F on dataset fashion_mnist { loss cross_entropy(logits)\n" + settings + "\n}\n"
        : "train F in environment grid_world {\n" + settings + "\n}\n");
    IrModule m = Compiler.lower(Compiler.check(SourceFile.of("m.brain", text)));
    return m.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).findFirst().orElseThrow();
  }

  private static double dflt(String family, String name, String param) {
    return ((Number) Catalog.lookup(family, name).orElseThrow().param(param).orElseThrow().defaultValue().orElseThrow())
        .doubleValue();
  }

  @Test
  void aDatasetTrainingWithoutSettingsHasTheCatalogsDefaults() throws Exception {
    DatasetSettings s = DatasetSettings.of(train("", "dataset"));
    assertEquals((int) dflt("train_environment", "dataset_settings", "epochs"), s.epochs());
    assertEquals((int) dflt("train_environment", "dataset_settings", "batch"), s.batch());
    assertEquals(new OptimizerSpec.Adam(dflt("optimizer", "adam", "lr"), dflt("optimizer", "adam", "beta1"),
        dflt("optimizer", "adam", "beta2"), dflt("optimizer", "adam", "eps"), dflt("optimizer", "adam", "weight_decay")),
        s.optimizer());
    assertEquals(new ScheduleSpec.Constant(), s.schedule());
    assertEquals(Optional.of("logits"), s.output());
  }

  @Test
  void givenArgumentsAreReadAndTheRestDefaulted() throws Exception {
    DatasetSettings s = DatasetSettings.of(train("optimizer sgd(lr = 0.5)\nschedule warmup_cosine()\nepochs 3", "dataset"));
    assertEquals(new OptimizerSpec.Sgd(0.5, dflt("optimizer", "sgd", "momentum"), dflt("optimizer", "sgd", "weight_decay")),
        s.optimizer());
    assertEquals(new ScheduleSpec.WarmupCosine((int) dflt("schedule", "warmup_cosine", "warmup")), s.schedule());
    assertEquals(3, s.epochs());
    EnvironmentSettings e = EnvironmentSettings.of(train("schedule step_decay(every = 4)\nepisodes 9", "environment"));
    assertEquals(new ScheduleSpec.StepDecay(4, dflt("schedule", "step_decay", "factor")), e.schedule());
    assertEquals(9, e.episodes());
    assertEquals((int) dflt("train_environment", "settings", "steps"), e.steps());
  }

  @Test
  void encodersWithoutArgumentsHaveTheCatalogsDefaults() {
    assertEquals(new EncoderSpec.Bernoulli((int) dflt("encoder", "bernoulli", "steps"), dflt("encoder", "bernoulli", "gain")),
        Specs.encoder(new brainc.ir.model.StrConst("bernoulli")));
    assertEquals(new EncoderSpec.Fields((int) dflt("encoder", "fields", "count"), dflt("encoder", "fields", "width"),
        dflt("encoder", "fields", "max")), Specs.encoder(new brainc.ir.model.StrConst("fields")));
  }

  @Test
  void oneWarmUpFormulaForEpochsAndEpisodes() {
    LrSchedule s = new ScheduleSpec.WarmupCosine(3).schedule();
    assertEquals(0.25, s.factor(0, 10), 1e-15);
    assertEquals(0.75, s.factor(2, 10), 1e-15);
    assertEquals(1.0, s.factor(3, 10), 1e-15);
    // In an environment the episode count into a phase does not change it; phase_reset reads only that.
    assertEquals(s.factor(2, 10), s.factor(2, 0, 10));
    assertEquals(0.81, new ScheduleSpec.PhaseReset(0.9).schedule().factor(7, 2, 10), 1e-15);
  }
}
