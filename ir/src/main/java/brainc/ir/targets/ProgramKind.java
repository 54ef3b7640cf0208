package brainc.ir.targets;

/** What an engine or a target reads: the IR its statement is lowered to. */
public enum ProgramKind {
  /** The kernel IR: a spiking network stepped in time (`run`, `train ... in environment`). */
  KERNEL("kernel IR", "spiking networks stepped in time: run, train ... in environment"),
  /** The training (tensor) IR: a network differentiated through time (`train ... on dataset`). */
  TENSOR("tensor IR", "layers over batches, differentiated through time: train ... on dataset"),
  /** An HTM region's settings, resolved against its stream (`detect`). */
  REGION("HTM region", "HTM regions scoring record streams: detect"),
  /** The model IR itself: what an artifact target emits files from (`compile --target`). */
  MODEL("model IR", "the checked model: compile --target, verify");

  private final String title;
  private final String summary;

  ProgramKind(String title, String summary) {
    this.title = title;
    this.summary = summary;
  }

  public String title() {
    return title;
  }

  public String summary() {
    return summary;
  }
}
