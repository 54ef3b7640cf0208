package brainc.compiler.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides the result of a training run, as named fields in a fixed order: the
 * model text (a SHA-256 over every source file), the statement, every setting and flag that
 * changes the numbers (seed, batch, limits, optimizer, schedule, ...) and the identity of the
 * data (each file's name, size and SHA-256). A checkpoint stores it; {@code --resume} compares
 * the stored record with the new run's and refuses, naming every field that differs, old and
 * new.
 *
 * <p>Flags that cannot change the numbers ({@code --threads}, {@code --backend}, {@code
 * --no-vector}, {@code --quiet}, {@code --trace}, {@code --checkpoint-every}) are not recorded,
 * so a run may resume with another thread count. The number of epochs (or episodes) is recorded
 * only when the schedule depends on it (cosine decays): a constant or step schedule may run
 * longer than first planned and still end where one long run ends.
 *
 * <pre>{@code
 * model       = 3f2a...c1   (SHA-256 of the sources)
 * statement   = train Halves on dataset fashion_mnist
 * batch       = 16
 * }</pre>
 */
// Also what a detect checkpoint's run.txt is compared by (DetectCheckpoint): one way to say
// which settings differ between a checkpoint and the run that would resume it.
final class TrainRecord {
  private final Map<String, String> fields = new LinkedHashMap<>();

  TrainRecord put(String name, Object value) {
    fields.put(name, String.valueOf(value));
    return this;
  }

  Map<String, String> fields() {
    return Map.copyOf(fields);
  }

  /** {@code name=value} lines (values never hold line breaks: they are escaped). */
  String text() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
    return b.toString();
  }

  static TrainRecord parse(String text) {
    TrainRecord r = new TrainRecord();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      r.fields.put(line.substring(0, eq), line.substring(eq + 1).replace("\\n", "\n").replace("\\\\", "\\"));
    }
    return r;
  }

  /**
   * The differences between a checkpoint's record ({@code this}) and the new run's, one line
   * per field: {@code batch: 16 in the checkpoint, 32 now}; empty when they agree.
   */
  List<String> differences(TrainRecord now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : now.fields.entrySet()) {
      String old = fields.get(e.getKey());
      if (old == null) {
        out.add(e.getKey() + ": not recorded in the checkpoint, " + e.getValue() + " now");
      } else if (!old.equals(e.getValue())) {
        out.add(e.getKey() + ": " + old + " in the checkpoint, " + e.getValue() + " now");
      }
    }
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (!now.fields.containsKey(e.getKey())) out.add(e.getKey() + ": " + e.getValue() + " in the checkpoint, not set now");
    }
    return out;
  }
}
