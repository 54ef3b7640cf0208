package brainc.compiler.passes;

import brainc.ir.diag.Code;
import brainc.ir.model.Origin;
import java.util.Optional;

/**
 * A construct that checks but that a lowering cannot translate yet (W1021 cannot-run-yet, W1020
 * cannot-train-yet, or a more precise code). {@link RunLegality} (for a run) and {@link
 * TrainLegality} (for a training on a dataset) find the same construct on the model IR before
 * any lowering and report it with this type's code and place, so the lowerings' own refusals are
 * never expected. It never leaves this package:
 * the public lowerings ({@link Pipeline#compile}, {@link TrainPipeline#compile}) take only input
 * the checks passed, so one escaping them is a compiler bug, an {@link IllegalStateException}.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Code code;
  private final transient Origin origin;

  Refusal(String message) {
    this(Code.W1021, null, message);
  }

  Refusal(Code code, Origin origin, String message) {
    super(message);
    this.code = code;
    this.origin = origin;
  }

  Code code() {
    return code;
  }

  /** The construct of the user's model that cannot be lowered, when known. */
  Optional<Origin> origin() {
    return Optional.ofNullable(origin);
  }

  /** This refusal placed at {@code where}, unless it already has a place. */
  Refusal at(Origin where) {
    if (origin != null || where == null) return this;
    Refusal e = new Refusal(code, where, getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** What a public lowering throws when a refusal reaches it: the checker that runs first missed it. */
  IllegalStateException unchecked() {
    return new IllegalStateException("a refusal the checks before lowering did not report: " + code
        + (origin == null ? "" : " at " + origin.span()) + ": " + getMessage(), this);
  }
}
