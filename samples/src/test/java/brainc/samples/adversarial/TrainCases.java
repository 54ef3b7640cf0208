package brainc.samples.adversarial;

import static brainc.samples.adversarial.Case.Kind.CONTRACTS;
import static brainc.samples.adversarial.Case.Kind.CRASHES;
import static brainc.samples.adversarial.Case.Kind.FILES;
import static brainc.samples.adversarial.Case.Kind.MESSAGES;
import static brainc.samples.adversarial.Case.Kind.NONFINITE;
import static brainc.samples.adversarial.Case.Kind.RESUME;
import static brainc.samples.adversarial.Case.Kind.SILENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brainc.compiler.cli.Brainc;
import brainc.runtime.io.NpyArray;
import brainc.runtime.io.NpzFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * `brainc train`, as a careless or hostile user runs it: flags out of range or for the other kind
 * of training, model values that make training meaningless, outputs that are inputs or files of
 * the user's, broken datasets, resumes under changed settings, kill -9 and Ctrl-C mid-run. Each
 * case uses a tiny dataset written by the case (24 training and 8 test images of 4 x 4 pixels)
 * or a two-episode environment run, so that it takes a fraction of a second.
 */
public final class TrainCases {
  /** The dataset model; line 11 is the optimizer, 12 epochs, 13 batch, 14 seed, 15 a free line. */
  static final String DATASET = """
      use brain.neurons.Leaky
      network Halves {
        input pixels[16] encode bernoulli(steps = 4)
        layer h = Leaky[6]
        layer out = Leaky[2]
        connect pixels -> h -> out dense
        output logits = spike_count(out)
      }
      train Halves on dataset fashion_mnist {
        loss cross_entropy(logits)
        optimizer adam(lr = 0.02)
        epochs 1
        batch 8
        seed 5
        EXTRA
      }
      """;

  /** The environment model; line 11 is the episodes, 12 steps, 13 seed, 14 a free line. */
  static final String ENVIRONMENT = """
      use brain.neurons.LIF
      use brain.synapses.RSTDP
      network Driver {
        input sensors[3] encode rate(max = 200 Hz)
        population net = LIF[30] { excitatory 80%, inhibitory 20%, v_rest = -52 mV }
        connect sensors -> net  weight 20 mV  all  via RSTDP, exp(tau = 5 ms)
        output action = argmax(pools(net, 3))
        signal dopamine = reward - baseline(rate = 0.1)
      }
      train Driver in environment car_track {
        episodes 2
        steps 15
        seed 3
        EXTRA
      }
      """;

  private static final String[] DS_ARGS = {"train", "$D/m.brain", "--data", "$D/data", "--out", "$D/o", "-q"};
  private static final String[] ENV_ARGS = {"train", "$D/m.brain", "--out", "$D/o", "-q"};

  private TrainCases() {}

