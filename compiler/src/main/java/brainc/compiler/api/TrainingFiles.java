package brainc.compiler.api;

import brainc.runtime.io.ResultFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Where one `train` statement's results and checkpoint go, and what identifies its run.
 *
 * @param folder the results folder, staged until the caller commits it whole
 * @param sub the statement's sub-folder of the results and the checkpoint ("" for a model's only statement)
 * @param target where the results folder will be once committed (for messages)
 * @param checkpoint the statement's checkpoint folder
 * @param modelHash the SHA-256 of the model's sources ({@link Trainings.Plan#modelHash()})
 * @param index the statement's position among the model's `train` statements
 * @param stop asked between batches and episodes: true stops the training with {@link TrainingStopped}
 */
public record TrainingFiles(ResultFolder folder, String sub, Path target, Path checkpoint, String modelHash, int index,
    BooleanSupplier stop) {
  /** A result file, staged until the whole folder is committed. */
  Path file(String name) throws IOException {
    return folder.file(sub.isEmpty() ? name : sub + "/" + name);
  }

  /** Where a result file will be once committed (for messages). */
  public Path shown(String name) {
    return sub.isEmpty() ? target.resolve(name) : target.resolve(sub).resolve(name);
  }
}
