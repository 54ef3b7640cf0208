package brainc.compiler.schedule;

import brainc.ir.diag.Code;
import brainc.ir.model.Origin;
import java.util.Optional;

/**
 * A construct that checks but that the execution backends do not run yet. It carries a code
 * (W1021 cannot-run-yet unless a more precise one applies) and, once the scheduler knows it, the origin of the
 * network construct that needs it, so that `brainc check` reports it as a diagnostic at that
 * construct and `brainc run` as the same diagnostic, never a stack trace.
 */
public final class UnsupportedModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Code code;
  private final transient Origin origin;

  public UnsupportedModelException(String message) {
    this(Code.W1021, null, message);
  }

  public UnsupportedModelException(Code code, Origin origin, String message) {
    super(message);
    this.code = code;
    this.origin = origin;
  }

  public Code code() {
    return code;
  }

  /** The construct of the user's model that cannot run, when known. */
  public Optional<Origin> origin() {
    return Optional.ofNullable(origin);
  }

  /** This exception placed at {@code where}, unless it already has a place. */
  public UnsupportedModelException at(Origin where) {
    if (origin != null || where == null) return this;
    UnsupportedModelException e = new UnsupportedModelException(code, where, getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
