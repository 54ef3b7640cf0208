package brainc.compiler.spec;

import brainc.runtime.learn.LrSchedule;

/**
 * The `schedule` of a training, its settings complete. One implementation ({@link LrSchedule})
 * serves training on a dataset (per epoch) and in an environment (per episode).
 */
public sealed interface ScheduleSpec {
  /** The constructor's name in the language. */
  String name();

  LrSchedule schedule();

  /** Whether the factors depend on the number of epochs or episodes of the whole run. */
  default boolean dependsOnTotal() {
    return false;
  }

  record Constant() implements ScheduleSpec {
    @Override
    public String name() {
      return "constant";
    }

    @Override
    public LrSchedule schedule() {
      return LrSchedule.CONSTANT;
    }
  }

  record StepDecay(int every, double factor) implements ScheduleSpec {
    @Override
    public String name() {
      return "step_decay";
    }

    @Override
    public LrSchedule schedule() {
      return LrSchedule.stepDecay(every, factor);
    }
  }

  record Cosine() implements ScheduleSpec {
    @Override
    public String name() {
      return "cosine";
    }

    @Override
    public LrSchedule schedule() {
      return LrSchedule.cosine();
    }

    @Override
    public boolean dependsOnTotal() {
      return true;
    }
  }

  record PhaseReset(double decay) implements ScheduleSpec {
    @Override
    public String name() {
      return "phase_reset";
    }

    @Override
    public LrSchedule schedule() {
      return LrSchedule.phaseReset(decay);
    }
  }

  record WarmupCosine(int warmup) implements ScheduleSpec {
    @Override
    public String name() {
      return "warmup_cosine";
    }

    @Override
    public LrSchedule schedule() {
      return LrSchedule.warmupCosine(warmup);
    }

    @Override
    public boolean dependsOnTotal() {
      return true;
    }
  }
}
