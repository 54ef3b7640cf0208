package brainc.compiler.api;

import brainc.compiler.driver.Analysis;
import brainc.compiler.lower.Lowering;
import brainc.compiler.passes.TrainCheck;
import brainc.compiler.sema.Catalog;
import brainc.compiler.sema.Signature;
import brainc.ir.diag.Diagnostic;
import brainc.ir.model.BoolConst;
import brainc.ir.model.Call;
import brainc.ir.model.Const;
import brainc.ir.model.Expr;
import brainc.ir.model.IrModule;
import brainc.ir.model.Ref;
import brainc.ir.model.Setting;
import brainc.ir.model.TrainSpec;
import brainc.ir.rewrite.ConstantFolding;
import brainc.ir.source.SourceFile;
import brainc.ir.targets.ProgramKind;
import brainc.ir.targets.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The `train` statements of a model as one run: what {@code brainc train} plans before any
 * statement trains (the statements, their sub-folders, the model's hash, the files that must not
 * be written over), and what both kinds of training share. A statement is trained by {@link
 * DatasetTrainingRun} or {@link EnvironmentTraining}.
 */
public final class Trainings {
  private Trainings() {}

  /**
   * A model's `train` statements, planned.
   *
   * @param subs each statement's sub-folder of the results and checkpoints ("" for a model's only statement)
   * @param modelHash the SHA-256 of the model's sources, which a checkpoint records
   * @param inputs the model's files and the datasets' files: no output may replace them
   */
  public record Plan(IrModule module, List<TrainSpec> statements, List<String> subs, String modelHash, List<Path> inputs) {
    /** The same plan with one more file that no output may replace (an --init archive). */
    public Plan withInput(Path file) {
      List<Path> more = new ArrayList<>(inputs);
      more.add(file);
      return new Plan(module, statements, subs, modelHash, List.copyOf(more));
    }
  }

  /** Plans the training of a checked model ({@code data}: the --data folder, or null). */
  public static Plan plan(Path file, Analysis analysis, Path data) {
    IrModule module = Lowering.lower(analysis);
    List<TrainSpec> trains = module.decls().stream().filter(d -> d instanceof TrainSpec).map(d -> (TrainSpec) d).toList();
    List<String> texts = new ArrayList<>();
    for (SourceFile f : analysis.sources().values()) texts.add(f.text());
    Collections.sort(texts);
    List<Path> inputs = new ArrayList<>();
    inputs.add(file);
    for (SourceFile f : analysis.sources().values()) {
      Path p = Path.of(f.id().name());
      if (Files.isRegularFile(p)) inputs.add(p);
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<String> subs = new ArrayList<>();
    for (TrainSpec t : trains) {
      int k = seen.merge(t.target(), 1, Integer::sum);
      subs.add(trains.size() == 1 ? "" : k == 1 ? t.target() : t.target() + "-" + k);
      if (t.sourceKind().equals(TrainSpec.DATASET)) inputs.addAll(DatasetTrainingRun.files(DatasetTrainingRun.dataDir(t, data)));
    }
    return new Plan(module, trains, subs, Fingerprints.sha256(texts), inputs);
  }

  /** What the model's text makes untrainable, as errors, before any data is read or any file written. */
  public static List<Diagnostic> refusals(Plan plan) {
    List<Diagnostic> refused = new ArrayList<>();
    for (TrainSpec t : plan.statements()) refused.addAll(TrainCheck.refusals(plan.module(), t));
    return refused.stream().distinct().toList();
  }

  /** Checks the results folder, the checkpoint folder and the trace file before any work (see {@link TrainOutputs}). */
  public static void checkOutputs(Plan plan, Path out, Path checkpoints, Path trace) throws IOException {
    TrainOutputs.check(out, checkpoints, trace, plan.inputs(), plan.subs());
  }

  /** Where checkpoints go by default: a folder beside the results, {@code <out>.checkpoint}. */
  public static Path defaultCheckpoint(Path out) {
    Path name = out.toAbsolutePath().normalize().getFileName();
    return out.resolveSibling((name == null ? "out" : name.toString()) + ".checkpoint");
  }

  /** The names of the engines that train programs of {@code kind}, the default first. */
  public static List<String> engines(ProgramKind kind) {
    return Targets.engines(kind);
  }

  /**
   * The threads a training on a dataset uses unless told otherwise: the machine's cores. Results
   * do not depend on it, so it is not recorded in a checkpoint.
   */
  public static int defaultThreads() {
    return Math.max(1, Math.min(DatasetTrainingRun.MAX_THREADS, Runtime.getRuntime().availableProcessors()));
  }

  /** Whether this JVM has the Vector API, which the dense kernels use unless told otherwise. */
  public static boolean vectorAvailable() {
    return brainc.codegen.tensor.JvmTensorExecutor.vectorAvailable();
  }

  /** A short reason for an I/O failure, as a person reads it. */
  public static String reason(IOException e) {
    return TrainOutputs.reason(e);
  }

  /** The message that refuses a resume under changed settings. */
  static String refusal(Path checkpoint, List<String> differences) {
    return "cannot resume from " + checkpoint + ": it was written under other settings, and resuming would mix two "
        + "different runs:\n    " + String.join("\n    ", differences)
        + "\n  run with the checkpoint's settings, or start afresh without --resume";
  }

  /** The schedule setting as text, its arguments named and folded (for the record). */
  static String scheduleText(TrainSpec t) {
    for (Setting s : t.settings()) {
      if (s.name().equals("schedule")) return callText("schedule", s.value());
    }
    return "constant()";
  }

  /** The optimizer setting as text, its arguments named and folded (for the record). */
  static String optimizerText(TrainSpec t) {
    for (Setting s : t.settings()) {
      if (s.name().equals("optimizer") && s.value() instanceof Call c) return callText("optimizer", c);
    }
    return "adam()";
  }

  /**
   * A constructor call of a catalog family as text, its arguments named and folded, e.g.
   * {@code adam(lr = 0.02, beta1 = 0.9, ...)}; names come from the catalog, in its order.
   */
  static String callText(String family, Expr e) {
    if (!(e instanceof Call c)) return String.valueOf(ConstantFolding.fold(e) instanceof Const k ? k.value() : e);
    List<String> names = Catalog.lookup(family, c.function()).map(Signature::paramNames).orElse(List.of());
    List<String> args = new ArrayList<>();
    for (int i = 0; i < c.args().size(); i++) {
      Expr v = ConstantFolding.fold(c.args().get(i));
      String text = v instanceof Const k ? fmt(k.value()) : v instanceof Ref r ? r.name()
          : v instanceof BoolConst b ? Boolean.toString(b.value()) : String.valueOf(v);
      args.add(i < names.size() ? names.get(i) + " = " + text : text);
    }
    return c.function() + "(" + String.join(", ", args) + ")";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
