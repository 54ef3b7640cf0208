package brainc.samples;

import brainc.compiler.api.ModelException;
import brainc.compiler.api.PreparedRun;
import brainc.compiler.api.RunInstance;
import brainc.compiler.api.RunOptions;
import brainc.compiler.api.Runs;
import brainc.compiler.api.StepProgress;
import brainc.ir.kernel.KernelProgram;
import brainc.ir.model.IrModule;
import brainc.ir.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs {@code samples/distal_reward.brain} (or a variant of its text) and reads the weights: the
 * rewarded synapse {@code a -> b} and every other plastic synapse (the bulk). Pure brainc API, so
 * that {@code bench/distal_reward.sh} runs it as a source file against the CLI jar: {@code java
 * -cp compiler/target/brainc.jar samples/src/test/java/brainc/samples/DistalReward.java MODEL
 * [ENGINE]} prints the weights ten times over the run.
 */
public final class DistalReward {
  private DistalReward() {}

  /** The rewarded synapse's weight and the other plastic weights, sorted. */
  public record Weights(float rewarded, float[] bulk) {
    /** The fraction of the bulk at or above {@code w}. */
    public double fractionAtLeast(float w) {
      int n = 0;
      for (float x : bulk) if (x >= w) n++;
      return (double) n / bulk.length;
    }

    public float quantile(double q) {
      return bulk[(int) Math.min(bulk.length - 1, Math.floor(q * bulk.length))];
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "w(a->b) = %.3f; the other %d: median %.3f, 90th %.3f, 99th %.3f, %.2f %% at 1.8 or more (90 %% of the sample's w_max)",
          rewarded, bulk.length, quantile(0.5), quantile(0.9), quantile(0.99), 100 * fractionAtLeast(1.8f));
    }
  }

  /** The weights of a run at its step now. */
  public static Weights weights(RunInstance sim) {
    float rewarded = Float.NaN;
    float[] all = new float[0];
    for (KernelProgram.Buffer b : sim.simulation().program().buffers()) {
      if (!b.name().endsWith(".w")) continue;
      float[] w = (float[]) sim.simulation().memory().buffer(b.name());
      if (b.name().startsWith("a->b#1.")) {
        rewarded = w[0];
      } else {
        int n = all.length;
        all = Arrays.copyOf(all, n + w.length);
        System.arraycopy(w, 0, all, n, w.length);
      }
    }
    if (Float.isNaN(rewarded)) throw new IllegalStateException("no rewarded synapse a -> b in the program");
    Arrays.sort(all);
    return new Weights(rewarded, all);
  }

  /** Prepares the model's run on {@code engine}. */
  public static PreparedRun prepare(String text, String engine) throws ModelException {
    IrModule m = brainc.compiler.api.Compiler.lower(brainc.compiler.api.Compiler.check(SourceFile.of("distal_reward.brain", text)));
    return Runs.prepare(m, Runs.statements(m).get(0), RunOptions.DEFAULTS.withEngine(engine));
  }

  /** The weights at the end of the model's run. */
  public static Weights run(String text, String engine) throws ModelException {
    try (RunInstance sim = prepare(text, engine).instantiate()) {
      sim.finish(StepProgress.NONE);
      return weights(sim);
    }
  }

  public static void main(String[] args) throws IOException, ModelException {
    String text = Files.readString(Path.of(args[0]));
    long t0 = System.nanoTime();
    try (RunInstance sim = prepare(text, args.length > 1 ? args[1] : "jvm").instantiate()) {
      long tenth = Math.max(1, sim.steps() / 10);
      while (sim.step() < sim.steps()) {
        sim.advance(tenth, StepProgress.NONE);
        System.out.printf(Locale.ROOT, "step %d: %s (%.0f s wall)%n", sim.step(), weights(sim), (System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
