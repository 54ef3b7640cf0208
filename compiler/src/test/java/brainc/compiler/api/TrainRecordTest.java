package brainc.compiler.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The record of a training run's settings: text round trip and the differences named field by field. */
class TrainRecordTest {
  @Test
  void theTextReadsBackToTheSameFieldsEvenWithLineBreaksInAValue() {
    TrainRecord r = new TrainRecord().put("model", "abc").put("statement", "train N\non dataset d").put("batch", 16);
    assertEquals(r.fields(), TrainRecord.parse(r.text()).fields());
  }

  @Test
  void differencesNameEachFieldWithItsOldAndNewValue() {
    TrainRecord old = new TrainRecord().put("seed", 5).put("batch", 16).put("epochs", 4);
    TrainRecord now = new TrainRecord().put("seed", 5).put("batch", 8).put("limit", 30);
    assertEquals(List.of("batch: 16 in the checkpoint, 8 now", "limit: not recorded in the checkpoint, 30 now",
        "epochs: 4 in the checkpoint, not set now"), old.differences(now));
    assertEquals(List.of(), old.differences(TrainRecord.parse(old.text())));
  }

  @Test
  void theModelHashSeesEveryByteAndTheSplitBetweenTexts() {
    assertNotEquals(Fingerprints.sha256(List.of("ab", "c")), Fingerprints.sha256(List.of("a", "bc")));
    assertNotEquals(Fingerprints.sha256(List.of("x = 1")), Fingerprints.sha256(List.of("x = 1 ")));
  }
}
