package brainc.compiler.api;

/**
 * A free parameter asked for that the model cannot leave free ({@link Runs#prepare}), or a value
 * given to an instance for a name that is not one of the prepared run's free parameters ({@link
 * PreparedRun#instantiate(long, java.util.Map)}); the message says which and why.
 */
public final class ParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ParameterException(String message) {
    super(message);
  }
}
