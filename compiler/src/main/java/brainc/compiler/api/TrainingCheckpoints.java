package brainc.compiler.api;

import brainc.runtime.io.NpzFile;
import brainc.runtime.io.Snapshot;
import brainc.runtime.io.SnapshotException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading a training's checkpoint, a {@link Snapshot} file, for {@code --resume}: every refusal
 * is a {@link TrainingException} saying why, and a checkpoint written by an older brainc (before
 * snapshots: a {@code .npz} with a {@code meta} entry, or a {@code state/} folder with
 * {@code checkpoint.properties}) is named as such.
 */
final class TrainingCheckpoints {
  private TrainingCheckpoints() {}

  /** The record of the settings a snapshot was written under (its text `record`). */
  static final String RECORD = "record";

  /** The snapshot in {@code file}, of {@code kind}. */
  static Snapshot read(Path file, String kind) {
    if (!Files.isRegularFile(file)) throw new TrainingException("cannot resume: no checkpoint at " + file);
    try {
      Snapshot s = Snapshot.read(file);
      if (!s.kind().equals(kind)) {
        throw new TrainingException("cannot resume: " + file + " is the snapshot of a " + s.kind() + ", not of a " + kind
            + "; give the checkpoint folder of this statement's training (--checkpoint DIR)");
      }
      if (!s.texts().containsKey(RECORD)) {
        throw new TrainingException("cannot resume: " + file + " does not record the settings it was written under");
      }
      return s;
    } catch (SnapshotException e) {
      if (olderFormat(file)) throw older(file);
      throw new TrainingException("cannot resume: " + e.getMessage());
    } catch (IOException e) {
      throw new TrainingException("cannot resume: " + TrainOutputs.reason(e));
    }
  }

  /** The refusal of a checkpoint in the format brainc wrote before snapshots. */
  static TrainingException older(Path where) {
    return new TrainingException("cannot resume: the checkpoint " + where + " was written by an older brainc, in a "
        + "format this one no longer reads; start afresh without --resume (it will be replaced)");
  }

  /** Whether {@code file} is a dataset checkpoint of the format before snapshots (a `meta` entry, no header). */
  private static boolean olderFormat(Path file) {
    try {
      var entries = NpzFile.read(file);
      return entries.containsKey("meta") && !entries.containsKey("brainc.snapshot");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code s} with the record of the settings it was written under. */
  static Snapshot withRecord(Snapshot s, TrainRecord record) {
    Snapshot.Builder b = Snapshot.builder(s.kind());
    try {
      for (String name : s.arrayNames()) b.put(name, s.array(name));
    } catch (SnapshotException e) {
      throw new IllegalStateException("a snapshot lost an array it lists", e);
    }
    s.counters().forEach(b::counter);
    s.texts().forEach(b::text);
    return b.text(RECORD, record.text()).build();
  }

  /** A record's text kept in a snapshot. */
  static String record(Snapshot s) {
    try {
      return s.text(RECORD);
    } catch (SnapshotException e) {
      throw new TrainingException("cannot resume: " + e.getMessage());
    }
  }
}