  public static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    contracts(all);
    silent(all);
    files(all);
    crashes(all);
    resume(all);
    messages(all);
    return all;
  }

  @TestFactory
  Stream<DynamicTest> cases_() {
    return Adversarial.tests(cases());
  }

  // ---- class 1: flags and model values ----

  private static void contracts(List<Case> all) {
    String[][] dsFlags = {
        {"limit-zero", "--limit", "0", "--limit must be at least 1, not 0"},
        {"test-limit-zero", "--test-limit", "0", "--test-limit must be at least 1"},
        {"batch-zero", "--batch", "0", "--batch must be between 1 and 1048576, not 0"},
        {"batch-over-max", "--batch", "2000000", "--batch must be between 1 and 1048576"},
        {"epochs-zero", "--epochs", "0", "--epochs must be at least 1, not 0"},
        {"epochs-negative", "--epochs=-3", null, "--epochs must be at least 1, not -3"},
        {"threads-zero", "--threads", "0", "--threads must be between 1 and 1024"},
        {"threads-huge", "--threads", "100000", "--threads must be between 1 and 1024, not 100000"},
        {"seed-negative", "--seed=-1", null, "--seed must be a whole number of at least 0"},
        {"backend-unknown", "--backend", "cuda", "unknown --backend `cuda` (one of: jvm, interp)"},
        {"dump-ir-unknown-pass", "--dump-ir", "after:fold", "no training pass `fold`"},
        {"limit-not-a-number", "--limit", "ten", "--limit"},
    };
    for (String[] f : dsFlags) {
      all.add(dataset(CONTRACTS, "flag-" + f[0]).args(with(DS_ARGS, f[1], f[2])).usage(f[3]).absent("o")
          .absent("o.checkpoint"));
    }
    String[][] envFlags = {
        {"episodes-zero", "--episodes", "0", "--episodes must be at least 1, not 0"},
        {"episodes-negative", "--episodes=-5", null, "--episodes must be at least 1, not -5"},
        {"window-zero", "--window", "0ms", "--window must be between 0.1ms (one simulation step) and 60s, not 0ms"},
        {"window-negative", "--window=-5ms", null, "--window needs a time with a unit"},
        {"window-below-step", "--window", "0.01ms", "--window must be between 0.1ms"},
        {"window-huge", "--window", "100000s", "--window must be between 0.1ms (one simulation step) and 60s"},
        {"window-no-unit", "--window", "10", "--window needs a time with a unit"},
        {"window-not-time", "--window", "10mV", "is not a unit of time"},
        {"checkpoint-every-zero", "--checkpoint-every", "0", "--checkpoint-every must be at least 1"},
    };
    for (String[] f : envFlags) {
      all.add(environment(CONTRACTS, "flag-" + f[0]).args(with(ENV_ARGS, f[1], f[2])).usage(f[3]).absent("o"));
    }
    for (String flag : new String[] {"--episodes 3", "--window 5ms", "--trace $D/t.csv", "--no-curriculum",
        "--checkpoint-every 2"}) {
      String name = flag.split(" ")[0];
      all.add(dataset(CONTRACTS, "environment-flag-on-dataset" + name).args(with(DS_ARGS, flag.split(" ")))
          .usage(name + " applies to training in an environment, but `Halves` trains on a dataset").absent("o")
          .absent("t.csv"));
    }
    for (String flag : new String[] {"--limit 5", "--epochs 2", "--batch 4", "--data $D", "--threads 2", "--no-vector",
        "--test-limit 3", "--dump-ir after:differentiate"}) {
      String name = flag.split(" ")[0];
      all.add(environment(CONTRACTS, "dataset-flag-on-environment" + name).args(with(ENV_ARGS, flag.split(" ")))
          .usage(name + " applies to training on a dataset, but `Driver` trains in an environment").absent("o"));
    }
    // Values in the model: each an error with its code at the value, before any work.
    all.add(datasetSetting(CONTRACTS, "model-epochs-zero", 12, "epochs 0", "0", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-epochs-fraction", 12, "epochs 1.5", "1.5", "E0305"));
    all.add(datasetSetting(CONTRACTS, "model-batch-zero", 13, "batch 0", "0", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-batch-negative", 13, "batch -8", "-8", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-seed-negative", 14, "seed -1", "-1", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-lr-zero", 11, "optimizer adam(lr = 0)", "0", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-lr-negative", 11, "optimizer sgd(lr = -0.1)", "-0.1", "E0307"));
    all.add(datasetSetting(NONFINITE, "model-lr-infinite", 11, "optimizer sgd(lr = 1e300 * 1e300)", "1e300 * 1e300", "E0309"));
    all.add(datasetSetting(CONTRACTS, "model-beta1-one", 11, "optimizer adam(beta1 = 1)", "1", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-beta2-one", 11, "optimizer adam(beta2 = 1.0)", "1.0", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-eps-zero", 11, "optimizer adam(eps = 0)", "0", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-momentum-one", 11, "optimizer sgd(momentum = 1)", "1", "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-decay-factor-zero", 15, "schedule step_decay(every = 1, factor = 0)", "0",
        "E0307"));
    all.add(datasetSetting(CONTRACTS, "model-decay-every-zero", 15, "schedule step_decay(every = 0)", "0", "E0307"));
    all.add(environmentSetting(CONTRACTS, "model-episodes-zero", 11, "episodes 0", "0", "E0307"));
    all.add(environmentSetting(CONTRACTS, "model-episodes-negative", 11, "episodes -5", "-5", "E0307"));
    all.add(environmentSetting(CONTRACTS, "model-steps-zero", 12, "steps 0", "0", "E0307"));
    all.add(environmentSetting(CONTRACTS, "model-efference-of-an-hour", 14, "efference 3600 s", "3600 s", "E0307"));
    all.add(environmentSetting(CONTRACTS, "model-phase-reset-decay-zero", 14, "schedule phase_reset(decay = 0)", "0",
        "E0307"));
  }

  // ---- class 2: values that would make the result meaningless ----

  private static void silent(List<Case> all) {
    all.add(dataset(SILENT, "batch-larger-than-the-data-is-clamped-with-a-word").args(with(DS_ARGS, "--batch", "100000"))
        .exit(0).stderrHas("batch 100000 is more than the 24 training samples; using one batch of 24")
        .exists("o/weights.npz"));
    all.add(dataset(SILENT, "limit-larger-than-the-data-says-so").args(with(DS_ARGS, "--limit", "1000")).exit(0)
        .stderrHas("--limit 1000 is more than the 24 training samples").exists("o/weights.npz"));
    all.add(dataset(SILENT, "empty-training-set")
        .bytes("data/train-images-idx3-ubyte", idx(new byte[0], 0, 4, 4))
        .bytes("data/train-labels-idx1-ubyte", idx(new byte[0], 0))
        .args(DS_ARGS).exit(1).stderrHas("has no samples; there is nothing to train on").absent("o").absent("o.checkpoint"));
    all.add(dataset(SILENT, "empty-test-set")
        .bytes("data/t10k-images-idx3-ubyte", idx(new byte[0], 0, 4, 4))
        .bytes("data/t10k-labels-idx1-ubyte", idx(new byte[0], 0))
        .args(DS_ARGS).exit(1).stderrHas("has no samples; there is nothing to test on").absent("o"));
    all.add(dataset(SILENT, "label-beyond-the-outputs")
        .bytes("data/t10k-labels-idx1-ubyte", idx(new byte[] {0, 1, 0, 1, 9, 0, 1, 0}, 8))
        .args(DS_ARGS).exit(1).stderrHas("label 9 of sample 5, but `logits` has only 2 values").absent("o")
        .absent("o.checkpoint"));
    all.add(dataset(SILENT, "images-of-another-size")
        .bytes("data/train-images-idx3-ubyte", idx(new byte[24 * 9], 24, 3, 3))
        .args(DS_ARGS).exit(1).stderrHas("has 9 values per image but `input` of Halves has 16").absent("o"));
    all.add(dataset(SILENT, "test-images-of-another-size")
        .bytes("data/t10k-images-idx3-ubyte", idx(new byte[8 * 25], 8, 5, 5))
        .args(DS_ARGS).exit(1).stderrHas("t10k-images-idx3-ubyte[.gz] has 25 values per image").absent("o"));
    all.add(dataset(SILENT, "resume-of-a-finished-run-publishes-its-results-with-a-note")
        .setup(d -> brainc(d, with(DS_ARGS, "--out", "$D/first"))).args(with(DS_ARGS, "--out", "$D/again", "--checkpoint", "$D/first.checkpoint", "--resume"))
        .exit(0).stderrHas("has already run all 1 epoch; publishing its results (ask for more with --epochs)")
        .then(o -> assertArrayEquals(o.bytes("first/weights.npz"), o.bytes("again/weights.npz"))));
    all.add(dataset(SILENT, "resume-of-a-run-longer-than-asked-is-refused")
        .setup(d -> brainc(d, with(DS_ARGS, "--epochs", "3"))).args(with(DS_ARGS, "--epochs", "2", "--resume"))
        .exit(1).stderrHas("has already run 3 epochs, more than the 2 asked for"));
    all.add(environment(SILENT, "resume-of-a-finished-environment-run-says-so")
        .setup(d -> brainc(d, ENV_ARGS)).args(with(ENV_ARGS, "--resume"))
        .exit(0).stderrHas("has already run all 2 episodes; publishing its results"));
    all.add(environment(SILENT, "resume-of-an-environment-run-longer-than-asked-is-refused")
        .setup(d -> brainc(d, ENV_ARGS)).args(with(ENV_ARGS, "--resume", "--episodes", "1"))
        .exit(1).stderrHas("has already run 2 episodes, more than the 1 asked for"));
    all.add(environment(SILENT, "a-window-between-steps-is-rounded-with-a-word").args(with(ENV_ARGS, "--window", "0.26ms"))
        .exit(0).stderrHas("--window 0.26ms is not a whole number of 0.1 ms steps; using 3 steps (0.3 ms)"));
    all.add(environment(SILENT, "no-curriculum-without-a-curriculum").args(with(ENV_ARGS, "--no-curriculum"))
        .usage("--no-curriculum: `Driver` has no curriculum to leave out").absent("o"));
    all.add(dataset(SILENT, "a-diverging-run-stops-with-an-error-not-nan-weights").file("m.brain", model(DATASET, 11,
        "optimizer sgd(lr = 1e30)").replace("spike_count(out)", "membrane(out)").replace("cross_entropy(logits)", "mse(logits)"))
        .args(DS_ARGS).exit(1).stderrHas("training diverged: the loss became").stderrHas("lower the learning rate").absent("o"));
    all.add(dataset(SILENT, "test-limit-larger-than-the-test-set-says-so").args(with(DS_ARGS, "--test-limit", "50")).exit(0)
        .stderrHas("--test-limit 50 is more than the 8 test samples"));
  }

  // ---- class 3: the user's files ----

  private static void files(List<Case> all) {
    all.add(dataset(FILES, "checkpoint-is-a-file").file("ck", "my notes\n")
        .args(with(DS_ARGS, "--checkpoint", "$D/ck")).exit(1)
        .stderrHas("/ck exists and is not a folder").absent("o"));
    all.add(dataset(FILES, "checkpoint-is-a-link-to-the-model").setup(Adversarial.symlink("ck", "m.brain"))
        .args(with(DS_ARGS, "--checkpoint", "$D/ck")).exit(1).stderrHas("is not a folder").absent("o"));
    all.add(dataset(FILES, "checkpoint-is-a-users-folder").file("ck/thesis.tex", "\\section{x}\n")
        .args(with(DS_ARGS, "--checkpoint", "$D/ck")).exit(1).stderrHas("is a folder that brainc did not write (it holds "
            + "thesis.tex)").absent("o"));
    all.add(dataset(FILES, "checkpoint-is-the-data-folder").args(with(DS_ARGS, "--checkpoint", "$D/data")).exit(1)
        .stderrHas("holds the input").absent("o"));
    all.add(dataset(FILES, "checkpoint-inside-the-results").args(with(DS_ARGS, "--checkpoint", "$D/o/ck")).exit(1)
        .stderrHas("replaced as a whole when the run ends").absent("o"));
    all.add(dataset(FILES, "out-is-a-file").file("o", "precious\n").args(DS_ARGS).exit(1)
        .stderrHas("exists and is not a folder"));
    all.add(dataset(FILES, "out-is-the-model").args("train", "$D/m.brain", "--data", "$D/data", "--out", "$D/m.brain", "-q")
        .exit(1).stderrHas("is not a folder"));
    all.add(dataset(FILES, "out-is-the-data-folder").args("train", "$D/m.brain", "--data", "$D/data", "--out", "$D/data", "-q")
        .exit(1).stderrHas("brainc did not write"));
    all.add(dataset(FILES, "out-is-an-empty-folder-holding-nothing").setup(Adversarial.directory("o")).args(DS_ARGS).exit(0)
        .exists("o/manifest.json"));
    all.add(dataset(FILES, "out-is-a-users-folder").file("o/notes.txt", "mine\n").args(DS_ARGS).exit(1)
        .stderrHas("is a folder that brainc did not write").absent("o/weights.npz"));
    all.add(dataset(FILES, "out-below-a-file").file("f", "x\n").args(with(DS_ARGS, "--out", "$D/f/o")).exit(1)
        .stderrHas("is a file, not a folder"));
    all.add(dataset(FILES, "out-is-a-link-to-the-data").setup(Adversarial.symlink("o", "data")).args(DS_ARGS).exit(1)
        .stderrHas("brainc did not write"));
    all.add(environment(FILES, "trace-is-the-model").args(with(ENV_ARGS, "--trace", "$D/m.brain")).exit(1)
        .stderrHas("is the input").absent("o"));
    all.add(environment(FILES, "trace-is-a-folder").setup(Adversarial.directory("t")).args(with(ENV_ARGS, "--trace", "$D/t"))
        .exit(1).stderrHas("is a folder; name a file").absent("o"));
    all.add(environment(FILES, "trace-inside-the-results").args(with(ENV_ARGS, "--trace", "$D/o/t.csv")).exit(1)
        .stderrHas("lies inside the results folder").absent("o"));
    all.add(environment(FILES, "environment-checkpoint-is-a-file").file("ck", "mine\n")
        .args(with(ENV_ARGS, "--checkpoint", "$D/ck")).exit(1).stderrHas("is not a folder").absent("o"));
    all.add(dataset(FILES, "a-finished-run-publishes-results-with-a-manifest-and-the-checkpoint-beside").args(DS_ARGS)
        .exit(0).exists("o/manifest.json").exists("o/weights.npz").exists("o/metrics.csv").exists("o/learning_curve.svg")
        .exists("o.checkpoint/checkpoint.npz").absent("o/checkpoint")
        .then(o -> assertTrue(o.text("o/manifest.json").contains("\"model_sha256\""), o.toString())));
    all.add(environment(FILES, "an-environment-run-publishes-its-results-whole").args(ENV_ARGS).exit(0)
        .exists("o/manifest.json").exists("o/learning_curve.csv").exists("o/final").exists("o.checkpoint/state.npz")
        .absent("o/checkpoint"));
    all.add(environment(FILES, "environment-trace-written-outside-the-results").args(with(ENV_ARGS, "--trace", "$D/t.csv"))
        .output("t.csv").exit(0).exists("t.csv").then(o -> assertTrue(o.text("t.csv").startsWith("episode,step"))));
    all.add(environment(FILES, "trace-in-a-folder-not-yet-made").args(with(ENV_ARGS, "--trace", "$D/logs/run1/t.csv")).exit(0)
        .exists("logs/run1/t.csv").exists("o/manifest.json"));
    all.add(dataset(FILES, "a-second-run-replaces-the-first-results-whole").setup(d -> brainc(d, DS_ARGS))
        .args(with(DS_ARGS, "--seed", "7")).exit(0).then(o -> {
          assertTrue(o.text("o/manifest.json").contains("weights.npz"), o.toString());
          try (Stream<Path> s = Files.list(o.dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no staging folder left");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
    all.add(dataset(FILES, "several-statements-get-a-folder-each")
        .file("m.brain", DATASET.replace("EXTRA", "") + DATASET.substring(DATASET.indexOf("train ")).replace("EXTRA", ""))
        .args(DS_ARGS).exit(0).exists("o/Halves/weights.npz").exists("o/Halves-2/weights.npz")
        .exists("o.checkpoint/Halves/checkpoint.npz").exists("o.checkpoint/Halves-2/checkpoint.npz"));
  }

  // ---- class 4: what used to be internal errors, and broken datasets ----

  private static void crashes(List<Case> all) {
    all.add(dataset(CRASHES, "limit-negative").args(with(DS_ARGS, "--limit=-5")).usage("--limit must be at least 1, not -5"));
    all.add(dataset(CRASHES, "test-limit-negative").args(with(DS_ARGS, "--test-limit=-1"))
        .usage("--test-limit must be at least 1, not -1"));
    all.add(dataset(CRASHES, "truncated-images").bytes("data/train-images-idx3-ubyte",
        java.util.Arrays.copyOf(images(24, 1), 200)).args(DS_ARGS).exit(1)
        .stderrHas("train-images-idx3-ubyte: truncated: its header declares [24, 4, 4]").absent("o"));
    all.add(dataset(CRASHES, "truncated-labels").bytes("data/train-labels-idx1-ubyte",
        java.util.Arrays.copyOf(labels(24, 1), 12)).args(DS_ARGS).exit(1).stderrHas("train-labels-idx1-ubyte: truncated"));
    all.add(dataset(CRASHES, "header-claims-a-gigabyte").bytes("data/train-images-idx3-ubyte",
        idx(new byte[16], 1 << 30, 1, 1)).args(DS_ARGS).exit(1).stderrHas("truncated"));
    all.add(dataset(CRASHES, "gzip-header-claims-a-gigabyte").bytes("data/train-images-idx3-ubyte.gz",
        gzip(idx(new byte[16], 1 << 30, 1, 1))).setup(delete("data/train-images-idx3-ubyte")).args(DS_ARGS).exit(1)
        .stderrHas("truncated"));
    all.add(dataset(CRASHES, "corrupt-gzip").bytes("data/train-images-idx3-ubyte.gz", new byte[] {31, -117, 8, 0, 1, 2, 3})
        .setup(delete("data/train-images-idx3-ubyte")).args(DS_ARGS).exit(1).stderrHas("gzip"));
    all.add(dataset(CRASHES, "empty-image-file").bytes("data/train-images-idx3-ubyte", new byte[0]).args(DS_ARGS).exit(1)
        .stderrHas("train-images-idx3-ubyte: truncated"));
    all.add(dataset(CRASHES, "images-file-is-text").file("data/train-images-idx3-ubyte", "id,pixels\n1,0 0 0\n")
        .args(DS_ARGS).exit(1).stderrHas("not an IDX file"));
    all.add(dataset(CRASHES, "images-of-floats").bytes("data/train-images-idx3-ubyte", floats(24 * 16, 24, 4, 4))
        .args(DS_ARGS).exit(1).stderrHas("expected unsigned-byte images"));
    all.add(dataset(CRASHES, "labels-of-two-dimensions").bytes("data/train-labels-idx1-ubyte", idx(new byte[24], 12, 2))
        .args(DS_ARGS).exit(1).stderrHas("expected a vector of byte labels"));
    all.add(dataset(CRASHES, "fewer-labels-than-images").bytes("data/train-labels-idx1-ubyte", labels(20, 1))
        .args(DS_ARGS).exit(1).stderrHas("has 20 labels but").stderrHas("has 24 images"));
    all.add(dataset(CRASHES, "trailing-bytes-after-the-images").bytes("data/train-images-idx3-ubyte",
        concat(images(24, 1), new byte[] {1, 2, 3})).args(DS_ARGS).exit(1).stderrHas("3 bytes after"));
    all.add(dataset(CRASHES, "images-file-is-a-folder").setup(delete("data/train-images-idx3-ubyte"))
        .setup(Adversarial.directory("data/train-images-idx3-ubyte")).args(DS_ARGS).exit(1).stderrHas("is a folder, not an IDX file"));
    all.add(dataset(CRASHES, "data-is-a-file").file("d.txt", "x\n").args(with(DS_ARGS, "--data", "$D/d.txt")).exit(1)
        .stderrHas("is a file, not the folder of a dataset's IDX files"));
    all.add(dataset(CRASHES, "data-is-missing").args(with(DS_ARGS, "--data", "$D/nowhere")).exit(1)
        .stderrHas("nowhere does not exist").stderrHas("--data DIR"));
    all.add(dataset(CRASHES, "resume-without-a-checkpoint").args(with(DS_ARGS, "--resume")).exit(1)
        .stderrHas("cannot resume: no checkpoint at").absent("o"));
    all.add(dataset(CRASHES, "resume-from-a-corrupt-checkpoint").file("o.checkpoint/checkpoint.npz", "not a zip\n")
        .args(with(DS_ARGS, "--resume")).exit(1).stderrHas("cannot resume").absent("o"));
    all.add(dataset(CRASHES, "resume-from-a-checkpoint-without-a-record").setup(d -> {
      try {
        Files.createDirectories(d.resolve("o.checkpoint"));
        NpzFile.write(d.resolve("o.checkpoint/checkpoint.npz"), Map.of("meta", NpyArray.of(new double[] {1, 3, 5})));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).args(with(DS_ARGS, "--resume", "--epochs", "2")).exit(1).stderrHas("was written by an older brainc")
        .stderrHas("start afresh without --resume"));
    all.add(dataset(CRASHES, "batch-too-large-for-memory-is-refused-before-training")
        .file("m.brain", DATASET.replace("pixels[16] encode bernoulli(steps = 4)", "pixels[784] encode bernoulli(steps = 100)")
            .replace("Leaky[6]", "Leaky[3000]").replace("EXTRA", ""))
        .bytes("data/train-images-idx3-ubyte", idx(new byte[3000 * 784], 3000, 28, 28))
        .bytes("data/train-labels-idx1-ubyte", idx(new byte[3000], 3000))
        .bytes("data/t10k-images-idx3-ubyte", idx(new byte[4 * 784], 4, 28, 28))
        .bytes("data/t10k-labels-idx1-ubyte", idx(new byte[4], 4))
        .args(with(DS_ARGS, "--batch", "3000")).exit(1).stderrHas("a batch of 3000 needs about")
        .stderrHas("use a smaller --batch (about").absent("o").absent("o.checkpoint"));
    all.add(dataset(FILES, "out-inside-the-checkpoint-folder").args(with(DS_ARGS, "--checkpoint", "$D/ck", "--out", "$D/ck/o"))
        .exit(1).stderrHas("lies inside the checkpoint folder").absent("ck"));
    all.add(environment(CRASHES, "environment-resume-without-a-checkpoint").args(with(ENV_ARGS, "--resume")).exit(1)
        .stderrHas("cannot resume").absent("o"));
  }

  // ---- class 6: resuming under changed settings ----

  private static void resume(List<Case> all) {
    String[] first = with(DS_ARGS, "--epochs", "1");
    String[] more = with(DS_ARGS, "--epochs", "2", "--resume");
    all.add(dataset(RESUME, "other-batch").setup(d -> brainc(d, first)).args(with(more, "--batch", "4")).exit(1)
        .stderrHas("batch: 8 in the checkpoint, 4 now"));
    all.add(dataset(RESUME, "other-limit").setup(d -> brainc(d, first)).args(with(more, "--limit", "10")).exit(1)
        .stderrHas("training samples: 24 in the checkpoint, 10 now"));
    all.add(dataset(RESUME, "other-test-limit").setup(d -> brainc(d, first)).args(with(more, "--test-limit", "3")).exit(1)
        .stderrHas("test samples: 8 in the checkpoint, 3 now"));
    all.add(dataset(RESUME, "other-seed").setup(d -> brainc(d, first)).args(with(more, "--seed", "6")).exit(1)
        .stderrHas("seed: 5 in the checkpoint, 6 now"));
    all.add(dataset(RESUME, "several-fields-differ-each-named").setup(d -> brainc(d, first))
        .args(with(more, "--seed", "6", "--batch", "4")).exit(1)
        .stderrHas("seed: 5 in the checkpoint, 6 now").stderrHas("batch: 8 in the checkpoint, 4 now"));
    all.add(dataset(RESUME, "other-optimizer").setup(d -> brainc(d, first))
        .setup(edit("m.brain", "adam(lr = 0.02)", "sgd(lr = 0.02)")).args(more).exit(1)
        .stderrHas("optimizer: adam(lr = 0.02, beta1 = 0.9, beta2 = 0.999, eps = 1.0E-8, weight_decay = 0) in the checkpoint, sgd(lr = 0.02, momentum = 0, weight_decay = 0) now").stderrHas("model: "));
    all.add(dataset(RESUME, "other-learning-rate").setup(d -> brainc(d, first))
        .setup(edit("m.brain", "adam(lr = 0.02)", "adam(lr = 0.01)")).args(more).exit(1)
        .stderrHas("optimizer: adam(lr = 0.02, beta1").stderrHas("in the checkpoint, adam(lr = 0.01, beta1"));
    all.add(dataset(RESUME, "other-schedule").setup(d -> brainc(d, first))
        .setup(edit("m.brain", "  seed 5", "  seed 5\n  schedule step_decay(every = 1)")).args(more).exit(1)
        .stderrHas("schedule: constant() in the checkpoint, step_decay(every = 1, factor = 0.1) now"));
    all.add(dataset(RESUME, "other-shuffle").setup(d -> brainc(d, first))
        .setup(edit("m.brain", "  seed 5", "  seed 5\n  shuffle false")).args(more).exit(1)
        .stderrHas("shuffle: true in the checkpoint, false now"));
    all.add(dataset(RESUME, "only-a-comment-added-to-the-model").setup(d -> brainc(d, first))
        .setup(edit("m.brain", "  seed 5", "  seed 5 // tried a comment")).args(more).exit(1).stderrHas("model: "));
    all.add(dataset(RESUME, "other-test-data").setup(d -> brainc(d, first))
        .setup(write("data/t10k-labels-idx1-ubyte", idx(new byte[] {1, 1, 1, 1, 0, 0, 0, 0}, 8))).args(more).exit(1)
        .stderrHas("t10k-labels-idx1-ubyte").stderrHas("in the checkpoint"));
    all.add(dataset(RESUME, "cosine-schedule-with-other-epochs").file("m.brain", model(DATASET, 15,
        "schedule cosine()")).setup(d -> brainc(d, with(DS_ARGS, "--epochs", "2"))).args(with(DS_ARGS, "--epochs", "3",
        "--resume")).exit(1).stderrHas("epochs: 2 in the checkpoint, 3 now"));
    all.add(dataset(RESUME, "other-statement").file("m.brain", DATASET.replace("EXTRA", "") + DATASET.substring(
        DATASET.indexOf("train ")).replace("EXTRA", ""))
        .setup(d -> brainc(d, with(DS_ARGS, "--checkpoint", "$D/ck")))
        .setup(d -> {
          try {
            Files.move(d.resolve("ck/Halves-2/checkpoint.npz"), d.resolve("ck/Halves/checkpoint.npz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).args(with(DS_ARGS, "--checkpoint", "$D/ck", "--epochs", "2", "--resume")).exit(1)
        .stderrHas("statement: train Halves on dataset fashion_mnist (statement 2) in the checkpoint"));
    all.add(dataset(RESUME, "more-epochs-on-a-constant-schedule-is-allowed").setup(d -> brainc(d, first)).args(more)
        .exit(0).then(o -> assertEquals(3, lines(o, "o/metrics.csv"))));
    all.add(dataset(RESUME, "other-threads-backend-and-kernels-may-differ").setup(d -> brainc(d, first))
        .args(with(more, "--threads", "3", "--no-vector")).exit(0).exists("o/weights.npz"));
    all.add(dataset(RESUME, "resumed-with-another-thread-count-ends-bit-identical").file("m.brain", model(DATASET, 13, "batch 24"))
        .setup(d -> brainc(d, with(DS_ARGS, "--epochs", "3", "--out", "$D/whole")))
        .setup(d -> brainc(d, with(DS_ARGS, "--epochs", "1")))
        .args(with(DS_ARGS, "--epochs", "3", "--threads", "2", "--resume")).exit(0)
        .then(o -> assertArrayEquals(o.bytes("whole/weights.npz"), o.bytes("o/weights.npz"), "weights")));
    for (int k = 0; k < 3; k++) {
      long seed = 11 + k;
      all.add(dataset(RESUME, "kill-9-at-a-random-point-then-resume-ends-bit-identical-" + (k + 1))
          .file("m.brain", model(DATASET, 12, "epochs 30"))
          .args(with(DS_ARGS, "--out", "$D/whole")).exit(0)
          .then(o -> killAndResume(o, seed, false)));
    }
    all.add(dataset(RESUME, "ctrl-c-stops-at-a-batch-keeps-the-checkpoint-and-resumes-bit-identical")
        .file("m.brain", model(DATASET, 12, "epochs 30"))
        .args(with(DS_ARGS, "--out", "$D/whole")).exit(0)
        .then(o -> killAndResume(o, 7, true)));
    for (int k = 0; k < 2; k++) {
      long seed = 21 + k;
      boolean sigint = k == 1;
      String[] args = with(ENV_ARGS, "--checkpoint-every", "1");
      all.add(environment(RESUME, "environment-" + (sigint ? "ctrl-c" : "kill-9") + "-then-resume-ends-bit-identical")
          .file("m.brain", model(ENVIRONMENT, 11, "episodes 12"))
          .args(with(args, "--out", "$D/whole", "--checkpoint", "$D/whole.checkpoint")).exit(0)
          .then(o -> killAndResume(o, seed, sigint, args, "o.checkpoint/state.npz",
              List.of("learning_curve.csv"), "the checkpoint after episode", 13, "learning_curve.csv")));
    }
    all.add(environment(RESUME, "environment-other-window").setup(d -> brainc(d, with(ENV_ARGS, "--episodes", "1")))
        .args(with(ENV_ARGS, "--resume", "--window", "5ms")).exit(1)
        .stderrHas("window: 100 steps of 1.0E-4 s in the checkpoint, 50 steps of 1.0E-4 s now"));
    all.add(environment(RESUME, "environment-other-seed").setup(d -> brainc(d, with(ENV_ARGS, "--episodes", "1")))
        .args(with(ENV_ARGS, "--resume", "--seed", "4")).exit(1).stderrHas("seed: 3 in the checkpoint, 4 now"));
    all.add(environment(RESUME, "environment-more-episodes-resumes").setup(d -> brainc(d, with(ENV_ARGS, "--episodes", "1")))
        .args(with(ENV_ARGS, "--resume")).exit(0).then(o -> assertEquals(3, lines(o, "o/learning_curve.csv"))));
  }

  // ---- class 8: messages a person can act on ----

  private static void messages(List<Case> all) {
    all.add(dataset(MESSAGES, "missing-dataset-names-the-path-and-the-flag").args(with(DS_ARGS, "--data", "$D/none"))
        .exit(1).stderrHas("dataset `fashion_mnist` not found").stderrHas("give the directory of the IDX files with --data DIR"));
    all.add(dataset(MESSAGES, "a-flag-for-the-other-kind-lists-the-right-flags").args(with(DS_ARGS, "--episodes", "2"))
        .usage("(its flags: --epochs, --batch, --data"));
    all.add(environment(MESSAGES, "a-dataset-flag-on-an-environment-lists-the-right-flags").args(with(ENV_ARGS, "--limit", "2"))
        .usage("(its flags: --episodes, --window, --no-curriculum, --checkpoint-every, --trace)"));
    all.add(dataset(MESSAGES, "model-not-utf8").bytes("m.brain", new byte[] {'n', 'e', (byte) 0xff, (byte) 0xfe, '\n'})
        .args(DS_ARGS).exit(1).stderrHas("UTF-8").stderrLacks("Input length"));
    all.add(dataset(MESSAGES, "labels-not-idx-name-the-file").file("data/t10k-labels-idx1-ubyte", "cat,dog\n")
        .args(DS_ARGS).exit(1).stderrHas("t10k-labels-idx1-ubyte: not an IDX file").stderrLacks("Input length"));
    all.add(dataset(MESSAGES, "a-refused-resume-says-what-to-do").setup(d -> brainc(d, DS_ARGS))
        .args(with(DS_ARGS, "--epochs", "2", "--resume", "--seed", "1")).exit(1)
        .stderrHas("run with the checkpoint's settings, or start afresh without --resume"));
    all.add(dataset(MESSAGES, "starting-afresh-over-a-checkpoint-says-so").setup(d -> brainc(d, DS_ARGS))
        .args("train", "$D/m.brain", "--data", "$D/data", "--out", "$D/o").exit(0)
        .stderrHas("starting afresh; the checkpoint").stderrHas("--resume continues it"));
    all.add(dataset(MESSAGES, "help-documents-the-checkpoint-folder").args("train", "--help").exit(0)
        .stdoutHas("<out>.checkpoint"));
  }

  // ---- the situations ----

  static Case dataset(Case.Kind kind, String name) {
    return Case.of(kind, name).file("m.brain", model(DATASET, 15, ""))
        .bytes("data/train-images-idx3-ubyte", images(24, 1)).bytes("data/train-labels-idx1-ubyte", labels(24, 1))
        .bytes("data/t10k-images-idx3-ubyte", images(8, 2)).bytes("data/t10k-labels-idx1-ubyte", labels(8, 2));
  }

  static Case environment(Case.Kind kind, String name) {
    return Case.of(kind, name).file("m.brain", model(ENVIRONMENT, 14, ""));
  }

  /** The model with line {@code line} (1-based) replaced by {@code setting}, indented as the others. */
  static String model(String template, int line, String setting) {
    String[] lines = template.split("\n", -1);
    lines[line - 1] = setting.isEmpty() ? "" : "  " + setting;
    return String.join("\n", lines).replace("  EXTRA", "");
  }

  private static Case datasetSetting(Case.Kind kind, String name, int line, String setting, String value, String code) {
    int col = 3 + setting.lastIndexOf(value);
    return dataset(kind, name).file("m.brain", model(DATASET, line, setting)).args(DS_ARGS)
        .error(code, line, col, col + value.length()).absent("o").absent("o.checkpoint");
  }

  private static Case environmentSetting(Case.Kind kind, String name, int line, String setting, String value, String code) {
    int col = 3 + setting.lastIndexOf(value);
    return environment(kind, name).file("m.brain", model(ENVIRONMENT, line, setting)).args(ENV_ARGS)
        .error(code, line, col, col + value.length()).absent("o");
  }

  /** Two classes: the bright half of a 4 x 4 image is the left or the right one. */
  static byte[] images(int n, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[n * 16];
    for (int s = 0; s < n; s++) {
      int c = label(s, seed);
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) px[s * 16 + y * 4 + x] = (byte) ((x < 2) == (c == 0) ? 200 + r.nextInt(56) : r.nextInt(40));
      }
    }
    return idx(px, n, 4, 4);
  }

  static byte[] labels(int n, long seed) {
    byte[] l = new byte[n];
    for (int s = 0; s < n; s++) l[s] = (byte) label(s, seed);
    return idx(l, n);
  }

  private static int label(int s, long seed) {
    return (int) ((s * 7 + seed) % 2);
  }

  static byte[] idx(byte[] data, int... shape) {
    return header(0x08, data, shape);
  }

  private static byte[] floats(int count, int... shape) {
    return header(0x0D, new byte[count * 4], shape);
  }

  private static byte[] header(int type, byte[] data, int... shape) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt((type << 8) | shape.length);
      for (int d : shape) out.writeInt(d);
      out.write(data);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
        z.write(data);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The arguments with some replaced ({@code --flag value} pairs whose flag is present) or appended. */
  static String[] with(String[] base, String... extra) {
    List<String> out = new ArrayList<>(List.of(base));
    for (int i = 0; i < extra.length; i++) {
      String e = extra[i];
      if (e == null) continue;
      boolean pair = e.startsWith("--") && !e.contains("=") && i + 1 < extra.length && extra[i + 1] != null
          && !extra[i + 1].startsWith("--");
      int at = out.indexOf(e);
      if (pair && at >= 0 && at + 1 < out.size()) {
        out.set(at + 1, extra[++i]);
      } else {
        out.add(e);
        if (pair) out.add(extra[++i]);
      }
    }
    return out.toArray(new String[0]);
  }

  private static java.util.function.Consumer<Path> delete(String relative) {
    return d -> {
      try {
        Files.deleteIfExists(d.resolve(relative));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static java.util.function.Consumer<Path> edit(String relative, String from, String to) {
    return d -> {
      try {
        Path p = d.resolve(relative);
        Files.writeString(p, Files.readString(p).replace(from, to));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static java.util.function.Consumer<Path> write(String relative, byte[] bytes) {
    return d -> {
      try {
        Files.write(d.resolve(relative), bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static int lines(Outcome o, String relative) {
    return (int) o.text(relative).lines().count();
  }

  /** Runs brainc in process in {@code dir} (for a case's setup); an earlier step that fails fails the case. */
  static Outcome brainc(Path dir, String... args) {
    String[] a = new String[args.length];
    for (int i = 0; i < a.length; i++) a[i] = args[i].replace("$D", dir.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Brainc.execute(a, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    if (code != 0) throw new IllegalStateException("setup `brainc " + String.join(" ", a) + "` exited " + code + ":\n" + err);
    return null;
  }

  /**
   * Trains the case's model in a process of its own, stops it at a random point after its first
   * checkpoint (kill -9, or Ctrl-C when {@code sigint}), then resumes in process: the weights
   * must be those of the uninterrupted run in {@code whole/}, and nothing partial may have been
   * published in {@code o/}.
   */
  private static void killAndResume(Outcome o, long seed, boolean sigint) {
    killAndResume(o, seed, sigint, DS_ARGS, "o.checkpoint/checkpoint.npz", List.of("weights.npz"), "during epoch", 31,
        "metrics.csv");
  }

  private static void killAndResume(Outcome o, long seed, boolean sigint, String[] args, String checkpointFile,
      List<String> same, String where, int rows, String table) {
    try {
      Path dir = o.dir;
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Brainc.class.getName()));
      for (String a : args) cmd.add(a.replace("$D", dir.toString()));
      Path log = dir.resolve("process.err");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      Path checkpoint = dir.resolve(checkpointFile);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
      Thread.sleep(new Random(seed).nextInt(150));
      boolean stopped = p.isAlive();
      if (sigint) {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      } else {
        p.destroyForcibly();
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the training process did not end");
      String said = Files.readString(log);
      // A process started where SIGINT is ignored (a background job of a shell without job control)
      // inherits that, as every program does, and runs to its end; then only the weights are compared.
      boolean ignored = sigint && p.exitValue() == 0 && !said.contains("interrupted");
      if (stopped && !ignored) {
        if (sigint) {
          assertEquals(130, p.exitValue(), said);
          assertTrue(said.contains("brainc: interrupted; " + where) && said.contains("continue with --resume"), said);
        }
        assertFalse(Files.exists(dir.resolve("o/manifest.json")), "a stopped run published results:\n" + said);
        assertTrue(Files.exists(checkpoint), "the last complete checkpoint is gone:\n" + said);
        brainc(dir, with(args, "--resume"));
      }
      for (String f : same) {
        assertArrayEquals(o.bytes("whole/" + f), o.bytes("o/" + f), "resumed " + f + " differs\n" + said);
      }
      if (Files.isDirectory(dir.resolve("whole/final"))) {
        try (Stream<Path> files = Files.list(dir.resolve("whole/final"))) {
          for (Path f : files.toList()) {
            String name = "final/" + f.getFileName();
            assertArrayEquals(o.bytes("whole/" + name), o.bytes("o/" + name), "resumed " + name + " differs\n" + said);
          }
        }
      }
      assertEquals(rows, lines(o, "o/" + table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
