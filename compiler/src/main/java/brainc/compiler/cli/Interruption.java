package brainc.compiler.cli;

/**
 * Ctrl-C (SIGINT) during training: the first one asks the trainer to stop at the next batch or
 * episode, so that it ends with a message naming the last complete checkpoint and exit code
 * {@link ExitCode#INTERRUPTED}, the results folder left as it was (a partial set is never
 * published); a second one ends the process at once (checkpoints are written atomically, so the
 * last complete one is still whole). Where the JVM offers no signal handling, Ctrl-C ends the
 * process as it always does, which loses nothing either.
 */
final class Interruption implements AutoCloseable {
  private volatile boolean requested;
  private final Object previous;
  private final Object signal;

  private Interruption(Object signal, Object previous) {
    this.signal = signal;
    this.previous = previous;
  }

  /** Handles SIGINT until {@link #close()}. */
  static Interruption install() {
    Interruption[] self = new Interruption[1];
    try {
      sun.misc.Signal sig = new sun.misc.Signal("INT");
      sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, s -> {
        if (self[0].requested) Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
        self[0].requested = true;
        System.err.println("brainc: stopping after the current batch or episode (Ctrl-C again to stop at once)");
      });
      self[0] = new Interruption(sig, old);
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      self[0] = new Interruption(null, null);
    }
    return self[0];
  }

  /** For tests: asks the trainer to stop, as Ctrl-C does. */
  void request() {
    requested = true;
  }

  boolean requested() {
    return requested;
  }

  @Override
  public void close() {
    if (signal != null) sun.misc.Signal.handle((sun.misc.Signal) signal, (sun.misc.SignalHandler) previous);
  }
}
